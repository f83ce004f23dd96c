"""A saved survey draft is readable by its owner only (issue 13 item 2, the unsent answers).

The draft is tied to the person (it sits on the invitation until it is sent), so whoever read it could
later match it to the anonymous response. It is kept sealed like a submission (followup.sealing, a key
the database does not hold): the database, a backup, the admin and the GDPR export the project leader
downloads show that a draft exists, never what it says. The owner sees it, filled in, through the link.
"""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import Invitation, Question, SurveyRound, SurveyTemplate
from followup.tokens import token_for

SECRET = "Min chef lyssnar inte på mig"


@pytest.fixture
def draft(norrbotten, demo_people):
    today = timezone.localdate()
    round_ = SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="erfaren_yearly"),
        year=today.year,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
    )
    person = demo_people["socsek.lulea@demo.se"]
    invitation, _created = services.invitation_create(round_, person)
    questions = services.questions_for(invitation)
    text = next(q for q in questions if q.kind == Question.Kind.FREE_TEXT)
    scale = next(q for q in questions if q.kind == Question.Kind.SCALE)
    value = scale.choices()[0][0]
    services.invitation_save_draft(invitation.pk, {text.pk: SECRET, scale.pk: value})
    return {"invitation": invitation, "text": text, "scale": scale, "value": value, "person": person}


@pytest.mark.services
@pytest.mark.django_db
def test_the_database_does_not_hold_a_drafts_answers(postgres_db, draft):
    with connection.cursor() as cursor:
        cursor.execute("SELECT i::text FROM followup_invitation i WHERE id = %s", [draft["invitation"].pk])
        (row,) = cursor.fetchone()
    assert SECRET not in row and "Min chef" not in row
    assert f'"{draft["scale"].pk}"' not in row  # not even which questions were answered
    # The owner's form is filled in from it as before.
    invitation = Invitation.objects.get(pk=draft["invitation"].pk)
    assert invitation.draft == {str(draft["text"].pk): SECRET, str(draft["scale"].pk): draft["value"]}


@pytest.mark.django_db
def test_the_owner_sees_the_draft_through_the_link(client, draft):
    page = client.get(reverse("followup:answer", args=[token_for(draft["invitation"].nonce)]))
    assert page.status_code == 200
    assert SECRET in page.content.decode()


@pytest.mark.django_db
def test_the_gdpr_export_says_a_draft_exists_but_not_what_it_says(client_for, demo_people, draft):
    leader = client_for(demo_people["projektledare@demo.se"])
    person = draft["person"]
    exported = leader.get(reverse("accounts:personal_data_json", args=[person.pk])).content.decode()
    assert SECRET not in exported
    assert draft["scale"].text not in exported
    assert "visas bara för dig" in exported


def test_invitations_and_drafts_are_not_in_the_admin():
    assert Invitation not in admin.site._registry
    for model_admin in admin.site._registry.values():
        for inline in getattr(model_admin, "inlines", []):
            assert inline.model is not Invitation, model_admin
