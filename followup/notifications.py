"""Who follow-up tells what: the personal link to a survey (a person's or an RSS contact's), and up to two
reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

from core.outbox import Mail

from .tokens import token_for

if TYPE_CHECKING:
    from .models import Invitation


def answer_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("followup:answer", kwargs={"token": token_for(invitation.nonce)})


def _mail(invitation: Invitation, key: str, template: str) -> list[Mail]:
    """To the invited person or RSS contact (`invitation.recipient`), unless they no longer take part."""
    recipient = invitation.recipient
    if recipient is None or not recipient.is_active:
        return []
    return [
        Mail(
            key=key,
            to=recipient.email,
            template=f"followup/email/{template}",
            context={
                "invitation": invitation,
                "person": recipient,
                "survey": invitation.round.template,
                "round": invitation.round,
                "link": answer_link(invitation),
            },
        )
    ]


def invitation(invitation: Invitation) -> list[Mail]:
    """The invitation with the personal link; once per invitation."""
    return _mail(invitation, f"followup:invitation:{invitation.pk}", "invitation")


def reminder(invitation: Invitation) -> list[Mail]:
    """The n-th reminder (n = reminders_sent, this reminder already counted); each goes out once."""
    return _mail(invitation, f"followup:reminder:{invitation.pk}:{invitation.reminders_sent}", "reminder")
