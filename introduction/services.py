"""Changes to introduction plans: one function per change, keyword-only plain values, each in one
transaction, raising IntroductionError with a Swedish message when a rule refuses."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Employment
from accounts.services import employment_start
from core.errors import DomainError
from core.scope import MunicipalityScope
from courses.models import Course

from . import rules
from .models import Plan, PlanItem

if TYPE_CHECKING:
    from courses.models import CourseDay, Step
    from municipalities.models import Municipality

User = get_user_model()


class IntroductionError(DomainError):
    """A rule of the introduction refused the change (core.errors.DomainError: a code and a Swedish message)."""


def _check_same_municipality(plan_person: User, other: User | None, what: str) -> None:
    if other is not None and other.municipality_id != plan_person.municipality_id:
        raise IntroductionError(
            _("%(what)s måste arbeta i samma kommun som den nyanställda.") % {"what": what},
            code="other_municipality",
        )


def introduction_start_for(person: User) -> datetime.date | None:
    """The first day of `person`'s introduction, from their employment history."""
    return rules.introduction_start(
        Employment.objects.filter(person=person).values_list("starts_on", "ends_on", "is_move")
    )


@transaction.atomic
def newcomer_hire(
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    starts_on: datetime.date,
    unit: str = "",
    title: str = "",
    step: Step,
    starting_point: str,
    mentor: User | None = None,
    first_social_worker: User | None = None,
    course_ids: Collection[int],
    by: User | None,
) -> Plan:
    """Hire a newcomer and write their plan: the employment (a new person is created as
    socialsekreterare with this manager), then the plan with the chosen courses as items, each with the
    target date of the part it belongs to. Returns the plan."""
    email = email.strip().lower()
    person = User.objects.select_for_update().filter(email=email).first()
    if person is None:
        person = User.objects.create_user(
            email=email, first_name=first_name.strip(), last_name=last_name.strip(), is_social_worker=True
        )
    if Plan.objects.filter(person=person).exists():
        raise IntroductionError(_("Personen har redan en introduktionsplan."), code="has_plan")
    employment_start(
        person=person, municipality=municipality, starts_on=starts_on, unit=unit, title=title, by=by
    )
    person.refresh_from_db()
    # The manager of the newcomer's municipality who hires them becomes their manager (not the project
    # leader, who reaches every municipality).
    if (
        by is not None
        and MunicipalityScope.for_user(by).municipality_id == municipality.pk
        and not person.manager_id
    ):
        person.manager = by
        person.save(update_fields=["manager"])
    for other, what in ((mentor, _("Mentorn")), (first_social_worker, _("1:e socialsekreteraren"))):
        _check_same_municipality(person, other, what)
    plan = Plan.objects.create(
        person=person,
        municipality=municipality,
        step=step,
        starting_point=starting_point,
        starts_on=introduction_start_for(person),
        mentor=mentor,
        first_social_worker=first_social_worker,
        created_by=by,
    )
    courses = Course.objects.filter(pk__in=course_ids, step__journey=step.journey)
    if len(set(course_ids)) != courses.count():
        raise IntroductionError(_("En av kurserna hör inte till yrkesresan."), code="course")
    for course in courses:
        plan_course_add(plan=plan, course=course, by=by)
    return plan


def _target_date(plan: Plan, course: Course) -> datetime.date | None:
    """A course's target date: the deadline of the first part it belongs to, else none."""
    part = course.journey_parts.filter(journey=plan.step.journey).order_by("number").first()
    return rules.part_deadline(plan.starts_on, part.due_months) if part else None


@transaction.atomic
def plan_course_add(
    *, plan: Plan, course: Course, by: User | None, due_on: datetime.date | None = None
) -> PlanItem:
    if course.step.journey_id != plan.step.journey_id:
        raise IntroductionError(_("Kursen hör inte till planens yrkesresa."), code="course")
    try:
        with transaction.atomic():
            return PlanItem.objects.create(
                plan=plan,
                kind=PlanItem.Kind.COURSE,
                course=course,
                due_on=due_on or _target_date(plan, course),
                responsible=plan.person,
            )
    except IntegrityError:
        raise IntroductionError(_("Kursen finns redan i planen."), code="duplicate") from None


@transaction.atomic
def plan_item_add(
    *,
    plan: Plan,
    kind: str,
    title: str = "",
    responsible: User | None = None,
    due_on: datetime.date | None = None,
    by: User | None,
) -> PlanItem:
    """Add a local learning item (gå bredvid, reflection, meetings, check-ins) with who and when."""
    if kind not in PlanItem.Kind.values or kind == PlanItem.Kind.COURSE:
        raise IntroductionError(_("Välj vad punkten gäller."), code="kind")
    if kind == PlanItem.Kind.OTHER and not title.strip():
        raise IntroductionError(_("Beskriv punkten."), code="title")
    plan = Plan.objects.select_related("person").get(pk=plan.pk)
    if responsible is not None and responsible.pk != plan.person_id:
        _check_same_municipality(plan.person, responsible, _("Den ansvariga"))
    return PlanItem.objects.create(
        plan=plan, kind=kind, title=title.strip(), responsible=responsible, due_on=due_on
    )


@transaction.atomic
def plan_item_tick(*, item: PlanItem, done: bool, by: User | None) -> PlanItem:
    """Tick (or untick) an item; who and when are recorded."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by"])
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem, by: User | None) -> None:
    if item.done_at is not None:
        raise IntroductionError(_("En avbockad punkt kan inte tas bort."), code="done")
    item.delete()


@transaction.atomic
def plan_people_set(
    *, plan: Plan, mentor: User | None, first_social_worker: User | None, by: User | None
) -> Plan:
    plan = Plan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    _check_same_municipality(plan.person, mentor, _("Mentorn"))
    _check_same_municipality(plan.person, first_social_worker, _("1:e socialsekreteraren"))
    plan.mentor, plan.first_social_worker = mentor, first_social_worker
    plan.save(update_fields=["mentor", "first_social_worker"])
    return plan


@transaction.atomic
def plan_sign_off(*, plan: Plan, by: User | None) -> Plan:
    """The manager signs the plan off as complete; who and when are recorded, once."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.signed_off_at is not None:
        raise IntroductionError(_("Planen är redan godkänd som genomförd."), code="signed")
    if plan.items.filter(done_at__isnull=True).exists():
        raise IntroductionError(
            _("Alla punkter i planen måste vara avbockade innan planen godkänns."), code="open_items"
        )
    plan.signed_off_at, plan.signed_off_by = timezone.now(), by
    plan.save(update_fields=["signed_off_at", "signed_off_by"])
    return plan


def practice_items_after_day(*, day: CourseDay, person_ids: Iterable[int]) -> int:
    """After a course day, a "practice at home" item on each present newcomer's open plan, led by
    their 1:e socialsekreterare (seed 002). Safe to run twice: one item per plan and day."""
    created = 0
    for plan in Plan.objects.filter(person_id__in=person_ids, signed_off_at__isnull=True):
        _item, was_created = PlanItem.objects.get_or_create(
            plan=plan,
            after_day=day,
            defaults={
                "kind": PlanItem.Kind.PRACTICE,
                "title": _("Träna på hemmaplan efter kursdagen %(date)s i %(course)s")
                % {"date": formats.date_format(day.date, "DATE_FORMAT"), "course": day.occasion.course},
                "responsible_id": plan.first_social_worker_id,
                "due_on": day.date + datetime.timedelta(days=7),
            },
        )
        created += was_created
    return created
