"""Builders of the follow-up tests: rounds, invitations answered in bulk, the link in an e-mail."""

import datetime
import re

from django.utils import timezone

from followup import services
from followup.models import SurveyRound, SurveyTemplate


def template(kind):
    return SurveyTemplate.objects.get(kind=kind)


def make_round(kind, year=None, **kwargs):
    today = timezone.localdate()
    return SurveyRound.objects.create(
        template=template(kind),
        year=year or today.year,
        opens_on=kwargs.pop("opens_on", today - datetime.timedelta(days=1)),
        closes_on=kwargs.pop("closes_on", today + datetime.timedelta(days=20)),
        **kwargs,
    )


def answer_all(round_, people, value_for, **invitation_attrs):
    """Invite and submit: `value_for(question, i)` gives each person's answer."""
    for i, person in enumerate(people):
        invitation, _ = services.invitation_create(round_, person, **invitation_attrs)
        answers = {q.pk: value_for(q, i) for q in services.questions_for(invitation)}
        services.invitation_submit(invitation.pk, {k: v for k, v in answers.items() if v is not None})


def link_from(message):
    return re.search(r"https?://\S+(/uppfoljning/svara/\S+/)", message.body).group(1)
