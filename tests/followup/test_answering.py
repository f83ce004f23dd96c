"""Answering by link: drafts, expired and forged links, bad answers, reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from followup import services
from followup.models import (
    Answer,
    Invitation,
    Question,
    Response,
    SurveyTemplate,
)
from followup.selectors import question_results
from tests.followup_helpers import answer_all, make_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey_templates")]


# --- Answering by link ------------------------------------------------------------------------


def test_a_participant_answers_by_link_saves_resumes_and_submits(client, invited):
    invitation, link = invited
    page = client.get(link)
    assert page.status_code == 200 and "Enkät vid byte av steg" in page.content.decode()
    questions = services.questions_for(invitation)
    first, free = questions[0], questions[-1]
    saved = client.post(link, {f"q_{first.pk}": "some", "action": "save"}, follow=True)
    # The date the link works until is written as the page writes it ("15 januari 2027"), not ISO.
    expires = formats.date_format(invitation.expires_on, "DATE_FORMAT")
    assert saved.redirect_chain[0][1] == 302
    assert f"med samma länk fram till och med {expires}." in saved.content.decode()
    assert f"till och med {expires}. När du skickat in" in saved.content.decode()
    assert not Response.objects.exists()
    resumed = client.get(link).content.decode()
    assert (
        f'value="some" id="id_q_{first.pk}_1"\n                   checked' in resumed or "checked" in resumed
    )
    data = {f"q_{q.pk}": "high" for q in questions[:-1]} | {f"q_{free.pk}": "Bra!", "action": "submit"}
    done = client.post(link, data, follow=True)
    assert "Tack för dina svar" in done.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_on == timezone.localdate() and invitation.draft == {}
    response = Response.objects.get()
    assert response.municipality.name == "Luleå" and response.step.slug == "ny"
    assert response.answers.count() == len(questions)
    again = client.get(link)
    assert again.status_code == 410 and "redan skickat in" in again.content.decode()


def test_a_forged_link_gives_a_swedish_message(client, db):
    response = client.get(reverse("followup:answer", args=["a" * 64]))
    assert response.status_code == 404 and "Länken är inte giltig" in response.content.decode()


def test_an_expired_link_stores_nothing(client, invited):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    question = services.questions_for(invitation)[0]
    response = client.post(link, {f"q_{question.pk}": "high", "action": "submit"})
    assert response.status_code == 410 and "Enkäten har stängt" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "bad, message",
    [
        ("other_survey", "Svaret gäller en fråga som inte finns i den här enkäten"),
        ("out_of_range", "Svaret finns inte bland alternativen till frågan"),
        ("too_long", "Texten är för lång: högst 2000 tecken, du skrev 2001"),
    ],
)
def test_bad_answers_give_a_swedish_message_and_store_nothing(client, invited, bad, message):
    invitation, link = invited
    questions = services.questions_for(invitation)
    data = {f"q_{questions[0].pk}": "high", "action": "submit"}
    if bad == "other_survey":
        data[f"q_{Question.objects.filter(template__kind='manager_yearly').first().pk}"] = "high"
    elif bad == "out_of_range":
        data[f"q_{questions[1].pk}"] = "very_satisfied"
    else:
        data[f"q_{questions[-1].pk}"] = "x" * 2001
    response = client.post(link, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_on is None and invitation.draft == {}


def test_a_saved_draft_is_deleted_when_the_link_expires(invited):
    invitation, _link = invited
    question = services.questions_for(invitation)[0]
    services.invitation_save_draft(invitation.pk, {question.pk: "high"})
    assert services.drafts_purge_expired() == 0
    assert services.drafts_purge_expired(today=invitation.expires_on + datetime.timedelta(days=1)) == 1
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_course_satisfaction_can_be_read_for_managers_alone(make_person, make_occasion, municipality):
    round_ = make_round("course_evaluation", occasion=make_occasion())
    workers = [make_person(is_social_worker=True) for _ in range(5)]
    managers = [make_person(is_manager=True) for _ in range(5)]
    for people, value in ((workers, "satisfied"), (managers, "neutral")):
        answer_all(
            round_,
            people,
            lambda q, i, value=value: value if q.is_measured else None,
            respondent_role=services.respondent_role_of(people[0]),
        )

    def share(**f):
        return [
            r
            for r in question_results(round_.template, round_.year, **f)  # noqa: E731
            if r.question.is_measured
        ][0].share

    assert (share(), share(respondent_role="social_worker"), share(respondent_role="manager")) == (
        50.0,
        100.0,
        0.0,
    )


def test_the_participant_finds_open_surveys_under_mina_enkater(client_for, invited, demo_people):
    invitation, link = invited
    page = client_for(demo_people["socsek.lulea@demo.se"]).get(reverse("followup:mine"))
    assert link in page.content.decode()


def test_a_shipped_survey_has_an_english_name_on_english_pages(client_for, invited, demo_people):
    from django.conf import settings

    client = client_for(demo_people["socsek.lulea@demo.se"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("followup:mine")).content.decode()
    assert "Answer Survey when moving to a new step" in page and "Enkät vid byte av steg" not in page
    answer = client.get(invited[1]).content.decode()
    assert "<h1>Survey when moving to a new step</h1>" in answer
    # A name the project leader wrote is shown as written.
    SurveyTemplate.objects.filter(kind="step_change").update(name="Vår egen enkät")
    assert "Answer Vår egen enkät" in client.get(reverse("followup:mine")).content.decode()


# --- Reminders --------------------------------------------------------------------------------


def test_at_most_two_reminders_and_none_after_answering(demo_people, django_capture_on_commit_callbacks):
    round_ = make_round("manager_yearly")
    with django_capture_on_commit_callbacks(execute=True):
        services.round_send(round_.pk)
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    answered = Invitation.objects.get(person__email="chef.pitea@demo.se")
    services.invitation_submit(answered.pk, {})
    mail.outbox.clear()
    from followup.tasks import send_due_reminders

    # Each reminder is written to the outbox with its count and delivered after that commit.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
        # The second reminder waits a reminder interval after the first, even if the sweep runs daily.
        assert send_due_reminders() == 0
        Invitation.objects.update(last_reminded_on=timezone.localdate() - datetime.timedelta(days=7))
        assert send_due_reminders() == 1
        Invitation.objects.update(last_reminded_on=timezone.localdate() - datetime.timedelta(days=7))
        assert send_due_reminders() == 0
    assert [m.to for m in mail.outbox] == [["chef.lulea@demo.se"]] * 2
    assert "Påminnelse" in mail.outbox[0].subject


def test_a_reminder_is_not_due_before_its_time(demo_people):
    round_ = make_round("manager_yearly")
    services.round_send(round_.pk)
    assert services.due_reminder_ids() == []
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert len(services.due_reminder_ids()) == 2
