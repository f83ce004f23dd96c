"""Reads of the enrollment app: places taken, waiting lists, a person's steps and progress, exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Course, CourseOccasion, Journey, Step

from .models import Enrollment, Reservation, StepPlacement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from municipalities.models import Municipality

S = Enrollment.Status


def places_taken(occasion: CourseOccasion) -> int:
    """Places counted against the capacity: enrollments holding one (pending requests do) and the
    unnamed places of active reservations."""
    # One query (both counts as subqueries), so a sign-up under the occasion lock recounts in one trip.
    return (
        CourseOccasion.objects.filter(pk=occasion.pk)
        .annotate(taken=places_taken_expression("pk"))
        .values_list("taken", flat=True)
        .get()
    )


def reserved_places(occasion_id: int) -> int:
    """Unnamed places held by active reservations on one occasion."""
    return (
        Reservation.objects.filter(occasion_id=occasion_id, status=Reservation.Status.ACTIVE).aggregate(
            n=Sum("places")
        )["n"]
        or 0
    )


def places_taken_by_occasion(occasion_ids: Iterable[int]) -> dict[int, int]:
    """{occasion id: places taken} for many occasions in one query; missing ids have 0."""
    ids = list(occasion_ids)
    counts = dict(
        CourseOccasion.objects.filter(pk__in=ids)
        .annotate(taken=places_taken_expression("pk"))
        .values_list("pk", "taken")
    )
    return {pk: counts.get(pk, 0) for pk in ids}


def participants_by_occasion(occasion_ids: Iterable[int]) -> dict[int, set[int]]:
    """{occasion id: set of ids of the people holding a place on it}, for the catalogue's clash check."""
    result = {}
    for occasion_id, person_id in (
        Enrollment.objects.filter(occasion_id__in=list(occasion_ids))
        .holding_place()
        .values_list("occasion_id", "person_id")
    ):
        result.setdefault(occasion_id, set()).add(person_id)
    return result


def places_taken_expression(occasion_ref: str = "pk") -> Combinable:
    """The same count as a subquery, for annotating every row of a list in one query
    (registered with courses.hooks so the catalogue shows free places without importing us)."""
    taken = (
        Enrollment.objects.filter(occasion_id=OuterRef(occasion_ref))
        .holding_place()
        .order_by()
        .values("occasion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reserved = (
        Reservation.objects.filter(occasion_id=OuterRef(occasion_ref), status=Reservation.Status.ACTIVE)
        .order_by()
        .values("occasion_id")
        .annotate(n=Sum("places"))
        .values("n")
    )
    return Coalesce(Subquery(taken), 0) + Coalesce(Subquery(reserved), 0)


COMING, NO_DAYS, PAST = 0, 1, 2


def occasions_by_next_day(
    occasions: QuerySet[CourseOccasion], today: datetime.date | None = None
) -> QuerySet[CourseOccasion]:
    """Coming occasions first, soonest course day first; then those without days; then past ones, latest first.

    Each row gets `first_day`, `last_day`, `next_day` and `group` (COMING, NO_DAYS or PAST).
    """
    today = today or timezone.localdate()
    return (
        occasions.annotate(
            first_day=Min("days__date"),
            last_day=Max("days__date"),
            next_day=Min("days__date", filter=Q(days__date__gte=today)),
        )
        .annotate(
            group=Case(
                When(next_day__isnull=False, then=Value(COMING)),
                When(last_day__isnull=True, then=Value(NO_DAYS)),
                default=Value(PAST),
            )
        )
        .order_by("group", "next_day", "-last_day", "pk")
    )


def completed_course_in_year(person: User, year: int) -> bool:
    """Did `person` complete a course whose days fell in `year`? (Follow-up goal 3 asks only them.)"""
    return Enrollment.objects.filter(
        person=person, status=S.COMPLETED, occasion__days__date__year=year
    ).exists()


def current_steps_for(people: Iterable[User | int]) -> dict[int, dict[int, StepPlacement]]:
    """{person id: {journey id: their current StepPlacement}} for `people` (User objects or ids), in one
    query; people without a step are missing. "Current" is StepPlacement.objects.current()."""
    result = {}
    for placement in (
        StepPlacement.objects.current()
        .filter(person_id__in=[getattr(person, "pk", person) for person in people])
        .select_related("step", "journey")
    ):
        result.setdefault(placement.person_id, {})[placement.journey_id] = placement
    return result


def attach_current_steps(people: Iterable[User]) -> list[User]:
    """Set `current_steps` on each of `people` (their current StepPlacements in journey order) with one
    query for all, for lists that show each person's step; returns `people` as a list."""
    people = list(people)
    placements = current_steps_for(people)
    for person in people:
        person.current_steps = sorted(
            placements.get(person.pk, {}).values(), key=lambda p: (p.journey.order, p.journey.name)
        )
    return people


def people_on_step(step_slug: str) -> QuerySet[User]:
    """Active people whose current step (latest placement on a journey) has the slug `step_slug`."""
    on_step = StepPlacement.objects.current().filter(step__slug=step_slug)
    return User.objects.filter(is_active=True, pk__in=on_step.values("person"))


def current_steps_with_slug(step_slug: str) -> dict[int, Step]:
    """{person id: Step} for everyone whose current step on some journey has the slug `step_slug`
    (the same people as people_on_step, with the step itself, so follow-up can record it)."""
    result = {}
    for placement in (
        StepPlacement.objects.current()
        .filter(step__slug=step_slug)
        .select_related("step")
        .order_by("journey_id")
    ):
        result.setdefault(placement.person_id, placement.step)
    return result


def waiting_list(occasion: CourseOccasion) -> QuerySet[Enrollment]:
    """The reservlista in the order places are offered."""
    return Enrollment.objects.filter(occasion=occasion).waitlist().select_related("person")


def waitlist_positions(enrollments: Iterable[Enrollment]) -> dict[int, int]:
    """{enrollment id: place in the waiting list (1 = next)} for the waitlisted among `enrollments`."""
    positions = {}
    for e in enrollments:
        if e.status == S.WAITLISTED:
            ahead = (
                Enrollment.objects.filter(occasion_id=e.occasion_id, status=S.WAITLISTED)
                .filter(Q(waitlisted_at__lt=e.waitlisted_at) | Q(waitlisted_at=e.waitlisted_at, pk__lt=e.pk))
                .count()
            )
            positions[e.pk] = ahead + 1
    return positions


def occasion_first_day(occasion: CourseOccasion) -> datetime.date | None:
    day = occasion.days.filter(is_cancelled=False).order_by("date", "start_time").first()
    return day.date if day else None


def current_placements(person: User) -> dict[int, StepPlacement]:
    """{journey id: the person's current StepPlacement on that journey}."""
    return current_steps_for([person]).get(person.pk, {})


def current_step_ids(person: User | AnonymousUser) -> dict[int, int]:
    """{journey id: step id} of the person's current steps (for the catalogue's "Du är här")."""
    if not person.is_authenticated:
        return {}
    return {journey_id: placement.step_id for journey_id, placement in current_placements(person).items()}


def step_move_up_target(person: User, journey: Journey) -> tuple[StepPlacement | None, Step | None]:
    """(the current placement or None, the step moving up leads to or None on the last step)."""
    current = current_placements(person).get(journey.pk)
    if current is None:
        return None, Step.objects.filter(journey=journey).order_by("order").first()
    return current, current.step.next_step()


def step_history(person: User) -> QuerySet[StepPlacement]:
    return StepPlacement.objects.filter(person=person).select_related("step", "journey", "changed_by")


def step_move_up_suggestion(
    person: User, placement: StepPlacement | None, today: datetime.date | None = None
) -> str | None:
    """Why the portal suggests moving up from `placement`'s step, or None.

    Suggested when all the step's published courses are completed, or when the years-in-profession
    guidance of the step has passed. We do not store when a person started in the profession, so
    years are estimated as the step's lower bound plus the years spent on the step.
    """
    if placement is None or placement.step.next_step() is None:
        return None
    step = placement.step
    course_ids = set(
        Course.objects.filter(step=step, status=Course.Status.PUBLISHED).values_list("pk", flat=True)
    )
    if course_ids:
        done = set(
            Enrollment.objects.filter(
                person=person, status=S.COMPLETED, occasion__course_id__in=course_ids
            ).values_list("occasion__course_id", flat=True)
        )
        if course_ids <= done:
            return _("Alla kurser på steget är genomförda.")
    if step.years_to is not None:
        today = today or timezone.localdate()
        years_on_step = (today - placement.since).days / 365.25
        if (step.years_from or 0) + years_on_step >= step.years_to:
            return _("Riktmärket för år i yrket (%(years)s år) har passerats.") % {"years": step.years_to}
    return None


def journey_progress(person: User, today: datetime.date | None = None) -> list[dict[str, object]]:
    """The catalogue's route with the person's progress, for the journey page.

    Returns a list of journeys; each has steps; each step has courses with a state (completed,
    booked, waiting, pending, available) and the open occasions one may sign up for.
    """
    today = today or timezone.localdate()
    placements = current_placements(person)
    enrollments = {}
    for enrollment in Enrollment.objects.filter(person=person, status__in=Enrollment.ACTIVE).select_related(
        "occasion"
    ):
        course_id = enrollment.occasion.course_id
        # Keep the most advanced state per course.
        rank = [S.COMPLETED, S.APPROVED, S.PENDING, S.WAITLISTED, S.NOT_COMPLETED]
        if course_id not in enrollments or rank.index(enrollment.status) < rank.index(
            enrollments[course_id].status
        ):
            enrollments[course_id] = enrollment
    open_occasions = {}
    region_id = person.municipality.region_id if person.municipality_id else None
    for occasion in (
        CourseOccasion.objects.filter(
            status=CourseOccasion.Status.OPEN, signup_opens__lte=today, signup_closes__gte=today
        )
        .filter(Q(open_to_other_regions=True) | Q(region_id=region_id))
        .prefetch_related("days")
        .order_by("signup_closes", "pk")
    ):
        open_occasions.setdefault(occasion.course_id, []).append(occasion)
    journeys = []
    for journey in Journey.objects.filter(is_published=True).prefetch_related("steps__courses"):
        placement = placements.get(journey.pk)
        steps = []
        for step in journey.steps.all():
            courses = []
            for course in step.courses.all():
                if not course.is_published:
                    continue
                enrollment = enrollments.get(course.pk)
                state = enrollment.status if enrollment else "available"
                courses.append(
                    {
                        "course": course,
                        "enrollment": enrollment,
                        "state": state,
                        "open_occasions": open_occasions.get(course.pk, [])
                        if not enrollment or state == S.NOT_COMPLETED
                        else [],
                    }
                )
            steps.append(
                {
                    "step": step,
                    "courses": courses,
                    "is_current": placement is not None and placement.step_id == step.pk,
                }
            )
        journeys.append(
            {
                "journey": journey,
                "placement": placement,
                "steps": steps,
                "can_move_up": bool(steps) and not steps[-1]["is_current"],
            }
        )
    return journeys


def participant_rows(occasion: CourseOccasion) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of an occasion's participants, for the page, CSV and XLSX."""
    from .models import Attendance

    days = list(occasion.days.filter(is_cancelled=False).order_by("date", "start_time"))
    headers = [_("Efternamn"), _("Förnamn"), _("E-post"), _("Kommun"), _("Status"), _("Anmäld"), _("Chef")]
    headers += [_("Närvaro %(date)s") % {"date": day.date.strftime("%Y-%m-%d")} for day in days]
    attendance = {
        (a.enrollment_id, a.day_id): a.present
        for a in Attendance.objects.filter(day__in=days, enrollment__occasion=occasion)
    }
    labels = {True: _("Närvarande"), False: _("Uteblev")}
    rows = []
    for e in (
        Enrollment.objects.filter(occasion=occasion, status__in=Enrollment.ACTIVE)
        .select_related("person__municipality", "manager")
        .order_by("person__last_name", "person__first_name")
    ):
        rows.append(
            [
                e.person.last_name,
                e.person.first_name,
                e.person.email,
                e.person.municipality.name if e.person.municipality else "",
                e.get_status_display(),
                timezone.localtime(e.requested_at).strftime("%Y-%m-%d"),
                str(e.manager or ""),
            ]
            + [labels.get(attendance.get((e.pk, day.pk)), "") for day in days]
        )
    return headers, rows


def attendees(occasion: CourseOccasion) -> QuerySet[Enrollment]:
    """Enrollments whose attendance is taken: those with a confirmed place."""
    return (
        Enrollment.objects.filter(occasion=occasion)
        .confirmed()
        .select_related("person__municipality")
        .order_by("person__last_name", "person__first_name")
    )


def occasion_hours(occasion: CourseOccasion) -> float:
    """Hours of the course days that took place (for the certificate)."""
    total = datetime.timedelta()
    for day in occasion.days.filter(is_cancelled=False):
        start = datetime.datetime.combine(day.date, day.start_time)
        total += datetime.datetime.combine(day.date, day.end_time) - start
    return round(total.total_seconds() / 3600, 1)


def municipality_activity(municipality: Municipality, year: int) -> dict[str, int]:
    """Aggregate course activity of a municipality's people in `year` (no personal data):
    {"participants", "booked", "waiting", "completed", "no_shows"}."""
    enrollments = Enrollment.objects.filter(
        person__municipality=municipality, occasion__days__date__year=year
    )
    counts = enrollments.aggregate(
        participants=Count("person", distinct=True, filter=Q(status__in=Enrollment.HOLDS_PLACE)),
        booked=Count("pk", distinct=True, filter=Q(status__in=(S.PENDING, S.APPROVED))),
        waiting=Count("pk", distinct=True, filter=Q(status=S.WAITLISTED)),
        completed=Count("pk", distinct=True, filter=Q(status=S.COMPLETED)),
    )
    from .models import Attendance

    counts["no_shows"] = Attendance.objects.filter(
        enrollment__person__municipality=municipality, day__date__year=year, present=False
    ).count()
    return counts
