"""Reads of the introduction: who may see which plan, the journey's parts, each plan's progress
against its deadlines (a few queries however many plans), and the per-municipality figures."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from core.scope import ACCOMPANY, MANAGE, MunicipalityScope
from courses.models import Course
from enrollment.models import Attendance, Enrollment

from . import rules
from .models import DigitalCompletion, JourneyPart, Plan, PlanItem, StartingPointProposal

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from courses.models import Journey, Step
    from municipalities.models import Municipality

S = Enrollment.Status


def plans_visible_to(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans the user may open: all for the project leader; their municipality's for a manager; the
    plans they are named in (while the newcomer works in their municipality) for a mentor or 1:e
    socialsekreterare; their own for the newcomer. Everything else answers 404."""
    plans = Plan.objects.select_related(
        "person",
        "person__municipality",
        "step",
        "step__journey",
        "mentor",
        "first_social_worker",
        "municipality",
    )
    if not user.is_authenticated:
        return plans.none()
    # How far the user reaches is the scope policy's answer (accounts.scope.POLICY), for both purposes.
    manage = MunicipalityScope.for_user(user, MANAGE)
    if manage.everything:
        return plans
    scope = Q(person=user)
    if manage.municipality_id is not None:
        scope |= Q(person__municipality_id=manage.municipality_id)
    accompany = MunicipalityScope.for_user(user, ACCOMPANY)
    if accompany.municipality_id is not None:
        scope |= Q(person__municipality_id=accompany.municipality_id) & (
            Q(mentor=user) | Q(first_social_worker=user)
        )
    return plans.filter(scope)


def plans_editable_by(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans whose items and sign-off the user may change: those of the people they manage (the scope
    policy's MANAGE reach: the project leader's all, a manager's own municipality)."""
    return MunicipalityScope.for_user(user, MANAGE).filter(plans_visible_to(user), "person__municipality")


def may_tick(user: User | AnonymousUser, plan: Plan) -> bool:
    """Who ticks an item: the plan's managers and the mentor and 1:e socialsekreterare named in it
    (while the newcomer is in their municipality: the policy's ACCOMPANY reach)."""
    if plans_editable_by(user).filter(pk=plan.pk).exists():
        return True
    named = user.pk in (plan.mentor_id, plan.first_social_worker_id)
    return named and MunicipalityScope.for_user(user, ACCOMPANY).check(plan.person.municipality_id)


def part_courses(journey: Journey, part: int) -> QuerySet[Course]:
    """The courses of part 1 or 2 of a journey (what the project leader set as data)."""
    return Course.objects.filter(journey_parts__journey=journey, journey_parts__number=part)


def journey_parts(journey_ids: Iterable[int]) -> dict[int, list[JourneyPart]]:
    """{journey id: [JourneyPart with .course_ids]} for the journeys."""
    parts = defaultdict(list)
    for part in JourneyPart.objects.filter(journey_id__in=journey_ids).prefetch_related("courses"):
        part.course_ids = frozenset(course.pk for course in part.courses.all())
        parts[part.journey_id].append(part)
    return parts


def proposal_for(step: Step, starting_point: str) -> QuerySet[Course]:
    """The courses proposed for a new plan on `step` with `starting_point`."""
    proposal = StartingPointProposal.objects.filter(step=step, starting_point=starting_point).first()
    step_course_ids = Course.objects.filter(step=step, status=Course.Status.PUBLISHED).values_list(
        "pk", flat=True
    )
    ids = rules.proposed_course_ids(
        step_course_ids=step_course_ids,
        proposal_course_ids=proposal.courses.values_list("pk", flat=True) if proposal else None,
    )
    return Course.objects.filter(pk__in=ids).order_by("order", "name")


def _done_on(
    person_ids: Iterable[int], course_ids: Iterable[int]
) -> tuple[dict[tuple[int, int], datetime.date], dict[tuple[int, int], datetime.date]]:
    """({(person, course): date of the course days done}, {(person, course): digital completion date})."""
    days = {}
    for row in (
        Enrollment.objects.filter(
            person_id__in=person_ids, occasion__course_id__in=course_ids, status=S.COMPLETED
        )
        .values("person_id", "occasion__course_id")
        .annotate(last=Max("occasion__days__date", filter=Q(occasion__days__is_cancelled=False)))
    ):
        key = (row["person_id"], row["occasion__course_id"])
        if row["last"] and (key not in days or row["last"] < days[key]):
            days[key] = row["last"]
    digital = {
        (c.person_id, c.course_id): c.completed_on
        for c in DigitalCompletion.objects.filter(person_id__in=person_ids, course_id__in=course_ids)
    }
    return days, digital


def _booked(
    person_ids: Iterable[int], course_ids: Iterable[int]
) -> dict[tuple[int, int], list[datetime.date]]:
    """{(person, course): [last course day of each booking still to come]} for confirmed or pending
    bookings (a pending request holds a place)."""
    booked = defaultdict(list)
    for row in (
        Enrollment.objects.filter(
            person_id__in=person_ids, occasion__course_id__in=course_ids, status__in=[S.PENDING, S.APPROVED]
        )
        .values("person_id", "occasion__course_id")
        .annotate(last=Max("occasion__days__date", filter=Q(occasion__days__is_cancelled=False)))
    ):
        if row["last"]:
            booked[(row["person_id"], row["occasion__course_id"])].append(row["last"])
    return booked


def _days_attended(person_ids: Iterable[int], course_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """{(person, course): course days attended}."""
    return {
        (row["enrollment__person_id"], row["day__occasion__course_id"]): row["n"]
        for row in Attendance.objects.filter(
            enrollment__person_id__in=person_ids,
            day__occasion__course_id__in=course_ids,
            day__is_cancelled=False,
            present=True,
        )
        .values("enrollment__person_id", "day__occasion__course_id")
        .annotate(n=Count("pk"))
    }


def progress_for(
    plans: Iterable[Plan], today: datetime.date | None = None
) -> dict[int, list[rules.PartProgress]]:
    """{plan id: [PartProgress, …]} for the plans, in a fixed number of queries."""
    today = today or timezone.localdate()
    plans = list(plans)
    parts_by_journey = journey_parts({plan.step.journey_id for plan in plans})
    person_ids = {plan.person_id for plan in plans}
    course_ids = {cid for parts in parts_by_journey.values() for part in parts for cid in part.course_ids}
    days_done_on, digital_on = _done_on(person_ids, course_ids)
    booked = _booked(person_ids, course_ids)
    attended = _days_attended(person_ids, course_ids)
    progress = {}
    for plan in plans:
        results = []
        for part in parts_by_journey.get(plan.step.journey_id, []):
            deadline = rules.part_deadline(plan.starts_on, part.due_months)
            done_on = {}
            for course_id in part.course_ids:
                dates = [days_done_on.get((plan.person_id, course_id))]
                if part.digital_counts:
                    dates.append(digital_on.get((plan.person_id, course_id)))
                dates = [date for date in dates if date]
                if dates:
                    done_on[course_id] = min(dates)
            completed_on = rules.part_completed_on(part.course_ids, done_on)
            in_time = {
                course_id
                for course_id in part.course_ids
                if any(last <= deadline for last in booked.get((plan.person_id, course_id), []))
            }
            results.append(
                rules.PartProgress(
                    number=part.number,
                    deadline=deadline,
                    expected_days=part.expected_days,
                    days_done=sum(attended.get((plan.person_id, cid), 0) for cid in part.course_ids),
                    course_ids=part.course_ids,
                    done_course_ids=frozenset(done_on),
                    completed_on=completed_on,
                    status=rules.part_status(
                        deadline=deadline,
                        today=today,
                        completed_on=completed_on,
                        remaining_course_ids=part.course_ids - set(done_on),
                        booked_in_time_course_ids=in_time,
                    ),
                )
            )
        progress[plan.pk] = results
    return progress


def plan_progress(plan: Plan, today: datetime.date | None = None) -> list[rules.PartProgress]:
    return progress_for([plan], today)[plan.pk]


def plans_needing_attention(
    user: User, today: datetime.date | None = None
) -> list[tuple[Plan, rules.PartProgress]]:
    """The user's newcomers whose part 1 or 2 is at risk or overdue, ordered by that part's deadline:
    [(plan, part progress)]."""
    return needing_attention(plans_editable_by(user).filter(signed_off_at__isnull=True), today)


def needing_attention(
    plans: Iterable[Plan], today: datetime.date | None = None
) -> list[tuple[Plan, rules.PartProgress]]:
    """[(plan, first part at risk or overdue)] of `plans`, ordered by that part's deadline."""
    today = today or timezone.localdate()
    plans = list(plans)
    if not plans:
        return []
    progress = progress_for(plans, today)
    flagged = []
    for plan in plans:
        for part in progress[plan.pk]:
            if part.status in ("at_risk", "overdue"):
                flagged.append((plan, part))
                break
    return sorted(flagged, key=lambda pair: (pair[1].deadline, pair[0].pk))


def plan_items(plan: Plan) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("course", "responsible", "done_by", "after_day")
        .order_by("due_on", "pk")
    )


def digital_completions(person: User) -> QuerySet[DigitalCompletion]:
    return DigitalCompletion.objects.filter(person=person).select_related("course").order_by("completed_on")


def municipality_figures(
    year: int, today: datetime.date | None = None, municipalities: Iterable[Municipality] | None = None
) -> dict[str, object]:
    """The introduction figures of `year` per municipality of hire and for the region (raw counts, before
    any suppression of small groups; reports applies it):

    {"rows": [{"municipality", "hires", "with_plan", "part1_in_time", "part1_due", "median_days_to_part1",
    "part2_on_track", "part2_counted"}], "region": {...same keys without municipality}}

    `municipalities` (all of them) is for a caller that has them already: their names are not read again.
    """
    from accounts.models import Employment
    from municipalities.models import Municipality

    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    hires = defaultdict(set)
    for municipality_id, person_id in Employment.objects.filter(
        starts_on__range=(first, last), is_move=False
    ).values_list("municipality_id", "person_id"):
        hires[municipality_id].add(person_id)
    plans = list(Plan.objects.filter(starts_on__range=(first, last)).select_related("step"))
    progress = progress_for(plans, today)
    per = defaultdict(list)
    for plan in plans:
        per[plan.municipality_id].append(plan)
        hires[plan.municipality_id].add(plan.person_id)

    def figures(plan_list: Iterable[Plan], hired: set[int]) -> dict[str, int | float | None]:
        part1_in_time = part1_due = part2_on_track = part2_counted = 0
        days_to_part1 = []
        for plan in plan_list:
            parts = {p.number: p for p in progress[plan.pk]}
            one, two = parts.get(1), parts.get(2)
            if one is not None and (one.is_complete or today > one.deadline):
                part1_due += 1
                if one.status == "done":
                    part1_in_time += 1
            if one is not None and one.is_complete:
                days_to_part1.append((one.completed_on - plan.starts_on).days)
            if two is not None:
                part2_counted += 1
                part2_on_track += rules.on_track_for_part_two(
                    start=plan.starts_on,
                    deadline=two.deadline,
                    today=today,
                    days_done=two.days_done,
                    expected_days=two.expected_days,
                    completed_on=two.completed_on,
                )
        return {
            "hires": len(hired),
            "with_plan": len({plan.person_id for plan in plan_list} & hired),
            "part1_in_time": part1_in_time,
            "part1_due": part1_due,
            "median_days_to_part1": rules.median(days_to_part1),
            "part2_on_track": part2_on_track,
            "part2_counted": part2_counted,
        }

    if municipalities is None:
        municipalities = Municipality.objects.filter(pk__in=hires.keys())
    municipalities = {m.pk: m for m in municipalities}
    rows = [
        {"municipality": municipalities[mid], **figures(per.get(mid, []), people)}
        for mid, people in sorted(hires.items(), key=lambda pair: municipalities[pair[0]].name)
    ]
    everyone = set().union(*hires.values()) if hires else set()
    return {"rows": rows, "region": figures(plans, everyone)}
