"""The answer scales of the follow-up plan (seed 004 part B) and which answers count towards a target.

Kept in code, not in the database: what counts as "ja i någon utsträckning" or "nöjd" is the plan's
definition, and every result must use the same one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    counts: bool = False  # meets the target ("ja i någon utsträckning", "nöjd/mycket nöjd")
    excluded: bool = False  # shown, but left out of the share ("Vet inte")


USEFULNESS = "usefulness"
SATISFACTION = "satisfaction"
YES_NO = "yes_no"

SCALES = {
    USEFULNESS: (
        Option("high", _("Ja, i hög grad"), counts=True),
        Option("some", _("Ja, i viss mån"), counts=True),
        Option("no", _("Nej, inte alls")),
        Option("dont_know", _("Vet inte"), excluded=True),
    ),
    SATISFACTION: (
        Option("very_satisfied", _("Mycket nöjd"), counts=True),
        Option("satisfied", _("Nöjd"), counts=True),
        Option("neutral", _("Varken nöjd eller missnöjd")),
        Option("dissatisfied", _("Missnöjd")),
        Option("very_dissatisfied", _("Mycket missnöjd")),
    ),
    YES_NO: (
        Option("yes", _("Ja"), counts=True),
        Option("no", _("Nej")),
    ),
}

SCALE_CHOICES = [
    (USEFULNESS, _("Nytta (Ja, i hög grad … Vet inte)")),
    (SATISFACTION, _("Nöjdhet (Mycket nöjd … Mycket missnöjd)")),
]


def options_for(scale: str) -> tuple[Option, ...]:
    return SCALES.get(scale, ())


def target_share(counts_by_value: Mapping[str, int], scale: str) -> tuple[float | None, int, int]:
    """Share in percent of the answers that count, leaving out the excluded ones ("Vet inte").

    Returns (share or None when no answer is left, counted answers, answers in the denominator).
    """
    options = options_for(scale)
    counted = sum(counts_by_value.get(o.value, 0) for o in options if o.counts)
    denominator = sum(counts_by_value.get(o.value, 0) for o in options if not o.excluded)
    if denominator == 0:
        return None, counted, 0
    return round(100 * counted / denominator, 1), counted, denominator
