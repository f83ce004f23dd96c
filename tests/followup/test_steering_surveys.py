"""Issue #16: the surveys the plan still lacked – the yearly RSS survey (goal F and 7, e-mailed single-use
links to contacts without accounts), the managers' training-needs survey (per municipality, not
anonymous) and part C (every survey's comments, suppressed for small groups, marked as handled)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup import selectors, services
from followup.catalogue import COMPETENCE_AREAS, load_templates_now
from followup.models import (
    Answer,
    CommentHandling,
    Invitation,
    Question,
    Response,
    RssContact,
    SurveyRound,
    SurveyTemplate,
)
from municipalities.models import Municipality

TODAY = timezone.localdate()


def link_from(message):
    return re.search(r"https?://\S+/uppfoljning/svara/\S+/", message.body).group(0)


@pytest.fixture
def templates(db):
    load_templates_now()
    return {t.kind: t for t in SurveyTemplate.objects.all()}


def _round(template, **extra):
    return SurveyRound.objects.create(
        template=template,
        year=TODAY.year,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=20),
        **extra,
    )


# --- The shipped templates and anonymity --------------------------------------------------------


def test_the_new_templates_say_whether_they_are_anonymous(templates):
    rss, needs = templates["rss_yearly"], templates["training_needs"]
    assert rss.is_anonymous and "Dina svar är anonyma." in rss.intro
    # The documented exception: the needs survey is a planning input per municipality.
    assert not needs.is_anonymous and "inte anonyma" in needs.intro
    assert [k for k, t in templates.items() if not t.is_anonymous] == ["training_needs"]
    for kind, template in templates.items():
        if template.is_anonymous:
            assert "anonyma" in template.intro and "inte anonyma" not in template.intro, kind
    measured = rss.questions.filter(is_measured=True)
    assert measured.filter(goal__isnull=True).count() == 3  # goal F's support aspects
    assert set(measured.filter(goal=7).values_list("target_percent", flat=True)) == {100}  # "samtliga RSS"
    needs_question = needs.questions.get(kind=Question.Kind.MULTIPLE)
    assert [label for _v, label in needs_question.choices()] == COMPETENCE_AREAS


def test_answers_of_the_new_surveys_cannot_be_traced_to_a_contact_or_an_invitation(db):
    """The anonymity schema, extended: nothing leads from a response or an answer to an RSS contact, and
    a comment's handling points at the answer and at the project leader who handled it, never at who wrote."""
    from accounts.models import User

    for model in (Response, Answer):
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) not in (RssContact, Invitation), (model, field)
    related = {f.related_model for f in CommentHandling._meta.get_fields() if f.is_relation}
    assert related == {Answer, User}
    assert CommentHandling._meta.get_field("handled_on").get_internal_type() == "DateField"


# --- The RSS survey ---------------------------------------------------------------------------


def test_the_project_leader_adds_rss_contacts_and_bad_input_stores_nothing(
    templates, demo_people, client_for
):
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("followup:rss_contacts")
    response = client.post(
        url, {"name": "Stina Taugböl", "email": "inte-en-adress", "organisation": "RSS Dalarna"}
    )
    assert response.status_code == 200 and "Ange en giltig e-postadress." in response.content.decode()
    assert not RssContact.objects.exists()
    ok = {"name": "Stina Taugböl", "email": "Stina@RSS-Dalarna.example", "organisation": "RSS Dalarna"}
    assert client.post(url, ok).status_code == 302
    again = client.post(url, {**ok, "email": "stina@rss-dalarna.example"})
    assert "finns redan bland RSS-kontakterna" in again.content.decode()
    assert RssContact.objects.get().email == "stina@rss-dalarna.example"
    assert client_for(demo_people["styrgrupp@demo.se"]).post(url, ok).status_code == 403


def test_rss_contacts_answer_by_a_single_use_link_and_goal_f_is_computed(
    templates, demo_people, client, django_capture_on_commit_callbacks
):
    for i in range(5):
        services.rss_contact_save(
            name=f"Projektledare {i}", email=f"pl{i}@rss{i}.example", organisation=f"RSS {i}"
        )
    services.rss_contact_save(
        name="Slutat", email="slutat@rss.example", organisation="RSS X", is_active=False
    )
    round_ = _round(templates["rss_yearly"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_send(round_.pk) == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_send(round_.pk) == 0  # twice sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == [f"pl{i}@rss{i}.example" for i in range(5)]
    assert Invitation.objects.filter(round=round_, person__isnull=True).count() == 5
    questions = {
        q.aspect: q for q in templates["rss_yearly"].questions.filter(is_measured=True, goal__isnull=True)
    }
    for index, message in enumerate(mail.outbox):
        link = link_from(message)
        page = client.get(link)
        assert (
            page.status_code == 200
            and "Årlig enkät till regionala projektledare (RSS)" in page.content.decode()
        )
        data = {f"q_{questions[a].pk}": ("high" if index < 4 else "no") for a in "abc"}
        data[f"q_{questions['b'].pk}"] = "high"
        data["action"] = "submit"
        assert client.post(link, data).status_code == 302
        assert client.get(link).status_code == 410  # single use: the link is spent
    assert Response.objects.filter(round=round_).count() == 5
    support = selectors.rss_support(TODAY.year)
    assert not support.suppressed and support.respondents == 5
    assert support.percent == 80.0 and support.meets_target  # 4 of 5 on aspects a and c
    from reports.selectors import project_goal_indicators

    goal_f = {i["goal"]: i for i in project_goal_indicators(TODAY.year)}["F"]
    assert goal_f["status"] == "met" and "80" in goal_f["measure"]


def test_goal_f_says_too_few_answers_below_the_minimum(templates):
    round_ = _round(templates["rss_yearly"])
    question = templates["rss_yearly"].questions.filter(is_measured=True, goal__isnull=True).first()
    for _ in range(3):
        response = Response.objects.create(round=round_, respondent_role="rss")
        Answer.objects.create(response=response, question=question, value="high")
    support = selectors.rss_support(TODAY.year)
    assert support.suppressed and support.percent is None and support.meets_target is None


# --- The managers' training-needs survey ----------------------------------------------------


def test_the_needs_survey_goes_to_the_chosen_municipalities_managers_and_is_summarised(
    templates, demo_people, client_for, client, django_capture_on_commit_callbacks
):
    needs = templates["training_needs"]
    round_ = _round(needs)
    leader = client_for(demo_people["projektledare@demo.se"])
    with pytest.raises(Exception, match="Välj kommuner"):
        services.round_send(round_.pk)
    url = reverse("followup:round_municipalities", args=[round_.pk])
    assert "Välj minst en kommun." in leader.post(url, {}).content.decode()
    assert not round_.municipalities.exists()
    lulea = Municipality.objects.get(code="2580")
    assert leader.post(url, {"municipalities": [lulea.pk]}).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_send(round_.pk) == 1
    assert mail.outbox[0].to == ["chef.lulea@demo.se"]
    assert "inte anonyma" in mail.outbox[0].body and "utan koppling till dig" not in mail.outbox[0].body
    link = link_from(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Svaren är inte anonyma." in page
    question = needs.questions.get(kind=Question.Kind.MULTIPLE)
    client.post(link, {f"q_{question.pk}": ["2", "6"], "action": "submit"})
    summary = selectors.training_needs(TODAY.year)
    assert summary["responses"] == 1 and summary["municipalities"] == ["Luleå"]
    top = {a["area"]: a for a in summary["areas"]}
    assert top["Regelverk och rättslig utveckling"]["managers"] == 1
    assert top["Samverkan"]["municipalities"] == [("Luleå", 1)]
    assert top["Handläggningsprocessen"]["managers"] == 0
    assert selectors.training_demand(TODAY.year)["Samverkan"] == 1
    results = leader.get(reverse("followup:needs_results"), {"year": TODAY.year}).content.decode()
    assert "Regelverk och rättslig utveckling" in results and "Luleå: 1" in results


# --- Part C: comments ----------------------------------------------------------------------


def _comments(round_, n, text="Bra kurs", course=None):
    question = round_.template.questions.get(kind=Question.Kind.FREE_TEXT)
    for i in range(n):
        response = Response.objects.create(round=round_, course=course, respondent_role="manager")
        Answer.objects.create(response=response, question=question, text=f"{text} {i}")


def test_comments_of_every_survey_on_one_page_hidden_for_small_groups(templates, demo_people, client_for):
    _comments(_round(templates["manager_yearly"]), 5, "Mer om samverkan")
    _comments(_round(templates["trainer_yearly"]), 2, "Liten grupp")
    groups = selectors.comments_by_group(TODAY.year)
    shown = [g for g in groups if not g.suppressed]
    assert len(shown) == 1 and len(shown[0].comments) == 5
    assert [g.suppressed for g in groups if g.round.template.kind == "trainer_yearly"] == [True]
    for role in ("styrgrupp@demo.se", "projektledare@demo.se"):
        page = client_for(demo_people[role]).get(reverse("followup:comments")).content.decode()
        assert "Mer om samverkan 0" in page and "Liten grupp" not in page
        assert "För få svar för att visa synpunkterna." in page
    steering = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("followup:comments")).content.decode()
    assert "Markera som hanterad" not in steering
    assert client_for(demo_people["chef.lulea@demo.se"]).get(reverse("followup:comments")).status_code == 403


def test_the_project_leader_marks_a_comment_handled_with_a_note(templates, demo_people, client_for):
    _comments(_round(templates["manager_yearly"]), 5)
    answer = Answer.objects.filter(text__startswith="Bra kurs").first()
    url = reverse("followup:comment_handle", args=[answer.pk])
    leader = client_for(demo_people["projektledare@demo.se"])
    leader.post(url, {"note": "   "})
    assert not CommentHandling.objects.exists()
    assert leader.post(url, {"note": "Tas upp på nätverksträffen i mars."}).status_code == 302
    assert leader.post(url, {"note": "Togs upp i mars."}).status_code == 302  # again: the note is updated
    handling = CommentHandling.objects.get()
    assert handling.note == "Togs upp i mars." and handling.handled_by == demo_people["projektledare@demo.se"]
    steering = client_for(demo_people["styrgrupp@demo.se"])  # the same test client, now as the styrgrupp
    assert "Togs upp i mars." in steering.get(reverse("followup:comments")).content.decode()
    assert steering.post(url, {"note": "x"}).status_code == 403
    assert CommentHandling.objects.get().note == "Togs upp i mars."


def test_the_comments_page_runs_a_fixed_number_of_queries(templates, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager_round = _round(templates["manager_yearly"])
    _comments(manager_round, 5)

    def count():
        with CaptureQueriesContext(connection) as queries:
            groups = selectors.comments_by_group(TODAY.year)
        return len(queries.captured_queries), groups

    small, _groups = count()
    _comments(manager_round, 20, "Fler")
    _comments(_round(templates["trainer_yearly"]), 7, "Utbildare")
    large, groups = count()
    assert large == small
    assert sum(len(g.comments) for g in groups) == 32
