"""Issue #16: project goals A–G as indicators (computed or recorded), the styrgrupp's assessments with
their history, and the action plan – on the dashboard and in the yearly report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrollment.models import Enrollment
from municipalities.models import Agreement, Municipality
from reports import selectors, services
from reports.models import Activity, GoalAssessment
from tests.courses_helpers import build_catalogue, make_occasion

S = Enrollment.Status
YEAR = 2025
TODAY = datetime.date(2025, 11, 1)


@pytest.fixture
def usage(norrbotten, demo_people, make_person):
    lulea, pitea = Municipality.objects.get(code="2580"), Municipality.objects.get(code="2581")
    Agreement.objects.create(
        municipality=lulea,
        status=Agreement.Status.SIGNED,
        signed_on=datetime.date(2025, 2, 1),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    cat = build_catalogue()
    a = make_occasion(cat["course"], norrbotten, first=datetime.date(2025, 3, 10), days=1, capacity=10)
    for person, status in (
        (make_person(municipality=lulea, is_social_worker=True), S.COMPLETED),
        (make_person(municipality=lulea, is_social_worker=True), S.APPROVED),
        (make_person(municipality=pitea, is_social_worker=True), S.COMPLETED),  # Piteå: no agreement
    ):
        Enrollment.objects.create(person=person, occasion=a, status=status)
    return {"lulea": lulea, "cat": cat, "norrbotten": norrbotten}


def test_goal_g_is_computed_from_agreements_and_participants(usage):
    g = selectors.goal_usage(YEAR)
    assert g["municipalities"] == Municipality.objects.count()
    assert g["using"] == 1  # Luleå: signed agreement and participants; Piteå has participants only
    assert g["completed_people"] == 2
    indicator = {i["goal"]: i for i in selectors.project_goal_indicators(YEAR)}["G"]
    assert "1 av" in indicator["measure"] and "2 personer" in indicator["measure"]
    assert indicator["status"] == selectors.NOT_ASSESSED


def test_an_assessment_sets_the_status_and_keeps_the_history(usage, demo_people):
    leader = demo_people["projektledare@demo.se"]
    services.assessment_record(
        goal="A",
        year=YEAR,
        outcome="partly",
        meeting_on=datetime.date(2025, 5, 1),
        motivation="Strukturen är nästan klar.",
        recorded_by_id=leader.pk,
    )
    services.assessment_record(
        goal="A",
        year=YEAR,
        outcome="met",
        meeting_on=datetime.date(2025, 10, 1),
        motivation="Fastställd av styrgruppen.",
        recorded_by_id=leader.pk,
    )
    indicators = {i["goal"]: i for i in selectors.project_goal_indicators(YEAR)}
    assert indicators["A"]["status"] == "met" and indicators["A"]["assessed_times"] == 2
    assert indicators["A"]["assessment"].motivation == "Fastställd av styrgruppen."
    assert GoalAssessment.objects.filter(goal="A", year=YEAR).count() == 2
    assert indicators["B"]["status"] == selectors.NOT_ASSESSED
    # Another year is assessed on its own.
    assert {i["goal"]: i for i in selectors.project_goal_indicators(2026)}["A"]["status"] == "not_assessed"


def test_activities_count_open_and_overdue_per_goal_and_done_ones_go_to_the_report(db):
    services.activity_save(
        title="Nätverksträff RSS",
        owner="Eva",
        due_on=datetime.date(2025, 9, 1),
        status="planned",
        goals=["F", "7"],
    )
    services.activity_save(
        title="Spridningsdag", owner="Eva", due_on=datetime.date(2025, 12, 1), status="ongoing", goals=["G"]
    )
    done = services.activity_save(
        title="Förvaltningsplan",
        owner="Eva",
        due_on=datetime.date(2025, 3, 1),
        status="done",
        goals=["E"],
        today=datetime.date(2025, 4, 2),
        outcome_note="Planen antogs.",
    )
    counts = selectors.activity_counts(today=TODAY)
    assert counts["F"] == {"open": 1, "overdue": 1} and counts["7"] == {"open": 1, "overdue": 1}
    assert counts["G"] == {"open": 1, "overdue": 0}
    assert counts["E"] == {"open": 0, "overdue": 0}
    assert done.done_on == datetime.date(2025, 4, 2)
    assert [a.title for a in selectors.activities_done(2025)] == ["Förvaltningsplan"]
    assert selectors.activities_done(2024) == []


def test_indicators_run_a_fixed_number_of_queries(usage, make_person, django_assert_num_queries):
    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.project_goal_indicators(YEAR, today=TODAY)
        return len(queries.captured_queries)

    small = count()
    lulea = usage["lulea"]
    for i in range(15):
        occasion = make_occasion(
            usage["cat"]["other"], usage["norrbotten"], first=datetime.date(2025, 4, 1 + i)
        )
        Enrollment.objects.create(
            person=make_person(municipality=lulea, is_social_worker=True),
            occasion=occasion,
            status=S.COMPLETED,
        )
        services.activity_save(title=f"A{i}", owner="Eva", due_on=TODAY, status="planned", goals=["A", "1"])
        services.assessment_record(
            goal="ABCDEFG"[i % 7], year=YEAR, outcome="met", meeting_on=TODAY, motivation="Ok"
        )
    assert count() == small
    with django_assert_num_queries(small):
        selectors.project_goal_indicators(YEAR, today=TODAY)


def test_dashboard_shows_a_to_g_with_targets_next_to_1_to_7(usage, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    html = client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    assert html.index("Projektmål A–G") < html.index("Effektmål 1–7 mot målvärdet")
    for letter in "ABCDEFG":
        assert f"Mål {letter}" in html
    assert "Minst 80 % av de deltagande RSS:erna" in html
    # A manager's dashboard keeps to their municipality: no regional project goals, nor their export.
    manager = client_for(demo_people["chef.lulea@demo.se"])
    assert "Projektmål A–G" not in manager.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    assert manager.get(reverse("reports:export", args=["projektmal", "csv"])).status_code == 404


def test_the_project_goals_export_has_the_indicator_rows(usage, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    response = client.get(reverse("reports:export", args=["projektmal", "csv"]), {"year": YEAR})
    assert response["Content-Disposition"] == 'attachment; filename="oversikt-projektmal-2025.csv"'
    assert response.content.decode("utf-8-sig").count("Mål ") >= 7


def _pdf(name="protokoll.pdf", content=None):
    from municipalities.demo import demo_pdf

    # A PDF pypdf can read: the upload check refuses a file that only begins with %PDF-.
    content = demo_pdf("Protokoll") if content is None else content
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_project_leader_records_an_assessment_with_minutes(usage, demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("reports:assessment_create", args=["B"])
    response = client.post(
        url,
        {
            "year": YEAR,
            "outcome": "met",
            "meeting_on": "2025-06-01",
            "motivation": "Kurserna för Ny och Van är klara.",
            "minutes": _pdf(),
        },
    )
    assert response.status_code == 302
    assessment = GoalAssessment.objects.get(goal="B")
    assert assessment.recorded_by == demo_people["projektledare@demo.se"]
    # The styrgrupp reads the page and downloads the minutes; it cannot record.
    steering = client_for(demo_people["styrgrupp@demo.se"])
    page = steering.get(reverse("reports:project_goals"), {"year": YEAR}).content.decode()
    assert "Kurserna för Ny och Van är klara." in page and "Registrera bedömning" not in page
    download = steering.get(reverse("reports:assessment_minutes", args=[assessment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert steering.post(url, {"year": YEAR}).status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "met", "meeting_on": "2025-06-01", "motivation": "  "}, "Skriv en kort motivering."),
        ({"outcome": "kanske", "meeting_on": "2025-06-01", "motivation": "x"}, "Välj ett giltigt alternativ"),
        ({"outcome": "met", "meeting_on": "2999-01-01", "motivation": "x"}, "Ange ett datum mellan"),
        (
            {"outcome": "met", "meeting_on": "2025-06-01", "motivation": "x", "minutes": "fake"},
            "Filen är inte en giltig PDF-fil.",
        ),
    ],
)
def test_bad_assessments_are_refused_in_swedish_and_nothing_is_stored(
    usage, demo_people, client_for, data, message
):
    client = client_for(demo_people["projektledare@demo.se"])
    if data.get("minutes") == "fake":
        data = {**data, "minutes": _pdf("protokoll.pdf", b"MZ not a pdf")}
    response = client.post(reverse("reports:assessment_create", args=["C"]), {"year": YEAR, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GoalAssessment.objects.exists()


def test_an_unknown_goal_letter_answers_404(demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    assert client.get(reverse("reports:assessment_create", args=["H"])).status_code == 404


def test_the_action_plan_is_edited_by_the_leader_and_read_by_the_styrgrupp(db, demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    data = {
        "title": "Spridningsdag i Kiruna",
        "owner": "Eva Lindqvist",
        "due_on": "2026-03-01",
        "status": "planned",
        "goals": ["G", "7"],
    }
    assert client.post(reverse("reports:activity_add"), data).status_code == 302
    activity = Activity.objects.get()
    assert activity.goal_list == ["G", "7"]
    response = client.post(
        reverse("reports:activity_edit", args=[activity.pk]),
        {**data, "status": "done", "done_on": "2025-12-01", "outcome_note": "120 deltog."},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done" and activity.done_on == datetime.date(2025, 12, 1)
    steering = client_for(demo_people["styrgrupp@demo.se"])
    assert "Spridningsdag i Kiruna" in steering.get(reverse("reports:action_plan")).content.decode()
    assert steering.post(reverse("reports:activity_add"), data).status_code == 403


def test_a_bad_activity_is_refused_and_nothing_is_stored(db, demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("reports:activity_add"),
        {"title": "X", "owner": "Eva", "due_on": "2026-03-01", "status": "planned"},
    )
    assert response.status_code == 200
    assert "Välj minst ett mål som aktiviteten hör till." in response.content.decode()
    response = client.post(
        reverse("reports:activity_add"),
        {"title": "X", "owner": "Eva", "due_on": "2026-03-01", "status": "planned", "goals": ["Z"]},
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_the_yearly_report_carries_a_to_g_and_what_was_done(usage, demo_people):
    from reports.pdf import report_html

    services.assessment_record(
        goal="D",
        year=YEAR,
        outcome="not_met",
        meeting_on=datetime.date(2025, 6, 1),
        motivation="Paketeringen i Totara är inte klar.",
    )
    services.activity_save(
        title="Användartest i Totara",
        owner="Adda",
        due_on=datetime.date(2025, 8, 1),
        status="done",
        goals=["D"],
        done_on=datetime.date(2025, 8, 15),
        outcome_note="Tio testare.",
    )
    html = report_html(YEAR)
    assert "Projektmål A–G" in html
    assert "Paketeringen i Totara är inte klar." in html and "Inte uppfyllt" in html
    assert "Användartest i Totara" in html and "Tio testare." in html
    assert "Minst 80 % av de deltagande RSS:erna" in html


def test_the_demo_records_assessments_and_an_action_plan_once(demo_people, client_for):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    call_command("demo_data", stdout=io.StringIO())
    counts = (GoalAssessment.objects.count(), Activity.objects.count())
    call_command("demo_data", stdout=io.StringIO())
    assert (GoalAssessment.objects.count(), Activity.objects.count()) == counts and counts[0] >= 7
    year = timezone.localdate().year
    indicators = {i["goal"]: i for i in selectors.project_goal_indicators(year)}
    assert indicators["A"]["status"] == "met" and indicators["A"]["assessed_times"] == 2
    assert indicators["F"]["status"] in ("met", "not_met")  # from the demo's RSS answers
    html = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("reports:dashboard")).content.decode()
    assert "Delvis uppfyllt" in html
