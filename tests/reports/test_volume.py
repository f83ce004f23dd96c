"""Volume planning: expected hires per month → occasions of part 1 needed per month (seed 002)."""

import datetime

import pytest

from reports.volume import compare_with_planned, last_chance, occasions_needed, shortfalls


def month(year, number):
    return datetime.date(year, number, 1)


def a_year_of(total, year=2027):
    """`total` hires spread over the twelve months as evenly as whole people allow."""
    base, rest = divmod(total, 12)
    return {month(year, m): base + (1 if m <= rest else 0) for m in range(1, 13)}


def test_seed_002_280_hires_a_year_need_nine_rounds_of_part_1():
    # Seed 002: 280 hires a year, part 1 within the first four months, no course days in the summer
    # break (June–August) -> nine rounds. Nine are enough when a round takes 35: everyone hired from
    # January to May must be done by May (4 rounds), those hired June–December in the autumn and early
    # next year (5 rounds).
    plan = occasions_needed(a_year_of(280), capacity=35, summer_months=(6, 7, 8), window_months=4)
    assert sum(row.occasions for row in plan) == 9
    assert sum(row.places_used for row in plan) == 280
    assert all(row.occasions == 0 for row in plan if row.month.month in (6, 7, 8))
    # With rounds of 32 (280 / 9 ≈ 31) the summer break costs a tenth round.
    assert sum(row.occasions for row in occasions_needed(a_year_of(280), capacity=32)) == 10


def test_every_hire_gets_a_place_within_the_window_and_the_count_is_the_fewest():
    hires = {month(2027, 1): 10, month(2027, 2): 10, month(2027, 3): 10}
    plan = occasions_needed(hires, capacity=30, summer_months=(), window_months=4)
    # One occasion in March, the last chance of nobody but the first month that can take all thirty.
    assert [(row.month, row.occasions) for row in plan if row.occasions] == [(month(2027, 4), 1)]
    assert sum(row.places_used for row in plan) == 30


def test_a_hire_just_before_the_summer_break_must_be_placed_before_it():
    plan = occasions_needed({month(2027, 5): 5}, capacity=20, summer_months=(6, 7, 8), window_months=4)
    assert [(row.month, row.occasions) for row in plan if row.occasions] == [(month(2027, 5), 1)]
    # Hired in June: the first month with course days within four months is September.
    plan = occasions_needed({month(2027, 6): 5}, capacity=20, summer_months=(6, 7, 8), window_months=4)
    assert [(row.month, row.occasions) for row in plan if row.occasions] == [(month(2027, 9), 1)]


def test_a_configurable_break_and_refusals():
    plan = occasions_needed({month(2027, 7): 40}, capacity=20, summer_months=(7,), window_months=2)
    assert [(row.month, row.occasions) for row in plan if row.occasions] == [(month(2027, 8), 2)]
    with pytest.raises(ValueError, match="summer break"):
        occasions_needed({month(2027, 6): 1}, capacity=20, summer_months=(6, 7), window_months=2)
    with pytest.raises(ValueError, match="capacity"):
        occasions_needed({month(2027, 1): 1}, capacity=0)
    assert occasions_needed({}, capacity=20) == []


def test_the_comparison_says_how_many_places_are_missing_and_in_which_month():
    hires = {month(2027, 1): 10, month(2027, 3): 50}
    rows = compare_with_planned(
        hires, {month(2027, 4): [20], month(2027, 6): [25]}, capacity=20, summer_months=(), window_months=4
    )
    by_month = {row.month: row for row in rows}
    # The fewest-occasions plan: one occasion in April (January's ten, ten of March's), two in June.
    assert [(r.month, r.occasions_needed, r.places_needed) for r in rows if r.occasions_needed] == [
        (month(2027, 4), 1, 20),
        (month(2027, 6), 2, 40),
    ]
    assert (by_month[month(2027, 6)].planned_occasions, by_month[month(2027, 6)].planned_places) == (1, 25)
    # April's twenty places take January's ten and ten of March's; June's 25 leave 15 of March's hires.
    assert shortfalls(rows) == [(month(2027, 6), 15)]
    assert [row.month for row in rows] == [month(2027, m) for m in range(1, 7)]
    assert by_month[month(2027, 3)].hires == 50


def test_planned_places_earlier_than_needed_count_but_not_before_someone_has_started():
    # An occasion in February takes January's hires early; one in January cannot take March's.
    hires = {month(2027, 1): 10, month(2027, 3): 10}
    early = compare_with_planned(
        hires, {month(2027, 2): [10], month(2027, 3): [10]}, capacity=20, summer_months=(), window_months=4
    )
    assert shortfalls(early) == []
    too_early = compare_with_planned(
        hires, {month(2027, 1): [20]}, capacity=20, summer_months=(), window_months=4
    )
    assert shortfalls(too_early) == [(month(2027, 6), 10)]


def test_the_summer_break_moves_the_last_chance_and_no_occasion_is_needed_in_it():
    # Hired in May with no course days June–August: the last chance is May itself.
    assert last_chance(month(2027, 5), summer_months=(6, 7, 8), window_months=4) == month(2027, 5)
    assert last_chance(month(2027, 6), summer_months=(6, 7, 8), window_months=4) == month(2027, 9)
    rows = compare_with_planned(
        {month(2027, 5): 8, month(2027, 6): 8}, {month(2027, 8): [20]}, capacity=20, summer_months=(6, 7, 8)
    )
    assert shortfalls(rows) == [(month(2027, 5), 8)]
    assert all(row.occasions_needed == 0 for row in rows if row.month.month in (6, 7, 8))
    # Another break (July only): May's hires can wait until August, where the planned places are.
    assert last_chance(month(2027, 5), summer_months=(7,), window_months=4) == month(2027, 8)
    rows = compare_with_planned(
        {month(2027, 5): 8, month(2027, 6): 8}, {month(2027, 8): [20]}, capacity=20, summer_months=(7,)
    )
    assert shortfalls(rows) == []


def test_nothing_expected_and_nothing_planned_is_an_empty_comparison():
    assert compare_with_planned({}, {}, capacity=20) == []
    rows = compare_with_planned({}, {month(2027, 3): [16]}, capacity=20)
    assert [(r.month, r.planned_places, r.missing) for r in rows] == [(month(2027, 3), 16, 0)]
