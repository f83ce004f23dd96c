"""E-mails about enrollments and the periodic sweeps (reminders, declines after closing, waiting list).

Every task fetches by id and is safe to run twice: each e-mail has a unique key in core.mail.send_once
(the event id for state changes), and sweeps claim rows with select_for_update(skip_locked=True).
"""
import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.mail import render_email, send_once
from courses.calendar import occasion_calendar
from courses.models import CourseOccasion

from .models import Enrollment, EnrollmentEvent

S = Enrollment.Status
CANCELLED = (S.CANCELLED, S.LATE_CANCELLED, S.WITHDRAWN)


def _send(key, to, template, context, attachments=()):
    if not to:
        return False
    subject, body = render_email(f"enrollment/email/{template}", {"site_url": settings.SITE_URL, **context})
    return send_once(key, to, subject, body, attachments)


def _ics_attachment(occasion):
    return [("kursdagar.ics", occasion_calendar(occasion), "text/calendar")]


def _managers_for(enrollment):
    """The named manager, or every manager of the person's municipality when none is named."""
    if enrollment.manager_id and enrollment.manager.is_active:
        return [enrollment.manager]
    if not enrollment.person.municipality_id:
        return []
    return list(User.objects.with_role("manager").filter(municipality_id=enrollment.person.municipality_id))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_enrollment_event(event_id):
    """Send the e-mails that belong to one state change; each is sent once."""
    event = (EnrollmentEvent.objects.select_related("enrollment__person__municipality", "enrollment__manager",
                                                    "enrollment__occasion__course", "actor")
             .filter(pk=event_id).first())
    if event is None:
        return 0
    enrollment, person = event.enrollment, event.enrollment.person
    occasion = enrollment.occasion
    context = {"enrollment": enrollment, "person": person, "occasion": occasion, "course": occasion.course,
               "event": event, "days": list(occasion.days.filter(is_cancelled=False))}
    key = f"enrollment-event:{event.pk}"
    sent = 0
    promoted = event.from_status == S.WAITLISTED
    if event.to_status == S.PENDING:
        if promoted:
            sent += _send(f"{key}:person", person.email, "promoted_pending", context)
        for manager in _managers_for(enrollment):
            sent += _send(f"{key}:manager:{manager.pk}", manager.email, "request_to_manager",
                          {**context, "manager": manager})
    elif event.to_status == S.APPROVED:
        sent += _send(f"{key}:person", person.email, "promoted" if promoted else "approved", context,
                      _ics_attachment(occasion))
    elif event.to_status == S.WAITLISTED:
        sent += _send(f"{key}:person", person.email, "waitlisted", context)
    elif event.to_status == S.REJECTED:
        template = "declined_closed" if event.actor_id is None else "rejected"
        sent += _send(f"{key}:person", person.email, template, context)
    elif event.to_status in CANCELLED:
        sent += _send(f"{key}:person", person.email, "cancelled", context)
        for manager in _managers_for(enrollment):
            if manager.pk != person.pk:
                sent += _send(f"{key}:manager:{manager.pk}", manager.email, "cancelled_manager_copy",
                              {**context, "manager": manager})
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_occasion_cancelled(occasion_id):
    """Tell everyone booked or waiting that the occasion is cancelled (for the courses app to call)."""
    occasion = CourseOccasion.objects.select_related("course").filter(pk=occasion_id).first()
    if occasion is None or occasion.status != CourseOccasion.Status.CANCELLED:
        return 0
    sent = 0
    # Their bookings were ended with the cancellation (services.occasion_cancel_enrollments).
    for enrollment in occasion.enrollments.filter(status__in=[S.OCCASION_CANCELLED, S.PENDING, S.APPROVED,
                                                              S.WAITLISTED]).select_related("person"):
        sent += _send(f"occasion-cancelled:{occasion.pk}:{enrollment.person_id}", enrollment.person.email,
                      "occasion_cancelled", {"occasion": occasion, "course": occasion.course,
                                             "person": enrollment.person})
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_occasion_changed(occasion_id, change_id):
    """Tell the booked that date, time or place changed; `change_id` names the change (once each)."""
    occasion = CourseOccasion.objects.select_related("course").filter(pk=occasion_id).first()
    if occasion is None:
        return 0
    sent = 0
    days = list(occasion.days.filter(is_cancelled=False))
    for enrollment in occasion.enrollments.filter(status=S.APPROVED).select_related("person"):
        sent += _send(f"occasion-changed:{occasion.pk}:{change_id}:{enrollment.person_id}", enrollment.person.email,
                      "occasion_changed", {"occasion": occasion, "course": occasion.course, "days": days,
                                           "person": enrollment.person}, _ics_attachment(occasion))
    return sent


def _first_days():
    """{occasion id: first course day date} for occasions with days, as a subquery-free dict."""
    from django.db.models import Min

    return dict(CourseOccasion.objects.filter(days__is_cancelled=False).annotate(first=Min("days__date"))
                .values_list("pk", "first"))


@shared_task
def send_reminders(today=None):
    """N days before the first course day (ENROLLMENT_REMINDER_DAYS, default 3), remind participants
    and course leaders once."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    target = today + datetime.timedelta(days=getattr(settings, "ENROLLMENT_REMINDER_DAYS", 3))
    sent = 0
    occasion_ids = [pk for pk, first in _first_days().items() if today < first <= target]
    for occasion_id in occasion_ids:
        with transaction.atomic():
            occasion = (CourseOccasion.objects.select_for_update(skip_locked=True)
                        .filter(pk=occasion_id).exclude(status=CourseOccasion.Status.CANCELLED).first())
            if occasion is None:
                continue  # another worker is on it, or it is cancelled
            context = {"occasion": occasion, "course": occasion.course,
                       "days": list(occasion.days.filter(is_cancelled=False))}
            for enrollment in occasion.enrollments.filter(status=S.APPROVED).select_related("person"):
                sent += _send(f"reminder:{enrollment.pk}", enrollment.person.email, "reminder",
                              {**context, "person": enrollment.person}, _ics_attachment(occasion))
            for leader in occasion.course_leaders.all():
                sent += _send(f"reminder-leader:{occasion.pk}:{leader.pk}", leader.email, "reminder_leader",
                              {**context, "person": leader, "count": occasion.enrollments.filter(
                                  status=S.APPROVED).count()})
    return sent


@shared_task
def send_signup_closing_soon(today=None, days_before=2):
    """Tell managers, once per occasion, that requests of their staff are pending and sign-up closes soon."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    pending = (Enrollment.objects.filter(status=S.PENDING, occasion__signup_closes__gte=today,
                                         occasion__signup_closes__lte=today + datetime.timedelta(days=days_before))
               .select_related("person__municipality", "manager", "occasion__course"))
    by_manager = {}
    for enrollment in pending:
        for manager in _managers_for(enrollment):
            by_manager.setdefault((manager, enrollment.occasion), []).append(enrollment)
    for (manager, occasion), enrollments in by_manager.items():
        sent += _send(f"closing-soon:{occasion.pk}:{manager.pk}", manager.email, "closing_soon", {
            "manager": manager, "occasion": occasion, "course": occasion.course, "enrollments": enrollments,
        })
    return sent


@shared_task
def decline_after_signup_closed(today=None):
    """Beat sweep: decline requests still pending after the last sign-up day."""
    from .services import decline_pending_after_signup_closed

    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    ids = set(Enrollment.objects.filter(status=S.PENDING, occasion__signup_closes__lt=today)
              .values_list("occasion_id", flat=True))
    declined = 0
    for occasion_id in ids:
        with transaction.atomic():
            occasion = CourseOccasion.objects.select_for_update(skip_locked=True).filter(pk=occasion_id).first()
            if occasion is not None:
                declined += len(decline_pending_after_signup_closed(occasion, today))
    return declined


@shared_task
def promote_waiting_lists():
    """Beat backstop: offer free places to waiting lists a missed promotion left behind."""
    from .services import waitlist_promote

    promoted = 0
    for occasion_id in set(Enrollment.objects.filter(status=S.WAITLISTED).values_list("occasion_id", flat=True)):
        with transaction.atomic():
            occasion = CourseOccasion.objects.select_for_update(skip_locked=True).filter(pk=occasion_id).first()
            if occasion is not None:
                promoted += len(waitlist_promote(occasion))
    return promoted
