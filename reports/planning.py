"""The volume planning view's reads: expected hires per month, the courses of part 1 and part 2, the
occasions planned and the interest lists, compared month by month by `reports.volume.compare_with_planned`
(the one rule); and the plan's warnings (clashes, occasions nobody completed, occasions under their
minimum after the sign-up deadline) from the catalogue.

A fixed number of queries, whatever the number of courses, months or municipalities.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from courses import clashes
from courses import selectors as course_selectors
from courses.models import Course, CourseOccasion, Journey
from enrollment.interest import interest_counts
from introduction.models import JourneyPart
from municipalities.models import Municipality

from .models import ExpectedHires, PlanningSettings
from .volume import MonthComparison, add_months, compare_with_planned

# Part 2 is due within two years (seed 002), but it runs "en gång per år": the plan offers each hire
# part 2 within a year, or every occasion would be pushed two years ahead and this year would need none.
LONGEST_WINDOW = 12


def planning_years(today: datetime.date | None = None) -> list[int]:
    """The years a plan can be made for: this year and the next two."""
    year = (today or timezone.localdate()).year
    return [year, year + 1, year + 2]


def chosen_year(value: str | int, today: datetime.date | None = None) -> int:
    """The year asked for (?ar=), if it is one of planning_years(); otherwise next year."""
    years = planning_years(today)
    return int(value) if str(value).isdigit() and int(value) in years else years[1]


def shortfall_message(month: datetime.date, places: int) -> str:
    """The line the planning view shows where planned places fall short ("Saknas 12 platser i mars 2027")."""
    return ngettext(
        "Saknas %(places)s plats i %(month)s",
        "Saknas %(places)s platser i %(month)s",
        places,
    ) % {"places": places, "month": date_format(month, "YEAR_MONTH_FORMAT")}


def hires_table(year: int, municipalities: Iterable[Municipality]) -> dict[int, dict[int, int]]:
    """{municipality id: {1–12: hires}} of `year` for the municipalities (one query)."""
    table = defaultdict(dict)
    for municipality_id, month, hires in ExpectedHires.objects.filter(
        month__year=year, municipality__in=municipalities
    ).values_list("municipality_id", "month", "hires"):
        table[municipality_id][month.month] = hires
    return table


def region_hires(first_month: datetime.date, last_month: datetime.date) -> dict[datetime.date, int]:
    """{first of a month: expected new hires in all municipalities} from `first_month` to `last_month`."""
    return dict(
        ExpectedHires.objects.filter(month__gte=first_month, month__lte=last_month)
        .values_list("month")
        .annotate(total=Sum("hires"))
        .values_list("month", "total")
    )


@dataclass
class CoursePlan:
    course: Course
    part: int
    capacity: int
    capacity_is_typical: bool  # taken from the course's occasions (else the setting's default)
    window_months: int
    interested: int
    rows: list = field(default_factory=list)  # MonthComparison of the year (and after it, where needed)
    shortfalls: list = field(default_factory=list)  # [(month, places, message)]
    error: str = ""


def planning_journeys() -> QuerySet[Journey]:
    """Journeys that have part 1 or part 2 set, in order."""
    return Journey.objects.filter(parts__isnull=False).distinct().order_by("order", "name")


def course_plans(
    year: int,
    journey: Journey,
    *,
    today: datetime.date | None = None,
    settings_row: PlanningSettings | None = None,
) -> list[CoursePlan]:
    """A CoursePlan for each course of part 1 and part 2 of `journey` in `year`.

    The hires of the year before are included, so that those hired late in it are planned for early in
    `year`; the people on a course's interest list are counted as hires starting this month (if this
    month is within the plan), since they wait for an occasion now. Months after `year` are kept where
    the year's hires still need places in them.
    """
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    settings_row = settings_row or PlanningSettings.current()
    summer = settings_row.summer_month_numbers
    first, last = datetime.date(year - 1, 1, 1), datetime.date(year, 12, 1)
    this_month = today.replace(day=1)
    parts = list(
        JourneyPart.objects.filter(journey=journey)
        .order_by("number")
        .prefetch_related(Prefetch("courses", queryset=Course.objects.order_by("order", "name")))
    )
    courses = [(part, course) for part in parts for course in part.courses.all()]
    course_ids = {course.pk for _part, course in courses}
    hires = region_hires(first, last)
    interested = interest_counts(course_ids)
    capacities, planned = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for course_id, starts_on, capacity in (
        CourseOccasion.objects.filter(course_id__in=course_ids)
        .exclude(status=CourseOccasion.Status.CANCELLED)
        .values_list("course_id", "starts_on", "capacity")
    ):
        capacities[course_id].append(capacity)
        if starts_on and starts_on >= first:
            planned[course_id][starts_on.replace(day=1)].append(capacity)
    plans = []
    for part, course in courses:
        typical = capacities.get(course.pk)
        plan = CoursePlan(
            course=course,
            part=part.number,
            capacity=int(median(typical)) if typical else settings_row.default_capacity,
            capacity_is_typical=bool(typical),
            window_months=min(part.due_months, LONGEST_WINDOW),
            interested=interested.get(course.pk, 0),
        )
        demand = dict(hires)
        if plan.interested and first <= this_month <= last:
            demand[this_month] = demand.get(this_month, 0) + plan.interested
        try:
            rows = compare_with_planned(
                demand,
                planned[course.pk],
                capacity=plan.capacity,
                summer_months=summer,
                window_months=plan.window_months,
            )
        except ValueError:
            plan.error = _(
                "Sommaruppehållet är längre än tiden att gå kursen (%(months)s månader): ändra "
                "månaderna utan kursdagar i inställningarna."
            ) % {"months": plan.window_months}
            plans.append(plan)
            continue
        year_start = datetime.date(year, 1, 1)
        shown = [row for row in rows if row.month.year == year]
        shown += [row for row in rows if row.month.year > year and (row.occasions_needed or row.missing)]
        # Every month of the year has a row, also those before anything is expected or planned.
        months = {row.month for row in shown}
        for number in range(12):
            month = add_months(year_start, number)
            if month not in months:
                shown.append(_empty_row(month))
        plan.rows = sorted(shown, key=lambda row: row.month)
        plan.shortfalls = [
            (row.month, row.missing, shortfall_message(row.month, row.missing))
            for row in plan.rows
            if row.missing
        ]
        plans.append(plan)
    return plans


def _empty_row(month: datetime.date) -> MonthComparison:
    return MonthComparison(
        month=month,
        hires=0,
        occasions_needed=0,
        places_needed=0,
        planned_occasions=0,
        planned_places=0,
        missing=0,
    )


def plan_warnings() -> dict[str, list]:
    """Current clashes, occasions whose last day has passed but that nobody completed, and occasions
    still under their minimum after the sign-up deadline."""
    return {
        "clashes": clashes.current_clashes(),
        "not_completed": course_selectors.occasions_not_completed(),
        "under_minimum_closed": course_selectors.planning_warnings(course_selectors.coming_occasions())[
            "under_minimum_closed"
        ],
    }
