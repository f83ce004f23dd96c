"""A person's survey invitations for the GDPR export (never answers: they are not linked to anyone),
and how they are anonymised."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Coded, Labelled

from .models import Invitation, Question


def _draft(draft):
    # Keyed by question id with the options' codes in the JSON; the PDF has the questions and answers in words.
    questions = {
        str(q.pk): q for q in Question.objects.filter(pk__in=[int(k) for k in draft if str(k).isdigit()])
    }

    def answer(key, value):
        labels = dict(questions[key].choices()) if key in questions else {}
        if isinstance(value, list):
            return [Coded(item, labels[item]) if item in labels else item for item in value]
        return Coded(value, labels[value]) if isinstance(value, str) and value in labels else value

    return Labelled(
        {key: answer(key, value) for key, value in draft.items()},
        {key: question.text for key, question in questions.items()},
    )


def collect_invitations(person):
    return [
        {
            "survey": str(invitation.round),
            "expires_on": invitation.expires_on,
            "answered_on": invitation.answered_on,
            "reminders_sent": invitation.reminders_sent,
            "unsent_draft_answers": _draft(invitation.draft),
        }
        for invitation in Invitation.objects.filter(person=person).select_related(
            "round__template", "round__occasion"
        )
    ]


def anonymise_invitations(person, placeholder):
    # Unanswered invitations of open rounds can no longer be answered: deleted. The others stay linked
    # to the anonymous account so a closed round's response rate does not change; drafts go.
    Invitation.objects.filter(
        person=person, answered_on__isnull=True, round__closes_on__gte=timezone.localdate()
    ).delete()
    Invitation.objects.filter(person=person).update(draft={})


def register():
    personal_data.register(
        "survey_invitations",
        collect_invitations,
        anonymise_invitations,
        title=_("Inbjudningar till uppföljningsenkäter"),
        purpose=_(
            "För att skicka dig enkätlänken och påminnelser och räkna ut svarsfrekvensen. Dina svar sparas utan koppling till dig."
        ),
    )
