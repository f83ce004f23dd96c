"""Celery tasks of follow-up: the reminder sweep, opening yearly rounds, removing old invitations.

The e-mails themselves are composed by the services (notifications.py) and delivered by the outbox.
"""

from celery import shared_task
from django.utils import timezone

from .models import SurveyRound
from .services import (
    drafts_purge_expired,
    due_reminder_ids,
    invitation_remind,
    invitations_remove_old,
    round_send,
)


@shared_task
def send_due_reminders():
    """Beat sweep: up to two reminders to those who have not answered (each sent once)."""
    drafts_purge_expired()
    return sum(bool(invitation_remind(pk)) for pk in due_reminder_ids())


@shared_task
def send_opened_rounds():
    """Beat sweep: yearly rounds whose send window has opened are sent (the project leader may also send at once)."""
    today = timezone.localdate()
    sent = 0
    for pk in SurveyRound.objects.filter(
        sent_at__isnull=True,
        occasion__isnull=True,
        opens_on__lte=today,
        closes_on__gte=today,
        template__kind__in=["erfaren_yearly", "manager_yearly", "trainer_yearly"],
    ).values_list("pk", flat=True):
        sent += round_send(pk)
    return sent


@shared_task
def remove_old_invitations():
    """Beat sweep: delete invitations older than their retention time (safe to run twice)."""
    return invitations_remove_old()


@shared_task
def store_sealed_responses(round_id):
    """After a submission: store the round's sealed submissions once enough wait (a batch)."""
    from .services import responses_store_sealed

    return responses_store_sealed(round_id=round_id)


@shared_task
def store_due_responses():
    """Beat sweep: store waiting batches, and whatever waits in rounds that have closed."""
    from .services import responses_store_due

    return responses_store_due()
