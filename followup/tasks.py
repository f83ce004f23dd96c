"""Celery tasks of follow-up: invitation e-mails, the reminder sweep and opening yearly rounds."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.mail import render_email, send_once

from .models import Invitation, SurveyRound
from .tokens import token_for


def answer_link(invitation):
    return settings.SITE_URL + reverse("followup:answer", kwargs={"token": token_for(invitation.nonce)})


def _send(invitation, key, template):
    subject, body = render_email(
        f"followup/email/{template}",
        {
            "invitation": invitation,
            "person": invitation.recipient,
            "survey": invitation.round.template,
            "round": invitation.round,
            "link": answer_link(invitation),
            "site_url": settings.SITE_URL,
        },
    )
    return send_once(key, invitation.recipient.email, subject, body)


def reminder_email(invitation):
    """The n-th reminder's e-mail; its key makes each reminder go out once."""
    return _send(invitation, f"followup:reminder:{invitation.pk}:{invitation.reminders_sent}", "reminder")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id):
    """E-mail the personal link; sent once however often it runs."""
    invitation = (
        Invitation.objects.select_related("person", "contact", "round__template", "round__occasion")
        .filter(pk=invitation_id, answered_on__isnull=True)
        .first()
    )
    if invitation is None or not invitation.recipient.is_active:
        return False
    return _send(invitation, f"followup:invitation:{invitation.pk}", "invitation")


@shared_task
def send_due_reminders():
    """Beat sweep: up to two reminders to those who have not answered (each sent once)."""
    from .services import drafts_purge_expired, due_reminder_ids, invitation_remind

    drafts_purge_expired()
    return sum(bool(invitation_remind(pk)) for pk in due_reminder_ids())


@shared_task
def send_opened_rounds():
    """Beat sweep: yearly rounds whose send window has opened are sent (the project leader may also send at once)."""
    from .services import round_send

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
    from .services import invitations_remove_old

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
