"""Volume planning: from expected new hires per month to the occasions of part 1 needed per month.

`occasions_needed` is the one rule, a plain function of plain values (no database): every hire must be
able to take part 1 within `window_months` of starting (seed 002: the first four months), no course days
are held in the summer break, and an occasion takes at most `capacity` people. Part 1's course and its
capacity are parameters, so the function does not depend on where the introduction data lives.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MonthPlan:
    month: datetime.date  # the first of the month
    hires: int  # expected to start this month
    occasions: int  # occasions of part 1 needed this month
    places_used: int  # people taking part 1 in those occasions


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def spread_over_months(total: int, weights: Sequence[int] = (1,) * 12) -> list[int]:
    """A yearly (or quarterly) figure as whole people per month, in proportion to `weights` (one per month,
    evenly by default) and as evenly as whole people allow: 5 a year is one every other month or so,
    never five in January. The months add up to `total`."""
    whole, cumulative, running = sum(weights), [0], 0
    for weight in weights:
        running += weight
        cumulative.append((2 * total * running + whole) // (2 * whole))
    return [cumulative[n + 1] - cumulative[n] for n in range(len(weights))]


def occasions_needed(
    hires: Mapping[datetime.date, int],
    *,
    capacity: int,
    summer_months: Collection[int] = (6, 7, 8),
    window_months: int = 4,
) -> list[MonthPlan]:
    """The fewest occasions, month by month, so that every expected hire can take part 1 in time.

    `hires`: {first of a month: expected new hires}. A hire who starts in month M can take an occasion in
    M or any of the next `window_months - 1` months that is not a summer month. Occasions are opened as
    late as each hire's last chance allows and filled with those whose last chance comes first (earliest
    deadline first), which gives the smallest number of occasions. Months after the last hire are added as
    long as someone may still be placed in them. Raises ValueError when a hire has no month to go to (a
    window entirely inside the summer break) or on a capacity below one.
    """
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    if not hires:
        return []
    first, last = min(hires), max(hires)
    months, month = [], first
    while month <= add_months(last, window_months - 1):
        months.append(month)
        month = add_months(month, 1)
    open_months = [m for m in months if m.month not in summer_months]

    def deadline(start: datetime.date) -> datetime.date:
        return last_chance(start, summer_months=summer_months, window_months=window_months)

    waiting = []  # [deadline, started, people], kept sorted by deadline
    plan = []
    for month in months:
        count = int(hires.get(month, 0))
        if count:
            waiting.append([deadline(month), month, count])
            waiting.sort()
        occasions = used = 0
        if month in open_months:
            due = sum(people for chance, _start, people in waiting if chance == month)
            if due:
                occasions = math.ceil(due / capacity)
                seats = occasions * capacity
                # Fill the occasions opened for those who are due with whoever's last chance comes next.
                for entry in waiting:
                    take = min(entry[2], seats - used)
                    entry[2] -= take
                    used += take
                    if used == seats:
                        break
                waiting = [entry for entry in waiting if entry[2]]
        plan.append(MonthPlan(month=month, hires=count, occasions=occasions, places_used=used))
    return plan


def last_chance(start: datetime.date, *, summer_months: Collection[int], window_months: int) -> datetime.date:
    """The last month within `window_months` of `start` in which course days are held."""
    allowed = [
        m for m in (add_months(start, n) for n in range(window_months)) if m.month not in summer_months
    ]
    if not allowed:
        raise ValueError(f"no month outside the summer break within {window_months} months of {start}")
    return allowed[-1]


@dataclass(frozen=True)
class MonthComparison:
    month: datetime.date  # the first of the month
    hires: int  # expected to start this month (interest-list entries included)
    occasions_needed: int  # occasions the fewest-occasions plan opens this month
    places_needed: int  # people that plan places this month
    planned_occasions: int  # occasions already planned (their first day in this month)
    planned_places: int  # their places
    missing: int  # people whose last chance is this month and who have no planned place


def compare_with_planned(
    hires: Mapping[datetime.date, int],
    planned: Mapping[datetime.date, Iterable[int]],
    *,
    capacity: int,
    summer_months: Collection[int] = (6, 7, 8),
    window_months: int = 4,
) -> list[MonthComparison]:
    """Month by month: what `occasions_needed` says is needed beside what is planned, and the places
    missing.

    `hires`: {first of a month: expected new hires}; `planned`: {first of a month: [places of each
    occasion planned to start that month]}. A planned place in month M can take anyone who has started
    by M and whose last chance (`last_chance`) is not before M; the places are given month by month to
    those whose last chance comes first, which places as many people as any assignment could. Whoever is
    still without a place in their last-chance month is counted as `missing` in that month: that many
    places must be added in that month or before. Months run from the first hire or planned occasion to
    the last month anyone may still be placed or anything is planned.
    """
    hires = {month: int(count) for month, count in hires.items() if int(count)}
    planned = {month: list(places) for month, places in planned.items() if places}
    if not hires and not planned:
        return []
    plan = {
        row.month: row
        for row in occasions_needed(
            hires, capacity=capacity, summer_months=summer_months, window_months=window_months
        )
    }
    first = min([*hires, *planned])
    last = max([*planned, *plan])
    waiting = []  # [last chance, people], sorted by last chance
    rows, month = [], first
    while month <= last:
        if hires.get(month):
            waiting.append(
                [last_chance(month, summer_months=summer_months, window_months=window_months), hires[month]]
            )
            waiting.sort()
        places = sum(planned.get(month, ()))
        free = places
        for entry in waiting:
            take = min(entry[1], free)
            entry[1] -= take
            free -= take
            if not free:
                break
        missing = sum(people for chance, people in waiting if chance == month)
        waiting = [entry for entry in waiting if entry[1] and entry[0] != month]
        needed = plan.get(month)
        rows.append(
            MonthComparison(
                month=month,
                hires=hires.get(month, 0),
                occasions_needed=needed.occasions if needed else 0,
                places_needed=needed.places_used if needed else 0,
                planned_occasions=len(planned.get(month, ())),
                planned_places=places,
                missing=missing,
            )
        )
        month = add_months(month, 1)
    return rows


def shortfalls(rows: Iterable[MonthComparison]) -> list[tuple[datetime.date, int]]:
    """[(month, places missing)] of the months where planned places fall short, in order."""
    return [(row.month, row.missing) for row in rows if row.missing]
