"""The introduction figures of the dashboard and the yearly report: per municipality of hire and for the
region, new hires, share with a plan, share with part 1 within four months, median days to part 1 and
share on track for part 2. A share or median over fewer people than the survey results' minimum group
is not shown (the same rule as the follow-up results), so no figure points out a person."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.text import percent
from followup.selectors import TOO_FEW, min_group_size
from introduction.selectors import municipality_figures

if TYPE_CHECKING:
    from municipalities.models import Municipality


def _share(part: int, whole: int) -> str:
    if whole < min_group_size():
        return str(TOO_FEW)
    return percent(100 * part / whole)


def _median(value: float | None, count: int) -> str:
    if count < min_group_size() or value is None:
        return str(TOO_FEW) if count < min_group_size() else "–"
    return number_format(round(value))


def _row(name: str, figures: Mapping[str, object]) -> list[object]:
    return [
        name,
        figures["hires"],
        _share(figures["with_plan"], figures["hires"]),
        _share(figures["part1_in_time"], figures["part1_due"]),
        _median(figures["median_days_to_part1"], figures["part1_due"]),
        _share(figures["part2_on_track"], figures["part2_counted"]),
    ]


def introduction_table(
    year: int,
    municipality: Municipality | None = None,
    today: datetime.date | None = None,
    municipalities: Iterable[Municipality] | None = None,
) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) for the year; only that municipality's row when one is given. `municipalities`
    (all of them) saves reading the names again."""
    figures = municipality_figures(year, today, municipalities=municipalities)
    headers = [
        _("Kommun"),
        _("Nyanställda"),
        _("Andel med introduktionsplan"),
        _("Andel klara med del 1 inom fyra månader"),
        _("Median dagar till del 1"),
        _("Andel i fas med del 2"),
    ]
    rows = [
        _row(row["municipality"].name, row)
        for row in figures["rows"]
        if municipality is None or row["municipality"].pk == municipality.pk
    ]
    if municipality is None:
        rows.append(_row(_("Hela regionen"), figures["region"]))
    return headers, rows
