"""Reports: every dashboard number against a small known dataset, constant query counts, the yearly
report (services, beat, a real Celery worker) and the manager's view of their own municipality."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import CourseDay, TrainerProfile
from enrollment.models import Attendance, Enrollment
from municipalities.models import Agreement, Municipality, PopulationFigure
from reports import selectors, services
from reports.models import ReportBuild, ReportComment
from tests.courses_helpers import build_catalogue, make_occasion

S = Enrollment.Status
YEAR = 2025


@pytest.fixture
def data(norrbotten, demo_people, make_person):
    """A year with known numbers (worked out by hand in the tests); after demo_people, whose loading
    resets the population figures."""
    lulea, pitea = Municipality.objects.get(code="2580"), Municipality.objects.get(code="2581")
    Municipality.objects.update(joined_on=None)
    Municipality.objects.filter(pk=lulea.pk).update(joined_on=datetime.date(2024, 5, 1))
    Municipality.objects.filter(pk=pitea.pk).update(joined_on=datetime.date(2026, 1, 1))
    Agreement.objects.create(
        municipality=lulea, status=Agreement.Status.SIGNED, signed_on=datetime.date(2025, 2, 1)
    )
    Agreement.objects.create(
        municipality=pitea, status=Agreement.Status.SENT, sent_on=datetime.date(2025, 2, 1)
    )
    PopulationFigure.objects.update_or_create(
        municipality=lulea, date=datetime.date(2025, 12, 31), defaults={"population": 80000}
    )
    PopulationFigure.objects.update_or_create(
        municipality=pitea, date=datetime.date(2025, 12, 31), defaults={"population": 40000}
    )
    PopulationFigure.objects.filter(date__year__gt=2025).delete()
    cat = build_catalogue()
    a = make_occasion(
        cat["course"], norrbotten, first=datetime.date(2025, 3, 10), days=2, capacity=10, status="completed"
    )
    b = make_occasion(
        cat["other"], norrbotten, first=datetime.date(2025, 9, 1), days=2, capacity=5, status="completed"
    )
    CourseDay.objects.filter(occasion=b, date=datetime.date(2025, 9, 2)).update(is_cancelled=True)
    make_occasion(cat["course"], norrbotten, first=datetime.date(2025, 10, 1), days=3, status="cancelled")
    d = make_occasion(cat["course"], norrbotten, first=datetime.date(2024, 4, 1), days=1, status="completed")
    p1, p2, p3 = (make_person(municipality=lulea, is_social_worker=True) for _ in range(3))
    p4, p5 = (make_person(municipality=pitea, is_social_worker=True) for _ in range(2))
    e1 = Enrollment.objects.create(person=p1, occasion=a, status=S.COMPLETED)
    Enrollment.objects.create(person=p2, occasion=a, status=S.COMPLETED)
    Enrollment.objects.create(person=p3, occasion=a, status=S.CANCELLED)
    Enrollment.objects.create(person=p1, occasion=b, status=S.APPROVED)
    e4 = Enrollment.objects.create(person=p4, occasion=a, status=S.NOT_COMPLETED)
    Enrollment.objects.create(person=p5, occasion=b, status=S.LATE_CANCELLED)
    Enrollment.objects.create(person=p4, occasion=d, status=S.COMPLETED)
    first_day = a.days.order_by("date").first()
    Attendance.objects.create(enrollment=e1, day=first_day, present=True)
    Attendance.objects.create(enrollment=e4, day=first_day, present=False)
    TrainerProfile.objects.create(person=p2)
    return {"lulea": lulea, "pitea": pitea, "cat": cat, "people": [p1, p2, p3, p4, p5]}


def test_headline_numbers_equal_the_known_dataset(data):
    totals = selectors.totals(YEAR)
    assert totals["participants"] == 3  # p1, p2, p4 hold places on 2025 occasions
    assert totals["completed"] == 2
    assert totals["cancellations"] == 2  # p3 cancelled, p5 late
    assert totals["no_shows"] == 1
    assert totals["course_days"] == 3  # 2 + 1 (one day cancelled); the cancelled occasion not at all
    assert (totals["capacity"], totals["places_taken"], totals["fill_rate"]) == (15, 4, 26.7)
    assert selectors.agreement_summary(YEAR) == {
        "municipalities": Municipality.objects.count(),
        "joined": 1,
        "agreements_signed": 1,
    }


def test_participation_per_municipality_and_per_10000(data):
    headers, rows = selectors.participation_table(YEAR)
    by_name = {row[0]: row for row in rows}
    assert by_name["Luleå"] == ["Luleå", 80000, 2, 0.2, 2, 0.2]
    assert by_name["Piteå"] == ["Piteå", 40000, 1, 0.2, 0, ""]
    assert len(rows) == Municipality.objects.count()


def test_a_municipality_filter_counts_only_its_people(data):
    totals = selectors.totals(YEAR, municipality=data["lulea"])
    assert (totals["participants"], totals["completed"], totals["cancellations"], totals["no_shows"]) == (
        2,
        2,
        1,
        0,
    )
    # Places and course days belong to the region's occasions: the filter leaves them as they are.
    region = (totals["capacity"], totals["places_taken"], totals["fill_rate"], totals["course_days"])
    assert region == (15, 4, 26.7, 3)
    assert selectors.participation_table(YEAR, municipality=data["lulea"])[1] == [
        ["Luleå", 80000, 2, 0.2, 2, 0.2]
    ]


def test_enrollments_by_step_and_trend(data):
    _headers, rows = selectors.steps_table(YEAR)
    assert rows == [["Barn och unga", "Ny", 4, 2, 1], ["Barn och unga", "Van", 2, 0, 1]]
    _headers, trend = selectors.trend_table()
    by_year = {row[0]: row[1:] for row in trend}
    assert by_year[2024] == [1, 1, 1]
    assert by_year[2025] == [3, 2, 3]
    assert by_year[2021] == [0, 0, 0] and list(by_year) == list(range(2021, 2028))


def test_an_occasion_counts_in_the_year_of_its_first_day_cancelled_or_moved(data):
    # Cancelling the first day leaves the occasion in its year; the day no longer counts as held.
    first = CourseDay.objects.get(date=datetime.date(2025, 3, 10))
    first.is_cancelled = True
    first.save()
    totals = selectors.totals(YEAR)
    assert (totals["participants"], totals["completed"], totals["course_days"]) == (3, 2, 2)
    # Moving the 2024 occasion's only day into 2025 moves its enrollment and day with it.
    moved = CourseDay.objects.get(date=datetime.date(2024, 4, 1))
    moved.date = datetime.date(2025, 4, 1)
    moved.save()
    by_year = {row[0]: row[1:] for row in selectors.trend_table()[1]}
    assert by_year[2024] == [0, 0, 0] and by_year[2025] == [3, 3, 3]
    assert selectors.totals(YEAR)["completed"] == 3


def test_every_demo_occasion_starts_on_its_first_day(demo_people):
    """The demo writers (some bulk-create their days, which sends no signals) leave starts_on right."""
    import io

    from django.core.management import call_command
    from django.db.models import Min

    from courses.models import CourseOccasion

    call_command("demo_data", stdout=io.StringIO())
    occasions = list(CourseOccasion.objects.annotate(first=Min("days__date")))
    assert len([o for o in occasions if o.first]) > 20
    assert [(o.pk, o.starts_on) for o in occasions] == [(o.pk, o.first) for o in occasions]


def test_trainers_against_population_share(data):
    from accounts.models import User

    # Independently: active people with an active trainer profile, counted in Python.
    trainers = {}
    for user in User.objects.filter(is_active=True).select_related("trainer_profile"):
        profile = getattr(user, "trainer_profile", None)
        if profile and profile.is_active:
            trainers[user.municipality_id] = trainers.get(user.municipality_id, 0) + 1
    population = {
        m.pk: m.population_figures.filter(date__year__lte=YEAR).order_by("-date").first()
        for m in Municipality.objects.all()
    }
    total_population = sum(f.population for f in population.values() if f)
    _headers, rows = selectors.trainer_table(YEAR)
    by_name = {row[0]: row for row in rows}
    lulea = data["lulea"]
    assert by_name["Luleå"][1] == trainers[lulea.pk] >= 1
    assert by_name["Luleå"][2] == round(100 * trainers[lulea.pk] / sum(trainers.values()), 1)
    assert by_name["Luleå"][4] == round(100 * 80000 / total_population, 1)
    assert by_name["Piteå"][1] == trainers.get(data["pitea"].pk, 0)


def test_every_trainer_count_uses_the_courses_definition(data, make_person):
    """The trainer page, the follow-up results, the dashboard table and the report's goal F agree."""
    from courses import selectors as course_selectors
    from reports.pdf import report_context

    lulea, pitea = data["lulea"], data["pitea"]
    TrainerProfile.objects.create(person=make_person(municipality=pitea), is_active=False)  # inactive profile
    TrainerProfile.objects.create(person=make_person(municipality=pitea, is_active=False))  # inactive account
    make_person(municipality=lulea, is_course_leader=True)  # leader, no profile
    TrainerProfile.objects.create(person=make_person(municipality=pitea))  # counts
    expected = course_selectors.active_trainers().count()
    assert expected == TrainerProfile.objects.filter(is_active=True, person__is_active=True).count()
    assert sum(r["trainers"] for r in course_selectors.trainer_spread()) == expected
    assert sum(r["trainers"] for r in course_selectors.trainer_spread(YEAR)) == expected
    assert sum(r[1] for r in selectors.trainer_table(YEAR)[1]) == expected
    context = report_context(YEAR)
    assert sum(r[1] for r in context["trainers"][1]) == expected
    goal_f = {i["goal"]: i for i in context["project_goals"]}["F"]
    assert goal_f["measure"].endswith(f"; {expected} aktiva utbildare")
    assert {r[0]: r[1] for r in selectors.trainer_table(YEAR)[1]}["Piteå"] == 1


def test_only_regional_agreements_signed_and_in_force_in_the_year_count(data):
    lulea, pitea = data["lulea"], data["pitea"]
    kalix, boden, arjeplog = (Municipality.objects.get(code=c) for c in ("2514", "2582", "2506"))
    signed = {"status": Agreement.Status.SIGNED, "signed_on": datetime.date(2021, 4, 1)}
    # The SKR agreement does not count: Piteå's regional one is only sent.
    Agreement.objects.create(municipality=pitea, kind=Agreement.Kind.SKR, **signed)
    # Terminated and draft regional agreements do not count.
    Agreement.objects.create(
        municipality=kalix, status=Agreement.Status.TERMINATED, signed_on=datetime.date(2021, 4, 1)
    )
    Agreement.objects.create(municipality=arjeplog)
    # Boden's ended in 2023 (expired since): it counts for 2023, not for 2025.
    Agreement.objects.create(
        municipality=boden,
        status=Agreement.Status.EXPIRED,
        signed_on=datetime.date(2021, 4, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    assert selectors.agreement_summary(YEAR)["agreements_signed"] == 1  # Luleå only
    assert selectors.agreement_summary(2023)["agreements_signed"] == 1  # Boden (Luleå signed in 2025)
    assert selectors.agreement_summary(2026)["agreements_signed"] == 1
    # A second regional agreement of the same municipality does not count it twice.
    Agreement.objects.create(municipality=lulea, starts_on=datetime.date(2026, 1, 1), **signed)
    assert selectors.agreement_summary(2026)["agreements_signed"] == 1
    assert selectors.agreement_summary(YEAR, municipality=pitea)["agreements_signed"] == 0


def test_planned_course_days_are_not_counted_as_held(data, monkeypatch):
    """A day still to come is planned, not held: neither the totals nor the trend (the PDF's and the
    dashboard's "Utveckling" table) count it."""
    # On 1 June 2025 occasion a (March, two days) is held; occasion b (September) is still planned.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2025, 6, 1))
    assert selectors.totals(YEAR)["course_days"] == 2
    headers, trend = selectors.trend_table()
    assert headers[3] == "Kursdagar genomförda"
    assert {row[0]: row[3] for row in trend}[YEAR] == 2
    assert dict(selectors.course_table(YEAR)[1])["Kursdagar genomförda"] == 2


def test_numbers_in_the_report_and_on_the_dashboard_use_a_decimal_comma(data, demo_people, client_for):
    import re

    from django.utils import translation

    from reports.pdf import report_html

    def text_of(html):
        html = re.sub(r"<(svg|style|script)\b.*?</\1>", "", html, flags=re.S)  # SVG geometry keeps its dots
        return re.sub(r"<[^>]+>", " ", html)

    with translation.override("en"):  # a worker or caller in another language still gets the Swedish report
        text = text_of(report_html(YEAR))
    assert "Beläggning: 26,7 %" in text
    assert re.search(r"\b0,2\b", text)  # Luleå's participants per 10 000
    assert not re.search(r"\d\.\d", text), re.findall(r".{20}\d\.\d.{20}", text)
    client = client_for(demo_people["styrgrupp@demo.se"])
    page = text_of(client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode())
    assert "26,7" in page and not re.search(r"\d\.\d", page), re.findall(r".{20}\d\.\d.{20}", page)
    # The reports' CSV exports write decimal commas too (core.exports); XLSX keeps real numbers.
    csv_text = client.get(
        reverse("reports:export", args=["deltagande", "csv"]), {"year": YEAR}
    ).content.decode("utf-8-sig")
    assert "Luleå;80000;2;0,2;2;0,2" in csv_text


def test_goal_rows_come_from_the_followup_selectors(data):
    from followup.selectors import goal_summary

    _headers, rows = selectors.goal_table(YEAR)
    assert [row[0] for row in rows] == [f"Mål {g.goal}" for g in goal_summary(YEAR)]
    assert all(row[3] in ("Ja", "Nej", "för få svar") for row in rows)


def test_dashboard_page_shows_the_same_numbers(data, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    response = client.get(reverse("reports:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    assert response.context["totals"] == selectors.totals(YEAR)
    assert response.context["participation"] == selectors.participation_table(YEAR)
    html = response.content.decode()
    assert 'role="img"' in html and "<caption>" in html
    # No personal data on the regional page.
    assert data["people"][0].last_name not in html


def test_exports_render_the_same_rows(data, demo_people, client_for):
    client = client_for(demo_people["styrgrupp@demo.se"])
    response = client.get(reverse("reports:export", args=["deltagande", "csv"]), {"year": YEAR})
    text = response.content.decode("utf-8-sig")
    assert "Luleå" in text and "80000" in text
    response = client.get(reverse("reports:export", args=["steg", "xlsx"]), {"year": YEAR})
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_manager_sees_own_municipality_and_staff_steps(data, demo_people, client_for):
    from enrollment.models import StepPlacement

    manager = demo_people["chef.lulea@demo.se"]
    StepPlacement.objects.create(
        person=data["people"][0], journey=data["cat"]["journey"], step=data["cat"]["van"]
    )
    client = client_for(manager)
    response = client.get(reverse("reports:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    assert response.context["municipality"] == manager.municipality
    assert response.context["totals"] == selectors.totals(YEAR, municipality=manager.municipality)
    _headers, staff = response.context["staff"]
    row = next(r for r in staff if r[0] == data["people"][0].get_full_name())
    assert row[1] == "Van (Barn och unga)"
    assert row[2] == "–"  # the approved 2025 occasion is over: nothing pending
    pitea = Municipality.objects.get(code="2581")
    assert client.get(reverse("reports:dashboard"), {"municipality": pitea.pk}).status_code == 404


def _grow(norrbotten, make_person, cat, n):
    lulea = Municipality.objects.get(code="2580")
    for i in range(n):
        occasion = make_occasion(cat["other"], norrbotten, first=datetime.date(2025, 5, 1 + i), days=2)
        person = make_person(municipality=lulea, is_social_worker=True)
        enrollment = Enrollment.objects.create(person=person, occasion=occasion, status=S.COMPLETED)
        Attendance.objects.create(enrollment=enrollment, day=occasion.days.first(), present=False)


def test_dashboard_query_count_does_not_grow_with_the_data(
    data, demo_people, client_for, norrbotten, make_person
):
    client = client_for(demo_people["styrgrupp@demo.se"])
    url = reverse("reports:dashboard")
    client.get(url, {"year": YEAR})  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"year": YEAR})
    _grow(norrbotten, make_person, data["cat"], 12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"year": YEAR})
    assert response.context["totals"]["participants"] == 3 + 12
    assert len(small.captured_queries) == len(large.captured_queries)


def test_report_builds_a_tagged_pdf_with_the_key_figures(
    data, demo_people, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    ReportComment.objects.create(year=YEAR, goal="A", text="Strukturen är fastställd av styrgruppen.")
    with django_capture_on_commit_callbacks(execute=True):
        build = services.report_request(YEAR, demo_people["projektledare@demo.se"])  # eager Celery in tests
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.READY, build.error
    reader = PdfReader(build.file.open("rb"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "årsrapport 2025" in text.lower()
    assert "Deltagare: 3" in text and "Genomförda kurser: 2" in text
    assert "Beläggning: 26,7 %" in text  # decimal comma in the PDF itself
    assert "Strukturen är fastställd av styrgruppen." in text
    assert "Luleå" in text
    assert reader.trailer["/Root"].get("/StructTreeRoot") is not None  # tagged (PDF/UA-1)
    # A second run of the same task changes nothing.
    assert services.report_build(build.pk) is None


def test_beat_builds_last_years_report_once(db, settings):
    from reports.tasks import build_last_years_report

    build_last_years_report()
    build_last_years_report()
    assert ReportBuild.objects.filter(from_beat=True).count() == 1


def test_a_failing_build_records_the_reason(db, monkeypatch, django_capture_on_commit_callbacks):
    import reports.pdf

    monkeypatch.setattr(
        reports.pdf, "render_report", lambda year: (_ for _ in ()).throw(RuntimeError("trasig"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        build = services.report_request(YEAR)
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.FAILED and "trasig" in build.error


def test_bad_comment_is_refused_with_a_swedish_message(demo_people, client_for):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("reports:comments"), {"year": YEAR, "goal": "Q", "text": ""})
    assert "Kommentaren sparades inte" in response.content.decode()
    assert not ReportComment.objects.exists()
    client.post(reverse("reports:comments"), {"year": YEAR, "goal": "B", "text": "Kurserna finns."})
    assert ReportComment.objects.get(year=YEAR, goal="B").text == "Kurserna finns."


def test_capacity_forecast_needs_ceil_of_places_over_capacity(data):
    _headers, rows = selectors.capacity_forecast(2026, expected=45, typical_capacity=20)
    # Ny has one published course: 45 places, ceil(45/20) = 3 occasions, none planned in 2026.
    assert rows == [["Barn och unga", "Ny", 45, 3, 0, 0]]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_report_is_built_by_a_real_celery_worker(broker_url, norrbotten, demo_people):
    import time

    from celery.contrib.testing.worker import start_worker
    from pypdf import PdfReader

    from yrkesresan.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    try:
        # The worker consumes the reports queue the build is routed to, as `make worker-reports` does.
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["reports"]
        ):
            build = services.report_request(2024, demo_people["styrgrupp@demo.se"])
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                build.refresh_from_db()
                if build.status in (ReportBuild.Status.READY, ReportBuild.Status.FAILED):
                    break
                time.sleep(0.3)
    finally:
        celery_app.conf.task_always_eager = True
    assert build.status == ReportBuild.Status.READY, build.error
    text = "\n".join(p.extract_text() for p in PdfReader(build.file.open("rb")).pages)
    assert "årsrapport 2024" in text.lower() and "Anslutna kommuner" in text
