"""The project leader edits questions and rounds; the demo's surveys; how results read."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import (
    CourseSampling,
    Invitation,
    Response,
    SurveyRound,
    SurveyTemplate,
)
from followup.selectors import goal_summary
from tests.followup_helpers import make_round, template

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey_templates")]


# --- The project leader edits surveys ---------------------------------------------------------


def test_the_project_leader_adds_rewords_and_reorders_questions(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    survey = template("trainer_yearly")
    response = client.post(
        reverse("followup:question_add", args=[survey.pk]),
        {
            "text": "Hur många kursdagar har du hållit i år?",
            "kind": "multiple",
            "options_text": "1–2\n3–5\nFler",
            "target_percent": 80,
            "condition": "",
        },
    )
    assert response.status_code == 302
    added = survey.questions.last()
    assert added.text.startswith("Hur många") and [label for _v, label in added.choices()] == [
        "1–2",
        "3–5",
        "Fler",
    ]
    client.post(reverse("followup:question_move", args=[added.pk]), {"direction": "up"})
    assert list(survey.questions.values_list("pk", flat=True))[1] == added.pk
    first = survey.questions.first()
    client.post(
        reverse("followup:question_edit", args=[survey.pk, first.pk]),
        {
            "text": "Är det utvecklande att utbilda i Yrkesresan?",
            "kind": "scale",
            "scale": "usefulness",
            "goal": 7,
            "is_measured": "on",
            "target_percent": 80,
            "condition": "",
        },
    )
    first.refresh_from_db()
    assert first.text == "Är det utvecklande att utbilda i Yrkesresan?" and first.is_measured


def test_a_scale_question_without_a_scale_is_refused_in_swedish(client_for, demo_people):
    survey = template("trainer_yearly")
    before = survey.questions.count()
    response = client_for(demo_people["projektledare@demo.se"]).post(
        reverse("followup:question_add", args=[survey.pk]),
        {"text": "Nöjd?", "kind": "scale", "scale": "", "target_percent": 80, "condition": ""},
    )
    assert response.status_code == 200 and "Välj vilken skala" in response.content.decode()
    assert survey.questions.count() == before


def test_the_project_leader_creates_and_sends_the_yearly_manager_round(
    client_for, demo_people, django_capture_on_commit_callbacks
):
    client = client_for(demo_people["projektledare@demo.se"])
    survey = template("manager_yearly")
    today = timezone.localdate()
    data = {"year": today.year, "opens_on": today, "closes_on": today + datetime.timedelta(days=21)}
    assert client.post(reverse("followup:round_create", args=[survey.pk]), data).status_code == 302
    again = client.post(reverse("followup:round_create", args=[survey.pk]), data, follow=True)
    assert "Det finns redan en omgång" in again.content.decode()
    round_ = SurveyRound.objects.get(template=survey)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:round_send", args=[round_.pk]))
    assert round_.invitations.count() == 2 and len(mail.outbox) == 2


def test_a_round_with_bad_dates_comes_back_as_typed_with_the_error(client_for, demo_people):
    """QA: the form reset to this year and today's dates, so what was typed was lost."""
    client = client_for(demo_people["projektledare@demo.se"])
    survey = template("manager_yearly")
    data = {"year": 2031, "opens_on": "2031-03-10", "closes_on": "2031-02-01"}
    response = client.post(reverse("followup:round_create", args=[survey.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and not SurveyRound.objects.filter(template=survey).exists()
    assert 'value="2031"' in page and 'value="2031-03-10"' in page and 'value="2031-02-01"' in page
    assert "Sista svarsdag kan inte vara före första dagen." in page
    # A round that already exists for the year: the service's error, also with the typed values.
    today = timezone.localdate()
    services.round_create(survey, today.year, today, today)
    again = client.post(
        reverse("followup:round_create", args=[survey.pk]),
        {"year": today.year, "opens_on": today.isoformat(), "closes_on": "2099-12-31"},
    )
    assert (
        "Det finns redan en omgång" in again.content.decode()
        and 'value="2099-12-31"' in again.content.decode()
    )


def test_the_project_leader_sets_a_random_sample_and_the_seed_is_kept(
    client_for, demo_people, course, make_occasion
):
    client = client_for(demo_people["projektledare@demo.se"])
    services.occasion_sample(make_occasion())  # the first occasion: rule created, evaluated
    seed = CourseSampling.objects.get(course=course).seed
    response = client.post(
        reverse("followup:sampling_edit", args=[course.pk]),
        {"mode": "random", "every_n": 2, "share_percent": 40, "always_first": 1},
    )
    assert response.status_code == 302
    sampling = CourseSampling.objects.get(course=course)
    assert (sampling.mode, sampling.share_percent, sampling.seed) == ("random", 40, seed)
    page = client.get(reverse("followup:sampling_edit", args=[course.pk])).content.decode()
    assert f"Slumpfrö: {seed}" in page and f"frö={seed}" in page
    bad = client.post(
        reverse("followup:sampling_edit", args=[course.pk]),
        {"mode": "random", "every_n": 2, "share_percent": 140, "always_first": 1},
    )
    assert bad.status_code == 200 and CourseSampling.objects.get(course=course).share_percent == 40


def test_exports_strip_formula_prefixes():
    from core.exports import safe_cell

    assert safe_cell('=HYPERLINK("x")') == 'HYPERLINK("x")' and safe_cell("-+@a") == "a"
    assert safe_cell(-3) == -3


# The permission grid of every followup URL × role is in tests/test_permission_grid.py.


def test_the_demo_has_answered_and_unanswered_invitations_of_every_kind(demo_people):
    import io

    from followup import demo

    demo.load(io.StringIO())
    counts = (Invitation.objects.count(), Response.objects.count())
    demo.load(io.StringIO())
    assert (Invitation.objects.count(), Response.objects.count()) == counts  # idempotent
    for kind in SurveyTemplate.Kind.values:
        invitations = Invitation.objects.filter(round__template__kind=kind)
        assert invitations.filter(answered_on__isnull=False).exists(), kind
        assert invitations.filter(answered_on__isnull=True).exists(), kind
    year = timezone.localdate().year
    summary = {g.goal: g for g in goal_summary(year)}
    assert all(not a.suppressed for a in summary[1].aspects + summary[2].aspects + summary[5].aspects)
    trainers = [a for a in summary[7].aspects if a.question.template.kind == "trainer_yearly"]
    assert trainers and all(a.suppressed for a in trainers)  # a small group: "för få svar"


def test_demo_invitations_follow_the_rules_of_who_is_asked(db):
    """QA: the demo invited people to evaluate occasions they never attended, and people who never
    changed step to the step-change survey."""
    import io

    from django.core.management import call_command

    from enrollment.models import Enrollment, StepPlacement
    from enrollment.selectors import current_steps_with_slug

    call_command("demo_data", stdout=io.StringIO())
    evaluations = Invitation.objects.filter(round__template__kind="course_evaluation")
    assert evaluations.exists()
    for invitation in evaluations.select_related("round"):
        assert Enrollment.objects.filter(
            person=invitation.person_id,
            occasion=invitation.round.occasion_id,
            status=Enrollment.Status.COMPLETED,
        ).exists(), invitation
    for occasion_id in Response.objects.filter(round__occasion__isnull=False).values_list(
        "round__occasion", flat=True
    ):
        assert Enrollment.objects.filter(occasion=occasion_id, status=Enrollment.Status.COMPLETED).exists()
    step_changes = Invitation.objects.filter(round__template__kind="step_change").select_related("round")
    assert step_changes.exists()
    for invitation in step_changes:
        history = list(StepPlacement.objects.filter(person=invitation.person_id).order_by("since", "pk"))
        moves = [(a.step_id, b.since.year) for a, b in zip(history, history[1:], strict=False)]
        assert (invitation.step_id, invitation.round.year) in moves, invitation
    on_erfaren = current_steps_with_slug("erfaren")
    for invitation in Invitation.objects.filter(round__template__kind="erfaren_yearly"):
        assert (
            on_erfaren.get(invitation.person_id) is not None
            and invitation.step == on_erfaren[invitation.person_id]
        )


def test_open_surveys_are_listed_on_the_participants_journey_page(client_for, demo_people):
    round_ = make_round("step_change")
    sara = demo_people["socsek.lulea@demo.se"]
    invitation, _ = services.invitation_create(round_, sara)
    page = client_for(sara).get(reverse("enrollment:mine")).content.decode()
    assert "Enkäter som väntar på ditt svar" in page
    from followup.tokens import token_for

    assert reverse("followup:answer", args=[token_for(invitation.nonce)]) in page
    # Nothing to answer, no section.
    other = client_for(demo_people["socsek.pitea@demo.se"]).get(reverse("enrollment:mine")).content.decode()
    assert "Enkäter som väntar på ditt svar" not in other


def test_a_round_with_dates_in_the_wrong_order_or_year_gets_a_swedish_field_error(db):
    from followup.forms import RoundForm

    form = RoundForm({"year": 2027, "opens_on": "2026-12-20", "closes_on": "2026-11-23"})
    assert not form.is_valid()
    assert form.errors["closes_on"] == ["Sista svarsdag kan inte vara före första dagen."]
    assert form.errors["opens_on"] == ["Omgången för 2027 måste öppna under 2027 eller året efter."]
    assert RoundForm({"year": 2026, "opens_on": "2027-01-10", "closes_on": "2027-02-10"}).is_valid()


@pytest.mark.parametrize("language, text", [("sv", "88,2 %"), ("en", "88.2 %")])
def test_chart_shares_are_written_as_the_reader_writes_numbers(language, text):
    from types import SimpleNamespace

    from django.utils import translation

    from followup.charts import bar_chart

    question = SimpleNamespace(goal="1", aspect="a", template=SimpleNamespace(short_label="Kurs"))
    result = SimpleNamespace(question=question, share=88.2, suppressed=False, meets_target=True, target=80)
    with translation.override(language):
        chart = bar_chart([result], "Mål")
    assert chart["bars"][0]["share_text"] == text  # core.text.percent, the one percent format
    assert text in chart["desc"]
