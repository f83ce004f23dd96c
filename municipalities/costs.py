"""The yearly cost split: how a regional budget becomes exact amounts in öre per municipality.

Rounding rule (largest-remainder method, also called Hamilton's method), explained on the page:
amounts are computed in whole öre. Each municipality first gets the fixed base, then its exact
population share of the rest of the budget, rounded *down* to whole öre. The öre left over
(always fewer than the number of municipalities) go one each to the municipalities whose share
lost the most in rounding down; ties go to the larger population, then the lower kommunkod. The
regional amounts therefore add up to the budget exactly, and no amount is more than one öre away
from its exact share.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ORE = Decimal("0.01")


def to_ore(amount: Decimal | int | str) -> int:
    """Kronor as Decimal → whole öre (int); refuses amounts with fractions of an öre."""
    ore = Decimal(amount) * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"{amount} har bråkdelar av öre")
    return int(ore)


def to_kronor(ore: int) -> Decimal:
    return (Decimal(ore) / 100).quantize(ORE)


def split_by_largest_remainder(
    total: int, weights: Sequence[int], tiebreak: Sequence[str] | Sequence[int] | None = None
) -> list[int]:
    """Split the integer `total` in proportion to `weights` so that the parts sum to `total` exactly.

    Each part is the exact quota rounded down; the remaining units go to the largest fractional
    remainders (ties: larger weight, then lower position in `tiebreak`, default the list order).
    With all weights zero the total is split equally.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    count = len(weights)
    if count == 0:
        return []
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights, weight_sum = [1] * count, count
    quotas = [Fraction(total * w, weight_sum) for w in weights]
    parts = [q.numerator // q.denominator for q in quotas]
    leftover = total - sum(parts)
    tiebreak = tiebreak or list(range(count))
    order = sorted(range(count), key=lambda i: (-(quotas[i] - parts[i]), -weights[i], tiebreak[i]))
    for i in order[:leftover]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class CostRow:
    code: str
    name: str
    population: int
    population_date: object
    share_percent: Decimal
    regional: Decimal
    national: Decimal

    @property
    def total(self) -> Decimal:
        return self.regional + self.national


def compute_cost_split(
    budget: Decimal,
    base_per_municipality: Decimal,
    fee_per_inhabitant: Decimal,
    municipalities: Iterable[tuple[str, str, int, datetime.date | None]],
) -> list[CostRow]:
    """Rows for (code, name, population, population_date) tuples; regional amounts sum to `budget`.

    Raises ValueError when the fixed bases alone exceed the budget.
    """
    municipalities = list(municipalities)
    budget_ore, base_ore = to_ore(budget), to_ore(base_per_municipality)
    rest = budget_ore - base_ore * len(municipalities)
    if rest < 0:
        raise ValueError("Grundbeloppen är större än budgeten.")
    populations = [m[2] for m in municipalities]
    shares = split_by_largest_remainder(rest, populations, tiebreak=[m[0] for m in municipalities])
    total_population = sum(populations)
    rows = []
    for (code, name, population, date), share in zip(municipalities, shares, strict=False):
        percent = (
            (Decimal(population) * 100 / total_population).quantize(ORE, ROUND_HALF_UP)
            if total_population
            else Decimal("0.00")
        )
        rows.append(
            CostRow(
                code=code,
                name=name,
                population=population,
                population_date=date,
                share_percent=percent,
                regional=to_kronor(base_ore + share),
                national=(Decimal(population) * Decimal(fee_per_inhabitant)).quantize(ORE, ROUND_HALF_UP),
            )
        )
    return rows
