"""A person's survey invitations for the GDPR export (never answers: they are not linked to anyone, and
a saved draft only as "there is one"), and how they are anonymised."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Invitation

DRAFT_ONLY_FOR_YOU = _(
    "Sparade svar finns. De visas bara för dig, i enkäten via länken i din inbjudan, tills du skickar in dem."
)


def collect_invitations(person):
    return [
        {
            "survey": str(invitation.round),
            "expires_on": invitation.expires_on,
            "answered_on": invitation.answered_on,
            "reminders_sent": invitation.reminders_sent,
            # Whoever downloads the export (the project leader) must not read unsent answers, which could
            # be matched to the anonymous response later: only that they exist. Their owner sees them
            # in the survey, through the link.
            "unsent_draft_answers": DRAFT_ONLY_FOR_YOU if invitation.has_draft else "",
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
    Invitation.objects.filter(person=person).update(draft_sealed="")


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
