"""E-mails about enrollments and the periodic sweeps (reminders, declines after closing, waiting list).

Every task fetches by id and is safe to run twice: each e-mail has a unique key in core.mail.send_once
(the event id for state changes), and sweeps claim rows with select_for_update(skip_locked=True). Tasks
that send many e-mails go through core.mail.send_each, never inside one transaction: each e-mail's key
commits with its own send, so a crash half-way never makes a retry send again what already went out.
"""

import datetime
import functools

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.locks import try_exclusive
from core.mail import render_email, send_each, send_once, sent_keys
from courses.calendar import occasion_calendar
from courses.locks import lock_occasion
from courses.models import CourseOccasion
from courses.selectors import coming_occasions_of_course

from .models import Enrollment, EnrollmentEvent

S = Enrollment.Status


def _send(key, to, template, context, attachments=()):
    if not to:
        return False
    subject, body = render_email(f"enrollment/email/{template}", {"site_url": settings.SITE_URL, **context})
    return send_once(key, to, subject, body, attachments)


def _compose(template, context, attachments=tuple):
    """For core.mail.send_each: renders the e-mail only when it is to be sent; `attachments` is called."""

    def compose():
        subject, body = render_email(
            f"enrollment/email/{template}", {"site_url": settings.SITE_URL, **context}
        )
        return subject, body, attachments()

    return compose


def _ics_attachment(occasion):
    return [("kursdagar.ics", occasion_calendar(occasion), "text/calendar")]


def _managers_for(enrollment):
    """The named manager, or every manager of the person's municipality when none is named."""
    if enrollment.manager_id and enrollment.manager.is_active:
        return [enrollment.manager]
    if not enrollment.person.municipality_id:
        return []
    return list(
        User.objects.with_role(Role.MANAGER).filter(municipality_id=enrollment.person.municipality_id)
    )


def _next_occasion(occasion):
    """The course's next occasion open for sign-up (or planned) with a day still to come, if any."""
    others = CourseOccasion.objects.exclude(pk=occasion.pk).filter(
        status__in=[CourseOccasion.Status.OPEN, CourseOccasion.Status.PLANNED]
    )
    return coming_occasions_of_course(others, occasion.course).first()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_enrollment_event(event_id):
    """Send the e-mails that belong to one state change; each is sent once."""
    event = (
        EnrollmentEvent.objects.select_related(
            "enrollment__person__municipality", "enrollment__manager", "enrollment__occasion__course", "actor"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    enrollment, person = event.enrollment, event.enrollment.person
    occasion = enrollment.occasion
    context = {
        "enrollment": enrollment,
        "person": person,
        "occasion": occasion,
        "course": occasion.course,
        "event": event,
        "days": list(occasion.days.filter(is_cancelled=False)),
    }
    key = f"enrollment-event:{event.pk}"
    sent = 0
    promoted = event.from_status == S.WAITLISTED
    if event.to_status == S.PENDING:
        if promoted:
            sent += _send(f"{key}:person", person.email, "promoted_pending", context)
        for manager in _managers_for(enrollment):
            sent += _send(
                f"{key}:manager:{manager.pk}",
                manager.email,
                "request_to_manager",
                {**context, "manager": manager},
            )
    elif event.to_status == S.APPROVED:
        sent += _send(
            f"{key}:person",
            person.email,
            "promoted" if promoted else "approved",
            context,
            _ics_attachment(occasion),
        )
    elif event.to_status == S.WAITLISTED:
        sent += _send(f"{key}:person", person.email, "waitlisted", context)
    elif event.to_status == S.NOT_ADMITTED:
        next_occasion = _next_occasion(occasion)
        sent += _send(
            f"{key}:person", person.email, "not_admitted", {**context, "next_occasion": next_occasion}
        )
    elif event.to_status == S.REJECTED:
        template = "declined_closed" if event.actor_id is None else "rejected"
        sent += _send(f"{key}:person", person.email, template, context)
    elif event.to_status in Enrollment.CANCELLATIONS:
        sent += _send(f"{key}:person", person.email, "cancelled", context)
        for manager in _managers_for(enrollment):
            if manager.pk != person.pk:
                sent += _send(
                    f"{key}:manager:{manager.pk}",
                    manager.email,
                    "cancelled_manager_copy",
                    {**context, "manager": manager},
                )
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_occasion_cancelled(occasion_id):
    """Tell everyone booked or waiting that the occasion is cancelled (for the courses app to call)."""
    occasion = CourseOccasion.objects.select_related("course").filter(pk=occasion_id).first()
    if occasion is None or occasion.status != CourseOccasion.Status.CANCELLED:
        return 0
    context = {"occasion": occasion, "course": occasion.course}
    # Their bookings were ended with the cancellation (services.occasion_cancel_enrollments).
    told = [S.OCCASION_CANCELLED, S.PENDING, S.APPROVED, S.WAITLISTED]
    return send_each(
        (
            f"occasion-cancelled:{occasion.pk}:{enrollment.person_id}",
            enrollment.person.email,
            _compose("occasion_cancelled", {**context, "person": enrollment.person}),
        )
        for enrollment in occasion.enrollments.filter(status__in=told).select_related("person")
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_occasion_changed(occasion_id, change_id):
    """Tell the booked that date, time or place changed; `change_id` names the change (once each)."""
    occasion = CourseOccasion.objects.select_related("course").filter(pk=occasion_id).first()
    if occasion is None:
        return 0
    days = list(occasion.days.all())
    context = {
        "occasion": occasion,
        "course": occasion.course,
        "days": [day for day in days if not day.is_cancelled],
        "cancelled_days": [day for day in days if day.is_cancelled],
    }
    calendar = functools.cache(lambda: _ics_attachment(occasion))  # built once, for the first e-mail sent
    return send_each(
        (
            f"occasion-changed:{occasion.pk}:{change_id}:{enrollment.person_id}",
            enrollment.person.email,
            _compose("occasion_changed", {**context, "person": enrollment.person}, calendar),
        )
        for enrollment in occasion.enrollments.filter(status=S.APPROVED).select_related("person")
    )


def _reminder_key(enrollment_id):
    return f"reminder:{enrollment_id}"


def _leader_reminder_key(occasion_id, leader_id):
    return f"reminder-leader:{occasion_id}:{leader_id}"


def _occasions_to_remind(today):
    """Ids of the occasions, not cancelled, whose first course day is within the reminder window."""
    from django.db.models import Min

    target = today + datetime.timedelta(days=getattr(settings, "ENROLLMENT_REMINDER_DAYS", 3))
    return list(
        CourseOccasion.objects.exclude(status=CourseOccasion.Status.CANCELLED)
        .filter(days__is_cancelled=False)
        .annotate(first=Min("days__date"))
        .filter(first__gt=today, first__lte=target)
        .values_list("pk", flat=True)
    )


def _unsent_reminders(occasion_ids):
    """{occasion id: reminders not yet sent} for these occasions (participants and course leaders)."""
    keys = [
        (occasion_id, _reminder_key(pk))
        for pk, occasion_id in Enrollment.objects.filter(occasion_id__in=occasion_ids, status=S.APPROVED)
        .exclude(person__email="")
        .values_list("pk", "occasion_id")
    ]
    keys += [
        (occasion_id, _leader_reminder_key(occasion_id, leader_id))
        for occasion_id, leader_id in CourseOccasion.course_leaders.through.objects.filter(
            courseoccasion_id__in=occasion_ids
        )
        .exclude(user__email="")
        .values_list("courseoccasion_id", "user_id")
    ]
    done = sent_keys(key for _occasion_id, key in keys)
    unsent = {}
    for occasion_id, key in keys:
        if key not in done:
            unsent[occasion_id] = unsent.get(occasion_id, 0) + 1
    return unsent


@shared_task
def send_reminders(today=None):
    """N days before the first course day (ENROLLMENT_REMINDER_DAYS, default 3), remind participants
    and course leaders once.

    Beat runs this daily; it only hands each occasion with reminders still unsent to its own task, so
    that every worker process shares the sending. Returns how many reminders it handed out.
    """
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    unsent = _unsent_reminders(_occasions_to_remind(today))
    for occasion_id in unsent:
        send_occasion_reminders.delay(occasion_id)
    return sum(unsent.values())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_occasion_reminders(occasion_id):
    """Remind one occasion's approved participants and its course leaders, each once.

    Safe to run twice or side by side: each e-mail's key is committed right after its send (send_each),
    so a retry sends only the rest; a second run that finds another worker on the occasion leaves it.
    """
    with try_exclusive(f"enrollment-reminders:{occasion_id}") as mine:
        if not mine:
            return 0  # another worker is on this occasion; it (or its retry) sends the rest
        occasion = (
            CourseOccasion.objects.select_related("course")
            .exclude(status=CourseOccasion.Status.CANCELLED)
            .filter(pk=occasion_id)
            .first()
        )
        if occasion is None:
            return 0
        participants = list(occasion.enrollments.filter(status=S.APPROVED).select_related("person"))
        context = {
            "occasion": occasion,
            "course": occasion.course,
            "days": list(occasion.days.filter(is_cancelled=False)),
        }
        calendar = functools.cache(lambda: _ics_attachment(occasion))  # built once, for the first e-mail sent
        mails = [
            (
                _reminder_key(enrollment.pk),
                enrollment.person.email,
                _compose("reminder", {**context, "person": enrollment.person}, calendar),
            )
            for enrollment in participants
        ]
        mails += [
            (
                _leader_reminder_key(occasion.pk, leader.pk),
                leader.email,
                _compose("reminder_leader", {**context, "person": leader, "count": len(participants)}),
            )
            for leader in occasion.course_leaders.all()
        ]
        return send_each(mails)


@shared_task
def send_signup_closing_soon(today=None, days_before=2):
    """Tell managers, once per occasion, that requests of their staff are pending and sign-up closes soon."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    pending = Enrollment.objects.filter(
        status=S.PENDING,
        occasion__signup_closes__gte=today,
        occasion__signup_closes__lte=today + datetime.timedelta(days=days_before),
    ).select_related("person__municipality", "manager", "occasion__course")
    by_manager = {}
    for enrollment in pending:
        for manager in _managers_for(enrollment):
            by_manager.setdefault((manager, enrollment.occasion), []).append(enrollment)
    return send_each(
        (
            f"closing-soon:{occasion.pk}:{manager.pk}",
            manager.email,
            _compose(
                "closing_soon",
                {
                    "manager": manager,
                    "occasion": occasion,
                    "course": occasion.course,
                    "enrollments": enrollments,
                },
            ),
        )
        for (manager, occasion), enrollments in by_manager.items()
    )


@shared_task
def decline_after_signup_closed(today=None):
    """Beat sweep: decline requests still pending after the last sign-up day."""
    from .services import decline_pending_after_signup_closed

    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    ids = set(
        Enrollment.objects.filter(status=S.PENDING, occasion__signup_closes__lt=today).values_list(
            "occasion_id", flat=True
        )
    )
    declined = 0
    for occasion_id in ids:
        with transaction.atomic():
            occasion = lock_occasion(occasion_id, skip_locked=True)
            if occasion is not None:
                declined += len(decline_pending_after_signup_closed(occasion, today))
    return declined


@shared_task
def promote_waiting_lists():
    """Beat backstop: offer free places to waiting lists a missed promotion left behind."""
    from .services import waitlist_promote

    promoted = 0
    for occasion_id in set(
        Enrollment.objects.filter(status=S.WAITLISTED).values_list("occasion_id", flat=True)
    ):
        with transaction.atomic():
            occasion = lock_occasion(occasion_id, skip_locked=True)
            if occasion is not None:
                promoted += len(waitlist_promote(occasion))
    return promoted


@shared_task
def release_due_reservations(today=None):
    """Beat sweep: reserved places whose release date has come go back to the waiting list."""
    from .reservations import release_due_reservations as release

    return release(datetime.date.fromisoformat(today) if today else None)


@shared_task
def tell_interested(today=None):
    """Beat sweep: when an occasion opens, the course's interest list is told first, in order."""
    from .interest import tell_interested as tell

    return tell(datetime.date.fromisoformat(today) if today else None)
