"""The introduction's date and status rules, directly and as properties over many dates."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from core.workdays import is_workday
from introduction import rules

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))
D = datetime.date


def test_four_months_from_a_month_end_is_the_last_day_of_a_shorter_month():
    assert rules.add_months(D(2026, 10, 31), 4) == D(2027, 2, 28)
    assert rules.add_months(D(2027, 10, 31), 4) == D(2028, 2, 29)  # leap year
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_two_years_from_a_leap_day_is_the_28th_of_february():
    assert rules.add_months(D(2024, 2, 29), 24) == D(2026, 2, 28)
    assert rules.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)


@given(dates, st.integers(min_value=1, max_value=48))
def test_a_deadline_is_that_many_months_later_on_the_same_day_or_the_month_end(start, months):
    deadline = rules.part_deadline(start, months)
    assert (deadline.year - start.year) * 12 + deadline.month - start.month == months
    assert deadline.day == start.day or (
        deadline.day < start.day and (deadline + datetime.timedelta(days=1)).day == 1
    )


@given(dates, dates)
def test_a_later_start_never_gives_an_earlier_deadline(first, second):
    early, late = sorted([first, second])
    assert rules.part_deadline(early, 4) <= rules.part_deadline(late, 4)


@given(dates)
def test_four_months_are_between_119_and_123_days(start):
    assert 119 <= (rules.part_deadline(start, 4) - start).days <= 123


def test_a_start_on_a_weekend_counts_from_the_next_working_day():
    saturday = D(2026, 8, 1)
    assert saturday.weekday() == 5
    assert rules.introduction_start([(saturday, None, False)]) == D(2026, 8, 3)


@given(dates)
def test_the_introduction_starts_on_a_working_day_within_a_week(start):
    first = rules.introduction_start([(start, None, False)])
    assert is_workday(first) and 0 <= (first - start).days <= 7


@given(dates, st.integers(min_value=1, max_value=110))
def test_a_move_in_the_middle_of_part_one_keeps_the_deadline(start, days_in):
    moved_on = start + datetime.timedelta(days=days_in)
    alone = rules.introduction_start([(start, None, False)])
    chain = rules.introduction_start(
        [(moved_on, None, True), (start, moved_on - datetime.timedelta(days=1), False)]
    )
    assert chain == alone
    assert rules.part_deadline(chain, 4) == rules.part_deadline(alone, 4)


def test_a_new_hire_after_a_gap_starts_again():
    old = (D(2024, 1, 8), D(2024, 6, 30), False)
    assert rules.introduction_start([old, (D(2026, 3, 2), None, False)]) == D(2026, 3, 2)
    # a "move" after a gap is a new start too
    assert rules.introduction_start([old, (D(2026, 3, 2), None, True)]) == D(2026, 3, 2)


def test_no_employment_no_start():
    assert rules.introduction_start([]) is None


def status(**kwargs):
    values = {
        "deadline": D(2026, 6, 1),
        "today": D(2026, 3, 1),
        "completed_on": None,
        "remaining_course_ids": {1, 2},
        "booked_in_time_course_ids": set(),
    }
    return rules.part_status(**{**values, **kwargs})


def test_part_status():
    assert status() == "on_track"  # three months left
    assert status(today=D(2026, 4, 25)) == "at_risk"  # five weeks left, nothing booked
    assert status(today=D(2026, 4, 25), booked_in_time_course_ids={1, 2}) == "on_track"
    assert status(today=D(2026, 4, 25), booked_in_time_course_ids={1}) == "at_risk"
    assert status(today=D(2026, 6, 2)) == "overdue"
    assert status(today=D(2026, 6, 1)) == "at_risk"  # the deadline day itself still counts
    assert status(completed_on=D(2026, 5, 30), today=D(2026, 9, 1)) == "done"
    assert status(completed_on=D(2026, 6, 3), today=D(2026, 9, 1)) == "done_late"


def test_a_part_is_completed_on_the_day_its_last_course_was_done():
    assert rules.part_completed_on({1, 2}, {1: D(2026, 2, 1), 2: D(2026, 3, 1)}) == D(2026, 3, 1)
    assert rules.part_completed_on({1, 2}, {1: D(2026, 2, 1)}) is None
    assert rules.part_completed_on(set(), {}) is None


def test_part_two_on_track_keeps_pace_with_time():
    start, deadline = D(2026, 1, 1), D(2028, 1, 1)
    common = {"start": start, "deadline": deadline, "expected_days": 12, "completed_on": None}
    assert rules.on_track_for_part_two(today=D(2027, 1, 1), days_done=6, **common)
    assert not rules.on_track_for_part_two(today=D(2027, 1, 1), days_done=2, **common)
    assert not rules.on_track_for_part_two(today=D(2028, 1, 2), days_done=11, **common)
    assert rules.on_track_for_part_two(
        today=D(2028, 6, 1), days_done=12, **{**common, "completed_on": D(2027, 12, 1)}
    )


def test_the_proposal_is_the_leaders_when_there_is_one_else_the_step():
    assert rules.proposed_course_ids(step_course_ids=[1, 2, 3], proposal_course_ids=[2]) == [2]
    assert rules.proposed_course_ids(step_course_ids=[1, 2, 3], proposal_course_ids=[]) == []
    assert rules.proposed_course_ids(step_course_ids=[1, 2, 3], proposal_course_ids=None) == [1, 2, 3]


def test_median():
    assert rules.median([]) is None
    assert rules.median([5, 1, 3]) == 3
    assert rules.median([1, 2, 3, 10]) == 2.5
