"""The introduction's rules as plain functions of plain values, tested directly: where the deadlines
fall, when a newcomer is at risk, which courses a starting point proposes, and what counts as done."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.workdays import workday_on_or_after

# The manager is warned this many days before a part's deadline when no booking can complete it.
RISK_WARNING_DAYS = 42


def add_months(date: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the target month lacks becomes its last day (31 Oct + 4 →
    28 or 29 Feb)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def introduction_start(
    employments: Iterable[tuple[datetime.date, datetime.date | None, bool]],
) -> datetime.date | None:
    """The first day of the introduction: the start of the unbroken chain of employments that ends in
    the latest one (a move to another municipality continues the chain, a gap starts a new one),
    moved to the first working day when the contract starts on a weekend or holiday.

    `employments` are (starts_on, ends_on or None, is_move) in any order; None without any.
    """
    chain = sorted(employments)
    if not chain:
        return None
    start = chain[-1][0]
    for previous, following in zip(reversed(chain[:-1]), reversed(chain[1:]), strict=True):
        ended = previous[1]
        if following[2] and ended is not None and (following[0] - ended).days <= 1:
            start = previous[0]
        else:
            break
    return workday_on_or_after(start)


def part_deadline(start: datetime.date, due_months: int) -> datetime.date:
    """The last day by which a part must be done: `due_months` after the introduction starts."""
    return add_months(start, due_months)


@dataclass(frozen=True)
class PartProgress:
    number: int
    deadline: datetime.date
    expected_days: Decimal
    days_done: int
    course_ids: frozenset
    done_course_ids: frozenset
    completed_on: datetime.date | None  # when the last course of the part was done, if all are
    status: str  # "done", "done_late", "on_track", "at_risk", "overdue"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None

    @property
    def remaining_course_ids(self) -> frozenset:
        return self.course_ids - self.done_course_ids


def part_completed_on(
    course_ids: Collection[int], done_on: Mapping[int, datetime.date]
) -> datetime.date | None:
    """The day the part was completed (its last course done), or None while a course is missing.

    `done_on` maps course id → the date it was done (the earliest of course day and digital part).
    A part without courses is never complete: there is nothing to prove it."""
    if not course_ids or not set(course_ids) <= set(done_on):
        return None
    return max(done_on[course_id] for course_id in course_ids)


def part_status(
    *,
    deadline: datetime.date,
    today: datetime.date,
    completed_on: datetime.date | None,
    remaining_course_ids: Iterable[int],
    booked_in_time_course_ids: Iterable[int],
    warning_days: int = RISK_WARNING_DAYS,
) -> str:
    """done / done_late / overdue / at_risk / on_track for one part.

    At risk: the deadline is within `warning_days`, and some remaining course has no booking whose last
    course day falls on or before the deadline."""
    if completed_on is not None:
        return "done" if completed_on <= deadline else "done_late"
    if today > deadline:
        return "overdue"
    unbooked = set(remaining_course_ids) - set(booked_in_time_course_ids)
    if unbooked and (deadline - today).days <= warning_days:
        return "at_risk"
    return "on_track"


def on_track_for_part_two(
    *,
    start: datetime.date,
    deadline: datetime.date,
    today: datetime.date,
    days_done: int,
    expected_days: Decimal | int,
    completed_on: datetime.date | None,
) -> bool:
    """Part 2 is on track when done in time, or when not late and the days done keep pace with the
    time passed (pro rata over the part's period, with a grace of one course day)."""
    if completed_on is not None:
        return completed_on <= deadline
    if today > deadline:
        return False
    period = max((deadline - start).days, 1)
    passed = min(max((today - start).days, 0), period)
    return Decimal(days_done) + 1 >= Decimal(expected_days) * passed / period


def proposed_course_ids(
    *, step_course_ids: Iterable[int], proposal_course_ids: Iterable[int] | None
) -> list[int]:
    """The courses a new plan proposes: the project leader's proposal for the step and starting point
    when there is one, otherwise every published course of the step."""
    if proposal_course_ids is not None:
        return list(proposal_course_ids)
    return list(step_course_ids)


def median(values: Iterable[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2
