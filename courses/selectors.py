"""Reads of the catalogue: free places, planning figures and trainer spread.

Visibility is decided in courses.access; these functions take an already visible queryset or
are for the project leader only.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, Max, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.selectors import per_10000, with_population

from . import clashes, hooks
from .models import Course, CourseDay, CourseOccasion, TrainerProfile

if TYPE_CHECKING:
    from accounts.models import User

# Warn about an occasion under its minimum this many days before its last sign-up day.
UNDER_MINIMUM_WARNING_DAYS = 14


def today() -> datetime.date:
    return timezone.localdate()


def places_taken(occasion: CourseOccasion) -> int:
    """Places taken, from the annotation if the queryset has it, otherwise from the hook."""
    taken = getattr(occasion, "places_taken", None)
    return hooks.places_taken(occasion) if taken is None else taken


def free_places(occasion: CourseOccasion) -> int:
    """Places still free on the occasion (never negative)."""
    return max(occasion.capacity - places_taken(occasion), 0)


def with_places(occasions: QuerySet[CourseOccasion]) -> QuerySet[CourseOccasion]:
    """Annotate `places_taken` and `free_places` on an occasion queryset, in the same query."""
    return occasions.annotate(places_taken=hooks.places_taken_expression("pk")).annotate(
        free_places=Greatest(F("capacity") - F("places_taken"), Value(0), output_field=IntegerField()),
    )


def days_with_places(days: QuerySet[CourseDay]) -> QuerySet[CourseDay]:
    """Annotate `places_taken` and `free_places` of each day's occasion on a course-day queryset."""
    return days.annotate(places_taken=hooks.places_taken_expression("occasion_id")).annotate(
        free_places=Greatest(
            F("occasion__capacity") - F("places_taken"), Value(0), output_field=IntegerField()
        ),
    )


def coming_days(days: QuerySet[CourseDay]) -> QuerySet[CourseDay]:
    return days.filter(date__gte=today())


def occasions_with_days(occasions: QuerySet[CourseOccasion]) -> QuerySet[CourseOccasion]:
    """Prefetch the days and course leaders that occasion lists show."""
    return occasions.prefetch_related(
        Prefetch("days", queryset=CourseDay.objects.order_by("date", "start_time")),
        "course_leaders",
    )


def coming_occasions_of_course(
    occasions: QuerySet[CourseOccasion], course: Course
) -> QuerySet[CourseOccasion]:
    """The course's occasions that have a day today or later, with places and days."""
    coming = occasions.filter(course=course, days__date__gte=today()).values("pk")
    return occasions_with_days(with_places(occasions.filter(pk__in=coming))).order_by("signup_closes", "pk")


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def planning(first_month: datetime.date, months: int = 12) -> dict[str, object]:
    """The project leader's plan: occasions by the month of their first day, from `first_month` on,
    with fill rate and course leaders, and the warnings for everything still to come."""
    end = _add_months(first_month, months)
    occasions = list(
        occasions_with_days(
            with_places(
                CourseOccasion.objects.select_related("course__step__journey", "region").filter(
                    pk__in=CourseDay.objects.filter(date__gte=first_month, date__lt=end).values("occasion_id")
                )
            )
        )
    )
    by_month = OrderedDict((_add_months(first_month, n), []) for n in range(months))
    for occasion in occasions:
        days = list(occasion.days.all())
        occasion.first_day = days[0].date
        occasion.fill_rate = (
            round(100 * occasion.places_taken / occasion.capacity) if occasion.capacity else 0
        )
        # An occasion that started before the period is shown in its first month within it.
        month = max(occasion.first_day.replace(day=1), first_month)
        by_month[month].append(occasion)
    for items in by_month.values():
        items.sort(key=lambda o: (o.first_day, o.pk))
    return {
        "months": list(by_month.items()),
        "warnings": planning_warnings(coming_occasions()),
        "clashes": clashes.current_clashes(),
        "not_completed": occasions_not_completed(),
        "demand": course_demand(),
    }


def coming_occasions() -> QuerySet[CourseOccasion]:
    """Occasions with a day today or later, with places, days and course leaders (for the warnings)."""
    return occasions_with_days(
        with_places(
            CourseOccasion.objects.select_related("course").filter(
                pk__in=CourseDay.objects.filter(date__gte=today()).values("occasion_id")
            )
        )
    )


def course_demand() -> list[tuple[Course, int]]:
    """Courses with people waiting for an occasion (interest lists), with the number, most first."""
    waiting = hooks.demand()
    courses = Course.objects.filter(pk__in=[pk for pk, n in waiting.items() if n]).order_by("name")
    return sorted(((course, waiting[course.pk]) for course in courses), key=lambda pair: -pair[1])


def occasions_not_completed() -> list[CourseOccasion]:
    """Occasions whose last course day has passed but that nobody marked completed (or cancelled)."""
    active = [CourseOccasion.Status.PLANNED, CourseOccasion.Status.OPEN, CourseOccasion.Status.CLOSED]
    return list(
        CourseOccasion.objects.filter(status__in=active)
        .annotate(last_day=Max("days__date"))
        .filter(last_day__lt=today())
        .select_related("course")
        .order_by("last_day", "pk")
    )


def planning_warnings(
    occasions: Iterable[CourseOccasion],
) -> dict[str, list[CourseDay] | list[CourseOccasion]]:
    """Coming days of active occasions without a course leader, occasions under their minimum whose
    last sign-up day is within UNDER_MINIMUM_WARNING_DAYS, and those still under it after that day."""
    now = today()
    active = {CourseOccasion.Status.PLANNED, CourseOccasion.Status.OPEN, CourseOccasion.Status.CLOSED}
    without_leader, under_minimum, under_minimum_closed = [], [], []
    for occasion in occasions:
        if occasion.status not in active:
            continue
        if not occasion.course_leaders.all():
            without_leader.extend(
                day for day in occasion.days.all() if day.date >= now and not day.is_cancelled
            )
        if occasion.places_taken >= occasion.min_participants:
            continue
        if occasion.signup_closes < now:
            under_minimum_closed.append(occasion)
        elif occasion.signup_closes <= now + datetime.timedelta(days=UNDER_MINIMUM_WARNING_DAYS):
            under_minimum.append(occasion)
    return {
        "without_leader": sorted(without_leader, key=lambda d: (d.date, d.start_time)),
        "under_minimum": under_minimum,
        "under_minimum_closed": under_minimum_closed,
    }


def days_of_person(person: User) -> QuerySet[CourseDay]:
    """All course days of the occasions a person leads or trains on."""
    occasions = CourseOccasion.objects.filter(Q(course_leaders=person) | Q(trainers=person)).values("pk")
    return CourseDay.objects.filter(occasion__in=occasions).order_by("date", "start_time")


def days_of_leader(person: User) -> QuerySet[CourseDay]:
    """Coming course days of the occasions a person leads or trains on, with places."""
    return days_with_places(coming_days(days_of_person(person))).select_related(
        "occasion__course__step", "occasion__region"
    )


def swedish_sort_key(text: str) -> str:
    """Å, Ä and Ö after Z, as in a Swedish list (the database's collation may not know Swedish)."""
    return text.lower().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}"}))


def active_trainers() -> QuerySet[TrainerProfile]:
    """The active trainers (goal 7): trainer profiles marked active whose person's account is active.

    The one definition used by the trainer page, the follow-up results, the dashboard and the yearly
    report. Being a course leader (a role) without a trainer profile does not make a trainer."""
    return TrainerProfile.objects.filter(is_active=True, person__is_active=True)


def active_trainers_by_municipality() -> dict[int | None, int]:
    """municipality id → number of active trainers (one query; people without a municipality under None)."""
    return dict(
        active_trainers()
        .values_list("person__municipality_id")
        .annotate(n=Count("pk"))
        .values_list("person__municipality_id", "n")
    )


def trainer_spread(
    year: int | None = None,
    municipalities: Iterable[Municipality] | None = None,
    trainers: Mapping[int | None, int] | None = None,
) -> list[dict[str, object]]:
    """Active trainers per municipality against its population (goal 7), every municipality in Swedish
    order: rows of dicts {"municipality", "trainers", "trainer_share" (%), "population" (None without
    a figure), "population_share" (%), "per_10000"}. The population is the latest figure in or before
    `year` (the latest of all without a year). The trainer page, the follow-up results and the
    dashboard all read this one. Counts of trainers are not survey answers: no suppression.

    `municipalities` (every municipality, annotated by municipalities.selectors.with_population for the
    same year) and `trainers` (active_trainers_by_municipality()) are for a caller that has them already."""
    if municipalities is None:
        municipalities = with_population(Municipality.objects.select_related("region"), year)
    trainers = trainers if trainers is not None else active_trainers_by_municipality()
    municipalities = sorted(municipalities, key=lambda m: swedish_sort_key(m.name))
    population = {m.pk: m.population for m in municipalities}
    total_trainers = sum(trainers.get(m.pk, 0) for m in municipalities) or 1
    total_population = sum(population.get(m.pk) or 0 for m in municipalities) or 1
    rows = []
    for municipality in municipalities:
        count, inhabitants = trainers.get(municipality.pk, 0), population.get(municipality.pk)
        rows.append(
            {
                "municipality": municipality,
                "trainers": count,
                "trainer_share": round(100 * count / total_trainers, 1),
                "population": inhabitants,
                "population_share": round(100 * (inhabitants or 0) / total_population, 1),
                "per_10000": per_10000(count, inhabitants, places=2),
            }
        )
    return rows


def trainer_profiles() -> QuerySet[TrainerProfile]:
    return (
        TrainerProfile.objects.select_related("person__municipality")
        .prefetch_related("courses")
        .order_by(
            "person__municipality__name",
            "person__last_name",
            "person__first_name",
        )
    )


def _days_held(days: QuerySet[CourseDay]) -> dict[int, float]:
    """{occasion id: hours} of the held days among `days` (not cancelled, occasion not cancelled)."""
    days = days.filter(is_cancelled=False).exclude(occasion__status=CourseOccasion.Status.CANCELLED)
    hours_by_occasion = {}
    for occasion_id, start, end in days.values_list("occasion_id", "start_time", "end_time"):
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        hours_by_occasion[occasion_id] = hours_by_occasion.get(occasion_id, 0) + max(minutes, 0) / 60
    return hours_by_occasion


def _staff_of(occasion_ids: Iterable[int], person_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """{person id: set of occasion ids} they led or trained on, among `occasion_ids`."""
    people = {}
    for model in (CourseOccasion.course_leaders.through, CourseOccasion.trainers.through):
        rows = model.objects.filter(courseoccasion_id__in=occasion_ids)
        if person_ids is not None:
            rows = rows.filter(user_id__in=person_ids)
        for occasion_id, person_id in rows.values_list("courseoccasion_id", "user_id"):
            people.setdefault(person_id, set()).add(occasion_id)
    return people


def _taught(year: int, until: datetime.date | None) -> tuple[dict[int, float], dict[int, set[int]]]:
    until = until or today()
    hours_by_occasion = _days_held(CourseDay.objects.filter(date__year=year, date__lte=until))
    return hours_by_occasion, _staff_of(hours_by_occasion)


def hours_taught(year: int, until: datetime.date | None = None) -> dict[int, dict[str, float | int]]:
    """{person id: {"hours": hours, "occasions": number}}: what each course leader or trainer taught in
    `year`, from the course days held (not cancelled, up to `until`, default today) of the occasions they
    led or trained on (cancelled occasions count nothing). Someone both leading and training an occasion
    counts its days once. Three queries whatever the number of days."""
    hours_by_occasion, people = _taught(year, until)
    return {
        person_id: {
            "hours": round(sum(hours_by_occasion[o] for o in occasions), 1),
            "occasions": len(occasions),
        }
        for person_id, occasions in people.items()
    }


def hours_taught_by_municipality(
    year: int, until: datetime.date | None = None
) -> dict[int | None, dict[str, float | int]]:
    """{municipality id (None without one): {"hours", "occasions", "trainers"}}: the hours the trainers
    of each municipality (the person's municipality now) taught in `year` added up, the number of
    different occasions they led or trained on (an occasion two of them shared counts once) and how many
    of them taught. The same days as hours_taught."""
    hours_by_occasion, people = _taught(year, until)
    municipality_of = dict(
        get_user_model().objects.filter(pk__in=people).values_list("pk", "municipality_id")
    )
    result = {}
    for person_id, occasions in people.items():
        row = result.setdefault(
            municipality_of.get(person_id), {"hours": 0.0, "occasion_ids": set(), "trainers": 0}
        )
        row["hours"] += sum(hours_by_occasion[o] for o in occasions)
        row["occasion_ids"] |= occasions
        row["trainers"] += 1
    return {
        municipality_id: {
            "hours": round(row["hours"], 1),
            "occasions": len(row["occasion_ids"]),
            "trainers": row["trainers"],
        }
        for municipality_id, row in result.items()
    }


def hours_taught_per_year(person: User, until: datetime.date | None = None) -> list[dict[str, int | float]]:
    """[{"year", "hours", "occasions"}], latest year first: what `person` taught each year, counted as
    hours_taught counts (an occasion over New Year counts in both years)."""
    until = until or today()
    led = CourseOccasion.objects.filter(Q(course_leaders=person) | Q(trainers=person)).values("pk")
    days = CourseDay.objects.filter(occasion__in=led, date__lte=until)
    years = sorted({date.year for date in days.values_list("date", flat=True)}, reverse=True)
    rows = []
    for year in years:
        taught = _days_held(days.filter(date__year=year))
        if taught:
            rows.append({"year": year, "hours": round(sum(taught.values()), 1), "occasions": len(taught)})
    return rows


def occasions_of_staff(person: User) -> list[CourseOccasion]:
    """The occasions `person` leads or trains on, latest first, with their days and whether they lead."""
    led = set(CourseOccasion.objects.filter(course_leaders=person).values_list("pk", flat=True))
    occasions = occasions_with_days(
        CourseOccasion.objects.filter(Q(course_leaders=person) | Q(trainers=person))
        .distinct()
        .select_related("course", "region")
    ).order_by("-starts_on", "-pk")
    occasions = list(occasions)
    for occasion in occasions:
        occasion.is_led = occasion.pk in led
    return occasions
