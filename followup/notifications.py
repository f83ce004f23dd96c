"""Who follow-up tells what: the personal link to a survey, and up to two reminders."""

from django.conf import settings
from django.urls import reverse

from core.outbox import Mail

from .tokens import token_for


def answer_link(invitation):
    return settings.SITE_URL + reverse("followup:answer", kwargs={"token": token_for(invitation.nonce)})


def _mail(invitation, key, template):
    if not invitation.person.is_active:
        return []
    return [
        Mail(
            key=key,
            to=invitation.person.email,
            template=f"followup/email/{template}",
            context={
                "invitation": invitation,
                "person": invitation.person,
                "survey": invitation.round.template,
                "round": invitation.round,
                "link": answer_link(invitation),
            },
        )
    ]


def invitation(invitation):
    """The invitation with the personal link; once per invitation."""
    return _mail(invitation, f"followup:invitation:{invitation.pk}", "invitation")


def reminder(invitation):
    """The n-th reminder (n = reminders_sent, this reminder already counted); each goes out once."""
    return _mail(invitation, f"followup:reminder:{invitation.pk}:{invitation.reminders_sent}", "reminder")
