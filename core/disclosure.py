"""Small-group suppression that survives subtraction: which groups of people may be shown.

The rule (explained for users in the README, "Anonymity of survey results"):

1. Everyone counted is described by the attributes a reader can filter on (for the surveys:
   municipality, respondent role, step, course). People with the same attributes form an *atom*;
   no filter can tell them apart.
2. Atoms are joined into *blocks* of at least `minimum` people: an atom that is large enough is a
   block of its own; a smaller one is merged with the block it shares the most attributes with
   (municipality first, then role, step, course), the smallest such block first, until every block
   has at least `minimum` people (when everybody together is fewer, they are one block and nothing
   is shown).
3. A group (any combination of filters) is shown only if it takes every block either whole or not
   at all.

Why this cannot be subtracted: every number shown is a sum over whole blocks, so every difference,
sum or other combination of shown numbers is also a sum over whole blocks, and a block holds at
least `minimum` people. Whatever a reader combines, they learn at most something about a group of
`minimum` or more. The same holds for lists of free text (a list is a sum of one-comment lists).
Showing fewer groups than the rule allows (a question with few answers hidden as well) never breaks
it. `tests/followup/test_suppression_properties.py` generates data and filters and tries the attack.

Pure functions without the ORM, so that any app (surveys, introduction figures) applies the same rule
to its own records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Blocks(list):
    """The blocks of one population (frozensets of atoms) with the number of people in each."""

    def __init__(self, blocks: Iterable[frozenset[tuple]] = (), sizes: Iterable[int] = ()) -> None:
        super().__init__(blocks)
        self.sizes = list(sizes)


def _common(atoms: Iterable[tuple]) -> dict[int, object]:
    """The attributes (index → value) all `atoms` share."""
    first, *rest = atoms
    return {i: v for i, v in enumerate(first) if all(a[i] == v for a in rest)}


def suppression_blocks(counts: Mapping[tuple, int], minimum: int) -> Blocks:
    """Join the atoms into blocks of at least `minimum` people (rule step 2).

    `counts` maps each atom (a tuple of attribute values, the same positions for everyone, most
    important attribute first; None is a value like any other) to its number of people. When
    everybody together is fewer than `minimum`, the result is one block that is too small.
    """
    counts = {tuple(a): n for a, n in counts.items() if n > 0}
    if not counts:
        return Blocks()
    width = len(next(iter(counts)))
    weights = [2 ** (width - i) for i in range(width)]  # earlier attributes are kept first
    blocks = [[frozenset([atom]), n, dict(enumerate(atom))] for atom, n in counts.items()]
    while len(blocks) > 1:
        small = [b for b in blocks if b[1] < minimum]
        if not small:
            break
        # The smallest block first; ties broken by its atoms so that the result is deterministic.
        target = min(small, key=lambda b: (b[1], sorted(map(repr, b[0]))))
        best, best_key = None, None
        for other in blocks:
            if other is target:
                continue
            shared = [i for i, v in target[2].items() if i in other[2] and other[2][i] == v]
            key = (-sum(weights[i] for i in shared), other[1], sorted(map(repr, other[0])))
            if best_key is None or key < best_key:
                best, best_key = other, key
        blocks.remove(target)
        best[0] = best[0] | target[0]
        best[1] += target[1]
        best[2] = _common(best[0])
    return Blocks([b[0] for b in blocks], [b[1] for b in blocks])


def publishable(blocks: Blocks, cell: Mapping[int, object], minimum: int) -> bool:
    """May the group `cell` (attribute index → required value) be shown? Rule step 3.

    True when the group takes every block whole or not at all, takes at least one, and every block
    holds at least `minimum` people (an empty group, or a population too small as a whole, is not shown).
    """
    if not blocks or min(blocks.sizes) < minimum:
        return False
    taken = False
    for block in blocks:
        inside = {all(atom[i] == v for i, v in cell.items()) for atom in block}
        if len(inside) > 1:
            return False
        taken = taken or True in inside
    return taken
