"""The periodic sweeps of enrollment: reminders, closing-soon notices, declines after closing, the
waiting-list backstop.

E-mails about a state change are composed by the service that makes the change (notifications.py) and
written to the outbox in its transaction; these tasks compose the e-mails nobody's action triggers and
send them through core.outbox.send, whose keys make every run after the first send nothing. Sweeps that
change bookings claim rows with select_for_update(skip_locked=True) and call a service.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Min
from django.utils import timezone

from core import outbox
from core.locks import try_exclusive
from courses.locks import lock_occasion
from courses.models import CourseOccasion

from . import notifications
from .models import Enrollment
from .services import decline_pending_after_signup_closed, waitlist_promote

S = Enrollment.Status
RETRIED = (OSError, OperationalError, InterfaceError)


def _occasions_to_remind(today):
    """Ids of the occasions, not cancelled, whose first course day is within the reminder window."""
    target = today + datetime.timedelta(days=getattr(settings, "ENROLLMENT_REMINDER_DAYS", 3))
    return list(
        CourseOccasion.objects.exclude(status=CourseOccasion.Status.CANCELLED)
        .filter(days__is_cancelled=False)
        .annotate(first=Min("days__date"))
        .filter(first__gt=today, first__lte=target)
        .values_list("pk", flat=True)
    )


def _unsent_reminders(occasion_ids):
    """{occasion id: reminders not yet in the outbox} for these occasions (participants and leaders)."""
    keys = [
        (occasion_id, notifications.reminder_key(pk))
        for pk, occasion_id in Enrollment.objects.filter(occasion_id__in=occasion_ids, status=S.APPROVED)
        .exclude(person__email="")
        .values_list("pk", "occasion_id")
    ]
    keys += [
        (occasion_id, notifications.leader_reminder_key(occasion_id, leader_id))
        for occasion_id, leader_id in CourseOccasion.course_leaders.through.objects.filter(
            courseoccasion_id__in=occasion_ids
        )
        .exclude(user__email="")
        .values_list("courseoccasion_id", "user_id")
    ]
    done = outbox.known_keys(key for _occasion_id, key in keys)
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


@shared_task(autoretry_for=RETRIED, retry_backoff=True, max_retries=5)
def send_occasion_reminders(occasion_id):
    """Remind one occasion's approved participants and its course leaders, each once.

    Safe to run twice or side by side: the outbox keys make a second run add nothing, and a row
    claimed by one worker is skipped by the other; a run that finds another worker on the occasion
    leaves it (saving the rendering, not needed for correctness).
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
        return outbox.send(notifications.occasion_reminders(occasion))


@shared_task
def send_signup_closing_soon(today=None, days_before=2):
    """Tell managers, once per occasion, that requests of their staff are pending and sign-up closes soon."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    pending = Enrollment.objects.filter(
        status=S.PENDING,
        occasion__signup_closes__gte=today,
        occasion__signup_closes__lte=today + datetime.timedelta(days=days_before),
    ).select_related("person__municipality", "manager", "occasion__course")
    return outbox.send(notifications.closing_soon(pending))


@shared_task
def decline_after_signup_closed(today=None):
    """Beat sweep: decline requests still pending after the last sign-up day."""
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
