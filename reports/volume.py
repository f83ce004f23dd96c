"""Volume planning: from expected new hires per month to the occasions of part 1 needed per month.

`occasions_needed` is the one rule, a plain function of plain values (no database): every hire must be
able to take part 1 within `window_months` of starting (seed 002: the first four months), no course days
are held in the summer break, and an occasion takes at most `capacity` people. Part 1's course and its
capacity are parameters, so the function does not depend on where the introduction data lives.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Iterable, Mapping
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
        """The last month in the hire's window in which course days are held."""
        window = [add_months(start, n) for n in range(window_months)]
        allowed = [m for m in window if m.month not in summer_months]
        if not allowed:
            raise ValueError(f"no month outside the summer break within {window_months} months of {start}")
        return allowed[-1]

    waiting = []  # [deadline, started, people], kept sorted by deadline
    plan = []
    for month in months:
        count = int(hires.get(month, 0))
        if count:
            waiting.append([deadline(month), month, count])
            waiting.sort()
        occasions = used = 0
        if month in open_months:
            due = sum(people for last_chance, _start, people in waiting if last_chance == month)
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


def shortfall(
    plan: Iterable[MonthPlan], planned_places: Mapping[datetime.date, int]
) -> dict[datetime.date, int]:
    """{month: places missing} where the occasions planned (`planned_places`: {month: places of part 1
    already planned}) hold fewer places than the plan needs in that month."""
    missing = {}
    for row in plan:
        gap = row.places_used - planned_places.get(row.month, 0)
        if gap > 0:
            missing[row.month] = gap
    return missing
