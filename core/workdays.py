"""Working days: weekdays that are not a Swedish public holiday with a fixed date.

Used where the portal makes up course days itself (the demo data), so that none falls on a weekend
or at Christmas and New Year. Julafton and nyårsafton are not public holidays by law, but nobody
holds a course then. Holidays that move with Easter or fall on a weekday between two dates
(långfredag, Kristi himmelsfärd, midsommarafton, alla helgons dag) are not known here: a real
occasion's dates are chosen by a person.
"""

from __future__ import annotations

import datetime

FIXED_HOLIDAYS = {
    (1, 1),  # nyårsdagen
    (1, 6),  # trettondedag jul
    (5, 1),  # första maj
    (6, 6),  # Sveriges nationaldag
    (12, 24),  # julafton
    (12, 25),  # juldagen
    (12, 26),  # annandag jul
    (12, 31),  # nyårsafton
}


def is_workday(date: datetime.date) -> bool:
    return date.weekday() < 5 and (date.month, date.day) not in FIXED_HOLIDAYS


def workday_on_or_after(date: datetime.date) -> datetime.date:
    while not is_workday(date):
        date += datetime.timedelta(days=1)
    return date


def workdays(first: datetime.date, count: int) -> list[datetime.date]:
    """`count` working days in a row, from the first working day on or after `first`."""
    days = [workday_on_or_after(first)]
    while len(days) < count:
        days.append(workday_on_or_after(days[-1] + datetime.timedelta(days=1)))
    return days[:count]
