"""The dashboard's and the yearly report's numbers, computed once and read by the page, the exports and the PDF.

Definitions (documented here so that page, CSV/XLSX and PDF agree):
- An occasion belongs to the year of its first course day.
- Participants: distinct people with an enrollment that holds a place (pending, approved, completed,
  not completed) on an occasion of the year. Completed courses: enrollments with status "Genomförd".
- Population for a year: the latest PopulationFigure dated in or before that year.
- Course days held: days of the year's occasions dated before today, neither the day nor the occasion
  cancelled (planned days of the current or a coming year are not held yet).
- Fill rate: places held on the year's occasions that were not cancelled, over their capacity.
- Cancellations: enrollments cancelled, late-cancelled or withdrawn. No-shows: attendance marked absent.

Filters: `journey` (a Journey or id) narrows everything tied to a course; `municipality` narrows
enrollments and people to those of one municipality. Course days and capacity belong to the region's
occasions, so a municipality filter does not change them: course_table then labels them "(hela regionen)"
and adds the places the municipality's own participants took. The trend runs from 2021 to the year
asked for (`until`), never past it.

Each table selector returns (headers, rows). Every selector runs a fixed number of SQL queries,
whatever the amount of data (aggregates with values/annotate; no per-row queries).

The dashboard and the PDF read what several selectors share once and pass it on (keyword arguments):
region_municipalities (names, population, agreement in force), enrollment_figures (one pass over the
enrollments of the trend's years, by year and municipality), occasion_figures (one over the occasions),
the active trainers per municipality and followup's measured questions. Nothing is kept across requests.

Speed at national scale: an occasion's year is read from CourseOccasion.starts_on (indexed, kept by
the courses app), and enrollments are counted by their status column (never null, so the same number as
counting keys) so that PostgreSQL can answer from the index on (occasion, status, person) alone.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from types import EllipsisType
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.text import percent
from courses.models import CourseDay, CourseOccasion, Step
from courses.selectors import (
    active_trainers_by_municipality,
    hours_taught,
    hours_taught_by_municipality,
    swedish_sort_key,
    trainer_spread,
)
from enrollment.models import Attendance, Enrollment
from enrollment.selectors import current_steps_for
from followup import selectors as followup_selectors
from municipalities.models import Agreement, Municipality
from municipalities.selectors import per_10000, with_population

if TYPE_CHECKING:
    from courses.models import Journey
    from followup.models import Question
    from followup.selectors import GoalResult, SupportResult

    from .models import Activity, GoalAssessment

S = Enrollment.Status
FIRST_YEAR, LAST_YEAR = 2021, 2027
# (headers, rows): what every table selector returns, for the page, CSV, XLSX and the PDF alike.
Table = tuple[list[str], list[list[object]]]


def years() -> list[int]:
    return list(range(FIRST_YEAR, LAST_YEAR + 1))


def _pk(value: Model | int | str | None) -> int | str | None:
    return getattr(value, "pk", value)


def occasions_in(year: int, journey: Journey | int | None = None) -> QuerySet[CourseOccasion]:
    """The occasions whose first course day falls in `year` (a queryset, used as a subquery).

    CourseOccasion.starts_on is the date of the earliest course day (cancelled days included),
    kept up to date by the courses app."""
    occasions = CourseOccasion.objects.filter(starts_on__year=year)
    if journey:
        occasions = occasions.filter(course__step__journey_id=_pk(journey))
    return occasions


def _enrollments_q(
    year: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
    prefix: str = "",
) -> Q:
    """The condition "an enrollment on an occasion of `year`, in the filters", seen from `prefix`."""
    condition = Q(**{f"{prefix}occasion__starts_on__year": year})
    if journey:
        condition &= Q(**{f"{prefix}occasion__course__step__journey_id": _pk(journey)})
    if municipality:
        condition &= Q(**{f"{prefix}person__municipality_id": _pk(municipality)})
    return condition


def enrollments_in(
    year: int, journey: Journey | int | None = None, municipality: Municipality | int | None = None
) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(_enrollments_q(year, journey, municipality))


# (year, person's municipality id) → the year pass's counts of the enrollments of that group.
Figures = dict[tuple[int, int | None], dict[str, int]]


def _year_of_start(prefix: str = "") -> Cast:
    # An integer year: PostgreSQL's EXTRACT gives a numeric, which is slower to sort and group.
    return Cast(ExtractYear(f"{prefix}starts_on"), IntegerField())


def dashboard_years(year: int) -> tuple[int, int]:
    """The years the dashboard of `year` reads: its trend's (FIRST_YEAR up to `year`) and `year` itself."""
    return min(FIRST_YEAR, year), year


def enrollment_figures(
    first: int,
    last: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
) -> Figures:
    """One pass over the enrollments of the occasions of the years `first`–`last`, in the filters, grouped
    by year and by the person's municipality: participants (distinct people holding a place), completed,
    cancellations, places taken on occasions not cancelled and people with a completed course.

    A person belongs to one municipality, so the groups split the people: a year's distinct counts are
    the sums of its groups'. participation_table, totals, trend_table and goal_usage read their enrollment
    figures from this (`figures=`), so the dashboard scans the enrollments once."""
    holds = Q(status__in=Enrollment.HOLDS_PLACE)
    enrollments = Enrollment.objects.filter(
        occasion__starts_on__year__gte=first, occasion__starts_on__year__lte=last
    )
    if journey:
        enrollments = enrollments.filter(occasion__course__step__journey_id=_pk(journey))
    if municipality:
        enrollments = enrollments.filter(person__municipality_id=_pk(municipality))
    rows = (
        enrollments.values("person__municipality", year=_year_of_start("occasion__"))
        .annotate(
            participants=Count("person", distinct=True, filter=holds),
            completed=Count("status", filter=Q(status=S.COMPLETED)),
            cancellations=Count("status", filter=Q(status__in=Enrollment.CANCELLATIONS)),
            taken=Count("status", filter=holds & ~Q(occasion__status=CourseOccasion.Status.CANCELLED)),
            completed_people=Count("person", distinct=True, filter=Q(status=S.COMPLETED)),
        )
        .order_by()
    )
    return {(row.pop("year"), row.pop("person__municipality")): row for row in rows}


def _of_year(figures: Figures, year: int) -> dict[int | None, dict[str, int]]:
    return {municipality_id: row for (y, municipality_id), row in figures.items() if y == year}


def _summed(figures: Figures, year: int) -> dict[str, int]:
    keys = ("participants", "completed", "cancellations", "taken", "completed_people")
    rows = _of_year(figures, year).values()
    return {key: sum(row[key] for row in rows) for key in keys}


def _agreements_in_force(year: int) -> QuerySet[Agreement]:
    """Regional agreements (not the SKR agreement) in force in `year`: signed by the end of the year, their
    period overlapping it, still signed or since expired (an expired one was in force in its period).
    Drafts, sent ones and terminated ones do not count (the model keeps no termination date)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Agreement.objects.filter(
        kind=Agreement.Kind.REGIONAL,
        status__in=(Agreement.Status.SIGNED, Agreement.Status.EXPIRED),
        signed_on__lte=end,
        starts_on__lte=end,
        ends_on__gte=start,
    )


def region_municipalities(year: int) -> list[Municipality]:
    """Every municipality in Swedish order, with its region, `population` (the latest figure in or before
    `year`, None without one) and `agreement_in_force` (a regional agreement in force in `year`), in one
    query: the dashboard reads it once and passes it on (`municipalities=`) to the selectors that list,
    count or weigh the municipalities."""
    in_force = _agreements_in_force(year).filter(municipality=OuterRef("pk"))
    municipalities = with_population(Municipality.objects.select_related("region"), year).annotate(
        agreement_in_force=Exists(in_force)
    )
    return sorted(municipalities, key=lambda m: swedish_sort_key(m.name))


def _municipalities(
    year: int,
    municipality: Municipality | int | None = None,
    municipalities: list[Municipality] | None = None,
) -> list[Municipality]:
    """region_municipalities(year), only `municipality` when one is given."""
    everyone = municipalities if municipalities is not None else region_municipalities(year)
    return [m for m in everyone if not municipality or m.pk == _pk(municipality)]


def agreement_summary(
    year: int,
    municipality: Municipality | int | None = None,
    municipalities: list[Municipality] | None = None,
) -> dict[str, int]:
    """Municipalities joined by the end of `year`, and municipalities whose regional agreement is signed
    and in force in `year` (_agreements_in_force). One query, none with `municipalities`
    (region_municipalities(year)) given."""
    end = datetime.date(year, 12, 31)
    shown = _municipalities(year, municipality, municipalities)
    return {
        "municipalities": len(shown) if not municipality else 1,
        "joined": sum(1 for m in shown if m.joined_on is not None and m.joined_on <= end),
        "agreements_signed": sum(1 for m in shown if m.agreement_in_force),
    }


def participation_table(
    year: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
    municipalities: list[Municipality] | None = None,
    figures: Figures | None = None,
) -> Table:
    """Participants and completed courses per municipality, absolute and per 10 000 inhabitants.

    `municipalities` (region_municipalities(year)) and `figures` (enrollment_figures() over `year`, same
    filters) are for a caller that has them already."""
    if figures is None:
        figures = enrollment_figures(year, year, journey, municipality)
    counts = _of_year(figures, year)
    headers = [
        _("Kommun"),
        _("Folkmängd"),
        _("Deltagare"),
        _("Deltagare per 10 000 invånare"),
        _("Genomförda kurser"),
        _("Genomförda kurser per 10 000 invånare"),
    ]
    rows = []
    for shown in _municipalities(year, municipality, municipalities):
        row = counts.get(shown.pk, {})
        people, completed, inhabitants = (
            row.get("participants", 0),
            row.get("completed", 0),
            shown.population,
        )
        rows.append(
            [
                shown.name,
                inhabitants or "",
                people,
                per_10000(people, inhabitants) or "",
                completed,
                per_10000(completed, inhabitants) or "",
            ]
        )
    return headers, rows


def totals(
    year: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
    figures: Figures | None = None,
    occasions: Mapping[int, Mapping[str, int]] | None = None,
) -> dict[str, int | float | None]:
    """The headline numbers of the year (2 queries; none with `figures`, enrollment_figures() over `year`,
    and `occasions`, occasion_figures() up to `year` as the last year, with the same filters, given)."""
    summed = _summed(
        figures if figures is not None else enrollment_figures(year, year, journey, municipality), year
    )
    # Places taken count everyone on the year's occasions that were not cancelled; without a municipality
    # filter those enrollments are the ones counted here. With a municipality filter this count is the
    # places its own participants took, and the region's comes from the occasions.
    counted = {
        "participants": summed["participants"],
        "completed": summed["completed"],
        "cancellations": summed["cancellations"],
        "places_taken_here" if municipality else "places_taken": summed["taken"],
    }
    if occasions is None:
        occasions = occasion_figures(year, year, journey, municipality)
    counted.update(occasions.get(year, _NO_OCCASIONS) if municipality else _without_taken(occasions, year))
    capacity = counted["capacity"]
    counted["fill_rate"] = round(100 * counted["places_taken"] / capacity, 1) if capacity else None
    return counted


_NO_OCCASIONS = {"no_shows": 0, "course_days": 0, "capacity": 0, "places_taken": 0}


def _without_taken(occasions: Mapping[int, Mapping[str, int]], year: int) -> dict[str, int]:
    return {k: v for k, v in occasions.get(year, _NO_OCCASIONS).items() if k != "places_taken"}


def occasion_figures(
    first: int,
    last: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
) -> dict[int, dict[str, int]]:
    """Year → figures of that year's occasions, for the years `first`–`last`, in one query: course days
    held and capacity of the occasions not cancelled; for `last` also no-shows (absences of the filtered
    enrollments) and, with a municipality filter, the places taken on the occasions not cancelled by
    everyone (the region's figure, labelled so by course_table). Read by totals (the figures of `last`)
    and trend_table (`occasions=`)."""
    not_cancelled = ~Q(status=CourseOccasion.Status.CANCELLED)
    absences = Attendance.objects.filter(enrollment__occasion=OuterRef("pk"), present=False)
    if municipality:
        absences = absences.filter(enrollment__person__municipality_id=_pk(municipality))
    # Only days held (dated before today): planned days are not "Kursdagar genomförda".
    held = CourseDay.objects.filter(
        occasion=OuterRef("pk"), is_cancelled=False, date__lt=timezone.localdate()
    )
    taking = Enrollment.objects.filter(occasion=OuterRef("pk"), status__in=Enrollment.HOLDS_PLACE)
    occasions = CourseOccasion.objects.filter(starts_on__year__gte=first, starts_on__year__lte=last)
    if journey:
        occasions = occasions.filter(course__step__journey_id=_pk(journey))
    occasions = occasions.annotate(absent=_count_of(absences), days_held=_count_of(held))
    # No-shows and the region's places taken are totals()'s, of `last` only: the filter spares the
    # other years' occasions their subquery.
    of_last = Q(starts_on__year=last)
    figures = {
        "no_shows": Sum("absent", filter=of_last),
        "course_days": Sum("days_held", filter=not_cancelled),
        "capacity": Sum("capacity", filter=not_cancelled),
    }
    if municipality:
        occasions = occasions.annotate(taken=_count_of(taking))
        figures["places_taken"] = Sum("taken", filter=not_cancelled & of_last)
    rows = occasions.values(year=_year_of_start()).annotate(**figures).order_by()
    # int(): PostgreSQL sums the counts (bigint) as numeric.
    return {row.pop("year"): {**_NO_OCCASIONS, **{k: int(v or 0) for k, v in row.items()}} for row in rows}


def _count_of(rows: QuerySet) -> Coalesce:
    """The number of `rows` (correlated to the outer occasion by OuterRef), as an expression."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Coalesce(Subquery(rows.order_by().values(n=count)[:1]), 0)


def course_table(
    year: int,
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
    counted: Mapping[str, int | float | None] | None = None,
) -> Table:
    """(headers, rows) of the course figures of the year as label/value pairs.

    `counted` is the result of totals() for the same arguments, when the caller has it already."""
    t = counted if counted is not None else totals(year, journey, municipality)
    headers = [_("Mått"), _("Värde")]
    fill_rate = "" if t["fill_rate"] is None else t["fill_rate"]
    if municipality:
        # Course days and places belong to the region's occasions: labelled so, never mixed unlabelled
        # with the municipality's own figures.
        return headers, [
            [_("Deltagare"), t["participants"]],
            [_("Genomförda kurser"), t["completed"]],
            [_("Platser tagna av kommunens deltagare"), t["places_taken_here"]],
            [_("Avbokningar och återbud"), t["cancellations"]],
            [_("Uteblivna (frånvaro en kursdag)"), t["no_shows"]],
            [_("Kursdagar genomförda (hela regionen)"), t["course_days"]],
            [_("Platser (hela regionen)"), t["capacity"]],
            [_("Tagna platser (hela regionen)"), t["places_taken"]],
            [_("Beläggning (%) (hela regionen)"), fill_rate],
        ]
    rows = [
        [_("Deltagare"), t["participants"]],
        [_("Genomförda kurser"), t["completed"]],
        [_("Kursdagar genomförda"), t["course_days"]],
        [_("Platser"), t["capacity"]],
        [_("Tagna platser"), t["places_taken"]],
        [_("Beläggning (%)"), fill_rate],
        [_("Avbokningar och återbud"), t["cancellations"]],
        [_("Uteblivna (frånvaro en kursdag)"), t["no_shows"]],
    ]
    return headers, rows


def steps_table(
    year: int, journey: Journey | int | None = None, municipality: Municipality | int | None = None
) -> Table:
    """(headers, rows): enrollments per step of the year, by outcome (1 query: each step with its counts)."""
    # The year's occasions joined on the condition, so that a step without enrollments keeps its row.
    on = Q(courses__occasions__starts_on__year=year)
    status = "year_occasions__enrollments__status"
    mine = Q(year_occasions__enrollments__person__municipality_id=_pk(municipality)) if municipality else Q()
    steps = (
        Step.objects.select_related("journey")
        .annotate(year_occasions=FilteredRelation("courses__occasions", condition=on))
        .annotate(
            total=Count(status, filter=mine or None),
            completed=Count(status, filter=mine & Q(**{status: S.COMPLETED})),
            cancelled=Count(status, filter=mine & Q(**{f"{status}__in": Enrollment.CANCELLATIONS})),
        )
        .order_by("journey__order", "journey__name", "order")
    )
    if journey:
        steps = steps.filter(journey_id=_pk(journey))
    headers = [_("Yrkesresa"), _("Steg"), _("Anmälningar"), _("Genomförda"), _("Avbokade")]
    rows = [[step.journey.name, step.name, step.total, step.completed, step.cancelled] for step in steps]
    return headers, rows


def trainer_table(
    year: int,
    municipality: Municipality | int | None = None,
    municipalities: list[Municipality] | None = None,
    trainers: Mapping[int | None, int] | None = None,
) -> Table:
    """(headers, rows): trainers per municipality against its share of the population (goal 7).

    Reuses courses.selectors.trainer_spread, which counts the courses app's active trainers
    (courses.selectors.active_trainers), the same ones the trainer page and the yearly report count.
    `municipalities` (region_municipalities(year)) and `trainers` (active_trainers_by_municipality())
    are for a caller that has them already.
    """
    spread = trainer_spread(year, municipalities=municipalities, trainers=trainers)
    total_trainers = sum(r["trainers"] for r in spread) or 0
    total_population = sum(r["population"] or 0 for r in spread) or 0
    headers = [
        _("Kommun"),
        _("Utbildare"),
        _("Andel av utbildarna (%)"),
        _("Folkmängd"),
        _("Andel av folkmängden (%)"),
        _("Utbildare per 10 000 invånare"),
    ]
    rows = []
    for r in sorted(spread, key=lambda r: swedish_sort_key(r["municipality"].name)):
        if municipality and r["municipality"].pk != _pk(municipality):
            continue
        population = r["population"] or 0
        rows.append(
            [
                r["municipality"].name,
                r["trainers"],
                round(100 * r["trainers"] / total_trainers, 1) if total_trainers else "",
                population or "",
                round(100 * population / total_population, 1) if total_population else "",
                "" if r["per_10000"] is None else r["per_10000"],
            ]
        )
    return headers, rows


def trainer_hours_table(year: int, municipality: Municipality | int | None = None) -> Table:
    """(headers, rows): hours taught and occasions led per course leader or trainer in `year`, most hours
    first, from courses.selectors.hours_taught (the same figures as the trainer pool page)."""
    taught = hours_taught(year, until=_report_until(year))
    people = User.objects.filter(pk__in=taught).select_related("municipality")
    if municipality:
        people = people.filter(municipality_id=_pk(municipality))
    headers = [_("Kursledare/utbildare"), _("Kommun"), _("Timmar"), _("Kurstillfällen")]
    rows = [
        [
            str(person),
            person.municipality.name if person.municipality_id else "–",
            taught[person.pk]["hours"],
            taught[person.pk]["occasions"],
        ]
        for person in people
    ]
    rows.sort(key=lambda row: (-row[2], swedish_sort_key(row[0])))
    return headers, rows


def trainer_hours_by_municipality_table(year: int, municipality: Municipality | int | None = None) -> Table:
    """(headers, rows): per municipality, how many of its course leaders and trainers taught in `year`,
    their hours added up and the occasions they led (courses.selectors.hours_taught_by_municipality)."""
    taught = hours_taught_by_municipality(year, until=_report_until(year))
    names = dict(Municipality.objects.filter(pk__in=[pk for pk in taught if pk]).values_list("pk", "name"))
    headers = [_("Kommun"), _("Kursledare/utbildare som undervisat"), _("Timmar"), _("Kurstillfällen")]
    rows = [
        [names.get(pk, "–") if pk else "–", row["trainers"], row["hours"], row["occasions"]]
        for pk, row in taught.items()
        if not municipality or pk == _pk(municipality)
    ]
    rows.sort(key=lambda row: swedish_sort_key(row[0]))
    return headers, rows


def _report_until(year: int) -> datetime.date:
    """A past year counts all its days; the current year the days held until today."""
    today = timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def goals(
    year: int, municipality: Municipality | int | None = None, questions: list[Question] | None = None
) -> list[GoalResult]:
    """Goals 1–7 of seed 004 part B, straight from followup.selectors.goal_summary (`questions`:
    followup.selectors.measured_questions(year), when the caller has them)."""
    filters = {"municipality": municipality} if municipality else {}
    return followup_selectors.goal_summary(year, questions=questions, **filters)


def goal_table(
    year: int, municipality: Municipality | int | None = None, summary: list[GoalResult] | None = None
) -> Table:
    """(headers, rows): one row per goal, met / not met against its target (suppression kept).

    `summary` is the result of goals() for the same arguments, when the caller has it already."""
    headers = [_("Mål"), _("Mätta aspekter"), _("Visade aspekter"), _("Målet nått")]
    rows = []
    for goal in summary if summary is not None else goals(year, municipality):
        shown = [a for a in goal.aspects if not a.suppressed]
        met = goal.meets_target
        rows.append(
            [
                _("Mål %(n)s") % {"n": goal.goal},
                len(goal.aspects),
                len(shown),
                _("för få svar") if met is None else (_("Ja") if met else _("Nej")),
            ]
        )
    return headers, rows


def trend_table(
    journey: Journey | int | None = None,
    municipality: Municipality | int | None = None,
    until: int = LAST_YEAR,
    figures: Figures | None = None,
    occasions: Mapping[int, Mapping[str, int]] | None = None,
) -> Table:
    """(headers, rows): per year of the agreement period up to `until` (a year's report never shows the
    years after it), participants, completed courses and course days held (2 queries; none with
    `figures`, enrollment_figures(), and `occasions`, occasion_figures(), over the period given)."""
    until = min(until, LAST_YEAR)
    if figures is None:
        figures = enrollment_figures(FIRST_YEAR, until, journey, municipality)
    if occasions is None:
        # Course days belong to the region's occasions: no municipality filter.
        occasions = occasion_figures(FIRST_YEAR, until, journey)
    headers = [_("År"), _("Deltagare"), _("Genomförda kurser"), _("Kursdagar genomförda")]
    rows = []
    for year in years():
        if year > until:
            continue
        summed = _summed(figures, year)
        # A day counts in the year of its occasion's first day, like everything else.
        days = occasions.get(year, _NO_OCCASIONS)["course_days"]
        rows.append([year, summed["participants"], summed["completed"], days])
    return headers, rows


def staff_progress(municipality: Municipality | int, today: datetime.date | None = None) -> Table:
    """(headers, rows) for a manager: each active person of the municipality, their current step on each
    journey, and their enrollments still to come (pending or approved, not yet held). Three queries."""
    today = today or timezone.localdate()
    people = list(
        User.objects.filter(municipality_id=_pk(municipality), is_active=True)
        .filter(Q(is_social_worker=True) | Q(is_manager=True))
        .order_by("last_name", "first_name")
        .values_list("pk", "first_name", "last_name")
    )
    ids = [p[0] for p in people]
    current = {
        person_id: {placement.journey.name: placement.step.name for placement in placements.values()}
        for person_id, placements in current_steps_for(ids).items()
    }
    pending = {}
    for person_id, course_name, status in (
        Enrollment.objects.filter(person_id__in=ids, status__in=(S.PENDING, S.APPROVED, S.WAITLISTED))
        .annotate(
            last_day=Subquery(
                CourseDay.objects.filter(occasion=OuterRef("occasion")).order_by("-date").values("date")[:1]
            )
        )
        .filter(Q(last_day__gte=today) | Q(last_day__isnull=True))
        .order_by("occasion__course__name")
        .values_list("person_id", "occasion__course__name", "status")
    ):
        pending.setdefault(person_id, []).append(f"{course_name} ({S(status).label})")
    headers = [_("Namn"), _("Steg"), _("Kommande kurser")]
    rows = []
    for pk, first, last in people:
        steps = ", ".join(f"{step} ({journey})" for journey, step in sorted(current.get(pk, {}).items()))
        rows.append(
            [f"{first} {last}".strip(), steps or _("Inget steg"), "; ".join(pending.get(pk, [])) or "–"]
        )
    return headers, rows


def capacity_forecast(year: int, expected: int, typical_capacity: int | None = None) -> Table:
    """Course places and occasions each step needs in `year` against what is planned.

    `expected` is the number of new social workers expected that year (all municipalities). New staff
    start on the first step (Ny): each needs one place on each Ny course. Occasions needed =
    ceil(places / typical capacity), the typical capacity being the median of the step's planned
    occasions (or 20 when none). Returns (headers, rows).
    """
    from statistics import median

    planned = {}
    for step_id, _course_id, capacity in (
        occasions_in(year)
        .exclude(status=CourseOccasion.Status.CANCELLED)
        .values_list("course__step_id", "course_id", "capacity")
    ):
        planned.setdefault(step_id, []).append(capacity)
    first_steps = {}
    for step in (
        Step.objects.select_related("journey")
        .annotate(courses_n=Count("courses", filter=Q(courses__status="published")))
        .order_by("journey__order", "order")
    ):
        first_steps.setdefault(step.journey_id, step)
    headers = [
        _("Yrkesresa"),
        _("Steg"),
        _("Platser som behövs"),
        _("Tillfällen som behövs"),
        _("Planerade tillfällen"),
        _("Planerade platser"),
    ]
    rows = []
    for step in first_steps.values():
        capacities = planned.get(step.pk, [])
        typical = typical_capacity or (int(median(capacities)) if capacities else 20)
        places = expected * max(step.courses_n, 1)
        rows.append(
            [
                step.journey.name,
                step.name,
                places,
                math.ceil(places / typical) if typical else 0,
                len(capacities),
                sum(capacities),
            ]
        )
    return headers, rows


TABLES = {
    "deltagande": ("participation", gettext_lazy("Deltagare och genomförda kurser per kommun")),
    "kurser": ("courses", gettext_lazy("Kurser och kursdagar")),
    "steg": ("steps", gettext_lazy("Anmälningar per steg")),
    "utbildare": ("trainers", gettext_lazy("Utbildare per kommun")),
    "mal": ("goals", gettext_lazy("Effektmål 1–7")),
    "trend": ("trend", gettext_lazy("Utveckling per år")),
    "projektmal": ("project_goals", gettext_lazy("Projektmål A–G")),
}


def table(
    name: str, year: int, journey: Journey | int | None = None, municipality: Municipality | int | None = None
) -> Table:
    """The (headers, rows) of dashboard table `name` (a key of TABLES), for the exports."""
    key = TABLES[name][0]
    if key == "participation":
        return participation_table(year, journey, municipality)
    if key == "courses":
        return course_table(year, journey, municipality)
    if key == "steps":
        return steps_table(year, journey, municipality)
    if key == "trainers":
        return trainer_table(year, municipality)
    if key == "goals":
        return goal_table(year, municipality)
    if key == "project_goals":
        return project_goal_table(project_goal_indicators(year))
    return trend_table(journey, municipality, until=year)


# --- Project goals A–G (seed 004 part A) and the action plan ----------------------------------------


def goal_usage(
    year: int, municipalities: list[Municipality] | None = None, figures: Figures | None = None
) -> dict[str, int | float | None]:
    """Goal G's usage figures for `year`: municipalities in the region, those with a regional agreement in
    force and participants in the year, and people with at least one completed course. Two queries; none
    with `municipalities` (region_municipalities(year)) and `figures` (enrollment_figures() over `year`
    without filters) given.

    Digital parts are done in Totara, which the portal does not read yet: only course completions count."""
    everyone = municipalities if municipalities is not None else region_municipalities(year)
    total = len(everyone)
    signed = {m.pk for m in everyone if m.agreement_in_force}
    per_municipality = _of_year(figures if figures is not None else enrollment_figures(year, year), year)
    participating = {pk for pk, row in per_municipality.items() if row["participants"]}
    using = len(signed & participating)
    return {
        "municipalities": total,
        "using": using,
        "share": round(100 * using / total, 1) if total else None,
        "completed_people": sum(row["completed_people"] for row in per_municipality.values()),
    }


def activity_counts(today: datetime.date | None = None) -> dict[str, dict[str, int]]:
    """goal → {"open": n, "overdue": n} over the whole action plan (1 query)."""
    from .goals import ALL_GOALS
    from .models import Activity

    today = today or timezone.localdate()
    counts = {goal: {"open": 0, "overdue": 0} for goal in ALL_GOALS}
    for goals, due_on in Activity.objects.filter(status__in=Activity.OPEN).values_list("goals", "due_on"):
        for goal in goals.split(","):
            if goal in counts:
                counts[goal]["open"] += 1
                counts[goal]["overdue"] += due_on < today
    return counts


def activities_done(year: int) -> list[Activity]:
    """The action plan's activities finished in `year`, for the yearly report (1 query)."""
    from .models import Activity

    return list(
        Activity.objects.filter(status=Activity.Status.DONE, done_on__year=year).order_by("done_on", "pk")
    )


def latest_assessments(year: int) -> dict[str, tuple[GoalAssessment, int]]:
    """goal letter → (latest assessment, number of assessments) for `year` (1 query)."""
    from .models import GoalAssessment

    latest, counts = {}, {}
    for assessment in GoalAssessment.objects.filter(year=year).order_by("goal", "-recorded_at", "-pk"):
        latest.setdefault(assessment.goal, assessment)
        counts[assessment.goal] = counts.get(assessment.goal, 0) + 1
    return {goal: (latest[goal], counts[goal]) for goal in latest}


# Status of a project goal, in the words the dashboard and report use.
MET, PARTLY, NOT_MET, NOT_ASSESSED, TOO_FEW = "met", "partly", "not_met", "not_assessed", "too_few"
STATUS_LABELS = {
    MET: gettext_lazy("Uppfyllt"),
    PARTLY: gettext_lazy("Delvis uppfyllt"),
    NOT_MET: gettext_lazy("Inte uppfyllt"),
    NOT_ASSESSED: gettext_lazy("Inte bedömt än"),
    TOO_FEW: gettext_lazy("för få svar"),
}


def project_goal_indicators(
    year: int,
    today: datetime.date | None = None,
    activities: Mapping[str, Mapping[str, int]] | None = None,
    *,
    municipalities: list[Municipality] | None = None,
    trainers: Mapping[int | None, int] | None = None,
    support: SupportResult | EllipsisType | None = ...,
    figures: Figures | None = None,
) -> list[dict[str, object]]:
    """One indicator per project goal A–G for `year`, with its target, what the portal measured, its
    status and the action plan's open and overdue activities. A fixed number of queries (2 for G, 1 for
    assessments, 1 for activities, 1 for the trainers and followup's fixed count for F), whatever the
    amount of data; fewer with what the dashboard has already read passed on: `activities`
    (activity_counts()), `municipalities` (region_municipalities(year)), `trainers`
    (courses.selectors.active_trainers_by_municipality()), `support` (followup.selectors.rss_support(year),
    which may be None) and `figures` (enrollment_figures() over `year` without filters)."""
    from .goals import JUDGEMENT, PROJECT_GOALS, SURVEY, USAGE

    assessments = latest_assessments(year)
    activities = activities if activities is not None else activity_counts(today)
    usage = goal_usage(year, municipalities=municipalities, figures=figures)
    if support is ...:
        support = followup_selectors.rss_support(year)
    # F: "bland annat genom utbildning av utbildare"; everyone counted once, with or without a municipality.
    trainers = sum((trainers if trainers is not None else active_trainers_by_municipality()).values())
    indicators = []
    for letter, text, target, kind in PROJECT_GOALS:
        assessment, assessed_times = assessments.get(letter, (None, 0))
        status = assessment.outcome if assessment else NOT_ASSESSED
        measure = ""
        if kind == USAGE:
            measure = _(
                "%(using)s av %(total)s kommuner (%(share)s) har undertecknad överenskommelse och deltagare; "
                "%(people)s personer har genomfört minst en kurs"
            ) % {
                "using": usage["using"],
                "total": usage["municipalities"],
                "share": percent(usage["share"]),
                "people": formats.number_format(usage["completed_people"], force_grouping=True),
            }
        elif kind == SURVEY:
            if support is None:
                measure, status = _("Ingen enkät till RSS det här året"), NOT_ASSESSED
            elif support.suppressed:
                measure, status = (
                    _("För få svar för att visa (minst %(n)s)") % {"n": support.min_size},
                    TOO_FEW,
                )
            else:
                measure = _("%(percent)s av %(n)s svarande RSS tycker att stödet är bra (mål %(target)s)") % {
                    "percent": percent(support.percent),
                    "target": percent(80),
                    "n": support.respondents,
                }
                status = MET if support.meets_target else NOT_MET
            measure = f"{measure}; " + _("%(n)s aktiva utbildare") % {"n": trainers}
        elif kind == JUDGEMENT and assessment:
            measure = _("Styrgruppens bedömning %(date)s") % {
                "date": formats.date_format(assessment.meeting_on, "SHORT_DATE_FORMAT")
            }
        indicators.append(
            {
                "goal": letter,
                "text": text,
                "target": target,
                "kind": kind,
                "measure": measure,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "assessment": assessment,
                "assessed_times": assessed_times,
                "open": activities[letter]["open"],
                "overdue": activities[letter]["overdue"],
            }
        )
    return indicators


def project_goal_table(indicators: Iterable[Mapping[str, object]]) -> Table:
    """(headers, rows) of the indicators, for the dashboard's table, the export and the PDF."""
    headers = [
        _("Mål"),
        _("Mått på måluppfyllelse"),
        _("Underlag"),
        _("Status"),
        _("Öppna aktiviteter"),
        _("Försenade"),
    ]
    rows = [
        [
            _("Mål %(n)s") % {"n": i["goal"]},
            str(i["target"]),
            i["measure"] or "–",
            str(i["status_label"]),
            i["open"],
            i["overdue"],
        ]
        for i in indicators
    ]
    return headers, rows


def effect_goal_activity_rows(
    today: datetime.date | None = None, counts: Mapping[str, Mapping[str, int]] | None = None
) -> Table:
    """(headers, rows): open and overdue activities of the action plan per effect goal 1–7."""
    from .goals import EFFECT_GOALS

    counts = counts if counts is not None else activity_counts(today)
    headers = [_("Mål"), _("Öppna aktiviteter"), _("Försenade")]
    return headers, [
        [_("Mål %(n)s") % {"n": g}, counts[g]["open"], counts[g]["overdue"]] for g in EFFECT_GOALS
    ]
