"""State changes of enrollments: one function per transition, each in one transaction.

Every function that takes or frees a place locks the occasion row (select_for_update; a sign-up only
after the checks that need no lock, so that a rush queues on it briefly), then re-reads and recounts,
checks the state guard (raising EnrollmentError with a Swedish message), changes the state, writes an
EnrollmentEvent and writes its e-mails to the outbox in the same transaction (notifications.py). A pending request
holds a place (see models.py); a freed place goes to the first on the waiting list in the same
transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core import outbox
from core.errors import DomainError
from courses.locks import lock_occasion
from courses.models import CourseOccasion

from . import notifications
from .access import may_act_for
from .models import (
    Attendance,
    Enrollment,
    EnrollmentEvent,
    StepPlacement,
    occasion_is_over,
    occasion_last_day,
)
from .selectors import current_placements, occasion_first_day, places_taken, step_move_up_target
from .signals import attendance_recorded, occasion_completed, step_changed

if TYPE_CHECKING:
    from accounts.models import User
    from courses.models import Course, CourseDay, Journey, Step

S = Enrollment.Status


class EnrollmentError(DomainError):
    """A rule of the enrollment app refused the change (core.errors.DomainError: code + Swedish message)."""


def _lock_enrollment(enrollment: Enrollment) -> Enrollment:
    """Lock the occasion, then the enrollment (always in that order), and return a fresh copy."""
    occasion = lock_occasion(enrollment.occasion_id)
    fresh = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    fresh.occasion = occasion
    return fresh


def _change(
    enrollment: Enrollment, to_status: str, actor: User | None, reason: str = "", notify: bool = True
) -> EnrollmentEvent:
    from_status = enrollment.status if enrollment.pk else ""
    enrollment.status = to_status
    now = timezone.now()
    if to_status == S.PENDING:
        enrollment.pending_since = now
    if to_status == S.WAITLISTED:
        enrollment.waitlisted_at = now
    if to_status in (S.APPROVED, S.REJECTED) and actor is not None:
        enrollment.decided_by, enrollment.decided_at = actor, now
    if reason:
        enrollment.reason = reason
    enrollment.save()
    event = EnrollmentEvent.objects.create(
        enrollment=enrollment,
        actor=actor,
        at=now,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    if notify:
        outbox.enqueue(notifications.enrollment_event(event))
    return event


def _check_open_for_signup(
    occasion: CourseOccasion, today: datetime.date | None = None, bypass_dates: bool = False
) -> None:
    today = today or timezone.localdate()
    if occasion.status == CourseOccasion.Status.CANCELLED:
        raise EnrollmentError(_("Kurstillfället är inställt."), code="cancelled")
    if occasion.status == CourseOccasion.Status.COMPLETED:
        raise EnrollmentError(_("Kurstillfället är redan genomfört."), code="completed")
    if bypass_dates:
        return
    if occasion.status != CourseOccasion.Status.OPEN or today < occasion.signup_opens:
        raise EnrollmentError(_("Anmälan till kurstillfället har inte öppnat."), code="not_open")
    if today > occasion.signup_closes:
        raise EnrollmentError(_("Sista anmälningsdag har passerat."), code="closed")


def _check_region(occasion: CourseOccasion, person: User) -> None:
    """An occasion not opened to other regions takes only people from the organising region."""
    region_id = person.municipality.region_id if person.municipality_id else None
    if not occasion.open_to_other_regions and region_id != occasion.region_id:
        raise EnrollmentError(
            _("Kurstillfället är bara öppet för deltagare från %(region)s.") % {"region": occasion.region},
            code="region",
        )


def _check_may_book(occasion: CourseOccasion, person: User) -> None:
    """Not already enrolled here; the course not completed (a person who did not complete it may book
    again); no other occasion of the course booked at the same time. One query.

    Run before the occasion lock: a second sign-up racing past it, here or on another occasion of the
    course, is stopped by the database's unique constraints (see _create).
    """
    mine = list(
        Enrollment.objects.filter(person=person, occasion__course_id=occasion.course_id).values_list(
            "occasion_id", "status"
        )
    )
    if any(occasion_id == occasion.pk and status in Enrollment.ACTIVE for occasion_id, status in mine):
        raise EnrollmentError(
            _("%(person)s är redan anmäld till kurstillfället.") % {"person": person}, code="duplicate"
        )
    if any(status == S.COMPLETED for _occasion_id, status in mine):
        raise EnrollmentError(
            _("%(person)s har redan genomfört kursen %(course)s.")
            % {"person": person, "course": occasion.course},
            code="course_completed",
        )
    if any(occasion_id != occasion.pk and status in Enrollment.BOOKED for occasion_id, status in mine):
        raise _course_booked(person, occasion.course)


def _check_signup(occasion: CourseOccasion, person: User, today: datetime.date | None = None) -> None:
    """The rules of a person's own sign-up, in one place for the service and the sign-up page."""
    _check_open_for_signup(occasion, today)
    _check_region(occasion, person)
    _check_may_book(occasion, person)


def signup_refusal(
    occasion: CourseOccasion, person: User, today: datetime.date | None = None
) -> EnrollmentError | None:
    """The EnrollmentError a sign-up would be refused with now, or None: the page shows it up front.

    Only a hint (nothing is locked); enrollment_request checks again under the lock.
    """
    try:
        _check_signup(occasion, person, today)
    except EnrollmentError as error:
        return error
    return None


def _has_room(occasion: CourseOccasion) -> bool:
    return places_taken(occasion) < occasion.capacity


def _own_booking() -> EnrollmentError:
    """Nobody approves their own booking, not even by nominating themselves (pre-approved)."""
    return EnrollmentError(
        _(
            "Du kan inte godkänna din egen anmälan. Anmäl dig som deltagare, så godkänner en annan "
            "chef i kommunen eller projektledaren anmälan."
        ),
        code="own",
    )


def _course_booked(person: User, course: Course) -> EnrollmentError:
    return EnrollmentError(
        _(
            "%(person)s är redan anmäld till ett annat tillfälle av kursen %(course)s. "
            "Avboka det först för att byta tillfälle."
        )
        % {"person": person, "course": course},
        code="course_booked",
    )


def _create(
    occasion: CourseOccasion, person: User, status: str, actor: User | None, **fields: object
) -> tuple[Enrollment, EnrollmentEvent]:
    """Called inside the caller's atomic block, under the occasion lock. No savepoint of its own (two more
    round trips under the lock): on an IntegrityError the EnrollmentError raised leaves the caller's
    block, which rolls back.

    The database holds both rules that a check before the lock cannot: one active enrollment per
    person and occasion, and one booking per person and course over all its occasions (a sign-up to
    another occasion of the course runs under that occasion's lock, not this one)."""
    enrollment = Enrollment(
        occasion=occasion, course_id=occasion.course_id, person=person, requested_by=actor, **fields
    )
    try:
        with transaction.atomic(savepoint=False):
            return enrollment, _change(enrollment, status, actor)
    except IntegrityError as error:
        # PostgreSQL names the constraint; SQLite names its columns.
        message = str(error)
        if "one_booking_per_person_and_course" in message or "course_id" in message:
            raise _course_booked(person, occasion.course) from None
        raise EnrollmentError(
            _("%(person)s är redan anmäld till kurstillfället.") % {"person": person}, code="duplicate"
        ) from None


@transaction.atomic
def enrollment_request(
    occasion: CourseOccasion, person: User, manager: User | None, today: datetime.date | None = None
) -> Enrollment:
    """A social worker's own sign-up: pending (holding a place) if there is room, else waitlisted.

    The named manager is stored on the person, so the next sign-up is prefilled with it. Every check
    that does not count places runs before the occasion lock (on the occasion as the caller read it), so
    that sign-ups to a full occasion queue on the lock only for the recount and the insert; the status
    and dates are checked again under the lock.
    """
    _check_signup(occasion, person, today)
    if (
        manager is None
        or not manager.has_role(Role.MANAGER)
        or manager.municipality_id != person.municipality_id
    ):
        raise EnrollmentError(_("Välj en chef i din kommun."), code="manager")
    if person.manager_id != manager.pk:
        person.manager = manager
        person.save(update_fields=["manager"])
    course = occasion.course  # read before the lock, for a refusal after a failed insert
    occasion = lock_occasion(occasion.pk)
    occasion.course = course
    _check_open_for_signup(occasion, today)  # cancelled or closed meanwhile?
    status = S.PENDING if _has_room(occasion) else S.WAITLISTED
    enrollment, _event = _create(occasion, person, status, person, manager=manager)
    return enrollment


@transaction.atomic
def enrollment_nominate(
    occasion: CourseOccasion, person: User, by: User, today: datetime.date | None = None
) -> Enrollment:
    """A manager (own municipality's staff) or the project leader (anyone) books a person:
    approved at once if there is room, else waitlisted; no separate approval needed.

    As enrollment_request: the checks that need no lock first, the recount under the occasion lock."""
    if not may_act_for(by, person):
        raise EnrollmentError(_("Du kan bara anmäla personal i din egen kommun."), code="forbidden")
    if by.pk == person.pk:
        raise _own_booking()
    bypass_dates = by.has_role(Role.PROJECT_LEADER)
    _check_open_for_signup(occasion, today, bypass_dates=bypass_dates)
    if not bypass_dates:
        _check_region(occasion, person)
    _check_may_book(occasion, person)
    course = occasion.course  # read before the lock, for a refusal after a failed insert
    occasion = lock_occasion(occasion.pk)
    occasion.course = course
    _check_open_for_signup(occasion, today, bypass_dates=bypass_dates)  # cancelled or closed meanwhile?
    status = S.APPROVED if _has_room(occasion) else S.WAITLISTED
    # The nominating manager is the person's manager for this booking (the project leader is not).
    manager_id = (
        by.pk
        if by.has_role(Role.MANAGER) and by.municipality_id == person.municipality_id
        else person.manager_id
    )
    enrollment, _event = _create(occasion, person, status, by, manager_id=manager_id, pre_approved=True)
    return enrollment


@transaction.atomic
def enrollment_approve(enrollment: Enrollment, by: User, reason: str = "") -> Enrollment:
    """The manager approves a pending request; its place is already held."""
    if not may_act_for(by, enrollment.person):
        raise EnrollmentError(
            _("Du kan bara godkänna anmälningar från personal i din kommun."), code="forbidden"
        )
    if by.pk == enrollment.person_id:
        raise _own_booking()
    enrollment = _lock_enrollment(enrollment)
    if enrollment.status == S.APPROVED:
        raise EnrollmentError(_("Anmälan är redan godkänd."), code="already")
    if enrollment.status in Enrollment.CANCELLATIONS:
        raise EnrollmentError(_("Anmälan har avbokats och kan inte längre godkännas."), code="cancelled")
    if enrollment.status != S.PENDING:
        raise EnrollmentError(
            _("Anmälan har status %(status)s och kan inte godkännas.")
            % {"status": enrollment.get_status_display().lower()},
            code="state",
        )
    _change(enrollment, S.APPROVED, by, reason)
    return enrollment


@transaction.atomic
def enrollment_reject(enrollment: Enrollment, by: User, reason: str | None) -> Enrollment:
    """The manager rejects a pending or waitlisted request, with a reason the person sees."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentError(_("Skriv en motivering som deltagaren kan läsa."), code="reason")
    if not may_act_for(by, enrollment.person):
        raise EnrollmentError(
            _("Du kan bara hantera anmälningar från personal i din kommun."), code="forbidden"
        )
    enrollment = _lock_enrollment(enrollment)
    if enrollment.status == S.REJECTED:
        raise EnrollmentError(_("Anmälan är redan avslagen."), code="already")
    if enrollment.status in Enrollment.CANCELLATIONS:
        raise EnrollmentError(_("Anmälan har avbokats och kan inte längre avslås."), code="cancelled")
    if enrollment.status not in (S.PENDING, S.WAITLISTED):
        raise EnrollmentError(
            _("Anmälan har status %(status)s och kan inte avslås.")
            % {"status": enrollment.get_status_display().lower()},
            code="state",
        )
    held_place = enrollment.status in Enrollment.HOLDS_PLACE
    _change(enrollment, S.REJECTED, by, reason)
    if held_place:
        _promote(enrollment.occasion, by)
    return enrollment


@transaction.atomic
def enrollment_cancel(
    enrollment: Enrollment, by: User, reason: str = "", today: datetime.date | None = None
) -> Enrollment:
    """Cancel a booking: avbokad up to the cancellation deadline, sen avbokning after it, återbud
    from the first course day on. Leaving the waiting list is always a plain cancellation."""
    if enrollment.person_id != by.pk and not may_act_for(by, enrollment.person):
        raise EnrollmentError(_("Du kan inte avboka den här anmälan."), code="forbidden")
    enrollment = _lock_enrollment(enrollment)
    if enrollment.status in Enrollment.CANCELLATIONS:
        raise EnrollmentError(_("Anmälan är redan avbokad."), code="already")
    if enrollment.status not in Enrollment.CANCELLABLE:
        raise EnrollmentError(
            _("Anmälan har status %(status)s och kan inte avbokas.")
            % {"status": enrollment.get_status_display().lower()},
            code="state",
        )
    today = today or timezone.localdate()
    if occasion_is_over(enrollment.occasion, today):
        raise EnrollmentError(
            _("Kurstillfällets sista dag har passerat. Det går inte längre att avboka."), code="over"
        )
    first_day = occasion_first_day(enrollment.occasion)
    held_place = enrollment.status in Enrollment.HOLDS_PLACE
    if enrollment.status == S.WAITLISTED or today <= enrollment.occasion.cancellation_deadline:
        status = S.CANCELLED
    elif first_day is not None and today >= first_day:
        status = S.WITHDRAWN
    else:
        status = S.LATE_CANCELLED
    _change(enrollment, status, by, reason)
    if held_place:
        _promote(enrollment.occasion, by, today)
    return enrollment


def _promote(
    occasion: CourseOccasion, by: User | None = None, today: datetime.date | None = None
) -> list[Enrollment]:
    """Give free places to the first on the waiting list; the caller holds the occasion lock."""
    today = today or timezone.localdate()
    if occasion.status in (CourseOccasion.Status.CANCELLED, CourseOccasion.Status.COMPLETED):
        return []
    first_day = occasion_first_day(occasion)
    if first_day is not None and first_day < today:
        return []
    free = occasion.capacity - places_taken(occasion)
    promoted = []
    if free <= 0:
        return promoted
    for enrollment in (
        Enrollment.objects.select_for_update()
        .select_related("person")
        .filter(occasion=occasion)
        .waitlist()[:free]
    ):
        enrollment.occasion = occasion
        # A nomination is confirmed at once; an own request still needs the manager's approval.
        _change(
            enrollment,
            S.APPROVED if enrollment.pre_approved else S.PENDING,
            by,
            _("Plats från reservlistan."),
        )
        promoted.append(enrollment)
    return promoted


@transaction.atomic
def waitlist_promote(
    occasion: CourseOccasion, by: User | None = None, today: datetime.date | None = None
) -> list[Enrollment]:
    """Offer every free place to the waiting list in order; also the beat sweep's backstop."""
    return _promote(lock_occasion(occasion.pk), by, today)


@transaction.atomic
def occasion_cancel_enrollments(occasion: CourseOccasion, by: User | None = None) -> list[Enrollment]:
    """The occasion is cancelled: end every active booking (places free, nothing left to cancel).

    No per-booking e-mail: notifications.occasion_cancelled tells each person once.
    """
    occasion = lock_occasion(occasion.pk)
    if occasion.status != CourseOccasion.Status.CANCELLED:
        return []
    ended = []
    for enrollment in (
        Enrollment.objects.select_for_update()
        .select_related("person")
        .filter(occasion=occasion, status__in=Enrollment.CANCELLABLE)
    ):
        enrollment.occasion = occasion
        _change(enrollment, S.OCCASION_CANCELLED, by, _("Kurstillfället är inställt."), notify=False)
        ended.append(enrollment)
    return ended


@transaction.atomic
def decline_pending_after_signup_closed(
    occasion: CourseOccasion, today: datetime.date | None = None
) -> list[Enrollment]:
    """Requests still waiting for approval when sign-up has closed are declined, with a notice."""
    today = today or timezone.localdate()
    occasion = lock_occasion(occasion.pk)
    if today <= occasion.signup_closes:
        return []
    declined = []
    for enrollment in (
        Enrollment.objects.select_for_update()
        .select_related("person")
        .filter(occasion=occasion, status=S.PENDING)
    ):
        if enrollment.pending_since and timezone.localdate(enrollment.pending_since) > occasion.signup_closes:
            continue  # promoted from the waiting list after closing: the manager still decides
        enrollment.occasion = occasion
        _change(enrollment, S.REJECTED, None, _("Anmälan godkändes inte före sista anmälningsdag."))
        declined.append(enrollment)
    if declined:
        _promote(occasion, None, today)
    return declined


@transaction.atomic
def attendance_record(
    day: CourseDay, present_ids: Iterable[int | str], by: User, today: datetime.date | None = None
) -> int:
    """Mark every confirmed participant present (ids in `present_ids`) or absent on a course day."""
    today = today or timezone.localdate()
    occasion = lock_occasion(day.occasion_id)
    if day.occasion_id != occasion.pk or day.is_cancelled:
        raise EnrollmentError(_("Kursdagen är inställd."), code="cancelled")
    if day.date > today:
        raise EnrollmentError(_("Närvaro kan registreras först på kursdagen."), code="future")
    present_ids = {int(pk) for pk in present_ids}
    enrollments = list(Enrollment.objects.filter(occasion=occasion).confirmed())
    unknown = present_ids - {e.pk for e in enrollments}
    if unknown:
        raise EnrollmentError(_("Någon av deltagarna finns inte längre på kurstillfället."), code="unknown")
    for enrollment in enrollments:
        Attendance.objects.update_or_create(
            enrollment=enrollment,
            day=day,
            defaults={
                "present": enrollment.pk in present_ids,
                "recorded_by": by,
            },
        )
    attendance_recorded.send(
        sender=CourseOccasion,
        day=day,
        present_person_ids=[e.person_id for e in enrollments if e.pk in present_ids],
    )
    if occasion.status == CourseOccasion.Status.COMPLETED:
        # Already settled: the result follows the corrected attendance at once, never stale.
        completed_ids, changed = _settle(occasion, by, list(occasion.days.filter(is_cancelled=False)))
        if changed:
            occasion_completed.send(sender=CourseOccasion, occasion=occasion, participant_ids=completed_ids)
    return len(enrollments)


def _settle(occasion: CourseOccasion, by: User | None, days: list[CourseDay]) -> tuple[list[int], bool]:
    """Genomförd or ej genomförd for each participant by the course's attendance rule; returns the
    ids of those who completed and whether any result changed. The caller holds the occasion lock."""
    required = occasion.course.required_attendance_percent
    completed_ids, changed = [], False
    for enrollment in Enrollment.objects.select_for_update().filter(occasion=occasion).confirmed():
        present = Attendance.objects.filter(enrollment=enrollment, day__in=days, present=True).count()
        status = S.COMPLETED if present * 100 >= required * len(days) else S.NOT_COMPLETED
        if status != enrollment.status:
            _change(enrollment, status, by, notify=False)
            changed = True
        if status == S.COMPLETED:
            completed_ids.append(enrollment.person_id)
    return completed_ids, changed


def completion_refusal(occasion: CourseOccasion, today: datetime.date | None = None) -> str | None:
    """Why the occasion cannot be completed (settled) now, or None: the page says it instead of
    offering a button that would be refused. enrollment_complete checks the same under the lock."""
    today = today or timezone.localdate()
    if occasion.status == CourseOccasion.Status.CANCELLED:
        return _("Kurstillfället är inställt och kan inte avslutas.")
    last = occasion_last_day(occasion)
    if last is None:
        return _("Kurstillfället har inga kursdagar och kan inte avslutas.")
    if last > today:
        return _("Kurstillfället kan avslutas från sista kursdagen, %(date)s.") % {
            "date": formats.date_format(last, "DATE_FORMAT")
        }
    return None


@transaction.atomic
def enrollment_complete(
    occasion: CourseOccasion, by: User | None, today: datetime.date | None = None
) -> list[int]:
    """Settle the occasion after its last day: genomförd when the course's attendance rule is met,
    else ej genomförd; the waiting list is closed. Safe to run again; attendance corrected later
    settles again by itself (attendance_record)."""
    today = today or timezone.localdate()
    occasion = lock_occasion(occasion.pk)
    refusal = completion_refusal(occasion, today)
    if refusal:
        raise EnrollmentError(refusal, code="early")
    days = list(occasion.days.filter(is_cancelled=False))
    completed_ids, _changed = _settle(occasion, by, days)
    # Nobody left on the waiting list gets a place now: each is told (with the course's next occasion).
    for enrollment in Enrollment.objects.select_for_update().filter(occasion=occasion, status=S.WAITLISTED):
        _change(
            enrollment,
            S.NOT_ADMITTED,
            by,
            _("Reservlistan stängdes när kurstillfället avslutades."),
        )
    if occasion.status != CourseOccasion.Status.COMPLETED:
        occasion.status = CourseOccasion.Status.COMPLETED
        occasion.save(update_fields=["status", "updated_at"])
    occasion_completed.send(sender=CourseOccasion, occasion=occasion, participant_ids=completed_ids)
    return completed_ids


@transaction.atomic
def step_set(person: User, step: Step, by: User | None, since: datetime.date | None = None) -> StepPlacement:
    """Place a person on a step of a journey (history kept); sends step_changed."""
    if by is not None and not may_act_for(by, person):
        raise EnrollmentError(_("Du kan bara flytta personal i din egen kommun."), code="forbidden")
    current = current_placements(person).get(step.journey_id)
    if current is not None and current.step_id == step.pk:
        raise EnrollmentError(
            _("%(person)s är redan på steget %(step)s.") % {"person": person, "step": step.name},
            code="already",
        )
    placement = StepPlacement.objects.create(
        person=person, journey=step.journey, step=step, since=since or timezone.localdate(), changed_by=by
    )
    step_changed.send(
        sender=StepPlacement,
        person=person,
        journey=step.journey,
        from_step=current.step if current else None,
        to_step=step,
        changed_by=by,
    )
    return placement


@transaction.atomic
def step_move_up(person: User, journey: Journey, by: User | None, *, from_step: Step | None) -> StepPlacement:
    """Levla upp: move the person to the next step of the journey (the first step if none yet).

    `from_step` is the step (or None: no step yet) the manager saw when confirming; if the person has
    moved meanwhile (another tab, another manager, the back button and send again) nothing happens,
    so nobody skips a step by mistake.
    The follow-up app hooks into this through the step_changed signal.
    """
    # Lock the person so that two confirmations at once cannot both move them.
    get_user_model().objects.select_for_update().get(pk=person.pk)
    current, target = step_move_up_target(person, journey)
    if (current.step if current else None) != from_step:
        raise EnrollmentError(
            _("%(person)s har redan bytt steg sedan du öppnade sidan. Inget har ändrats.")
            % {"person": person},
            code="already",
        )
    if target is None:
        raise EnrollmentError(_("%(person)s är redan på sista steget.") % {"person": person}, code="last")
    return step_set(person, target, by)
