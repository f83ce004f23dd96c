"""Issue 13 item 8 and issue 19: one yearly-report build per year at a time, on a queue of its own, and a
message that says what actually happened to the order."""

import datetime
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportBuild
from yrkesresan.celery import app as celery_app

YEAR = 2025
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def quick_pdf(monkeypatch):
    """The PDF itself is tested in test_reports.py; here a build takes no time."""
    import reports.pdf

    monkeypatch.setattr(reports.pdf, "render_report", lambda year: b"%PDF-1.7 test")


def _order(client):
    """Order the yearly report; the messages the list page then shows."""
    response = client.post(reverse("reports:request"), {"year": YEAR}, follow=True)
    assert response.redirect_chain == [(reverse("reports:list"), 302)]
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_a_second_order_while_one_is_queued_says_so_and_stores_nothing(client_for, demo_people, quick_pdf):
    client = client_for(demo_people["styrgrupp@demo.se"])
    # Inside the test's transaction the build's task never runs: the first order stays queued.
    assert "byggs i bakgrunden" in _order(client)[0]
    for _ in range(3):
        (message,) = _order(client)
        assert "Årsrapporten för 2025 är redan beställd och byggs" in message
    assert ReportBuild.objects.filter(year=YEAR).count() == 1
    # Another year is its own build.
    client.post(reverse("reports:request"), {"year": YEAR - 1})
    assert ReportBuild.objects.count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_build_of_a_year(db):
    ReportBuild.objects.create(year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportBuild.objects.create(year=YEAR, status=ReportBuild.Status.BUILDING)
    ReportBuild.objects.create(year=YEAR, status=ReportBuild.Status.READY)  # finished ones are history


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_message_says_the_report_is_ready(
    client_for, demo_people, quick_pdf, norrbotten
):
    """Issue 19: eager, the build ran in the request, yet the page said "byggs … uppdatera om en stund"."""
    client = client_for(demo_people["styrgrupp@demo.se"])
    (message,) = _order(client)
    assert message == "Årsrapporten för 2025 är klar. Ladda ned den i listan nedan."
    assert ReportBuild.objects.get().status == ReportBuild.Status.READY
    # A finished build does not block the next order.
    assert "är klar" in _order(client)[0]


@pytest.mark.django_db(transaction=True)
def test_a_build_that_failed_in_the_request_says_so(client_for, demo_people, monkeypatch, norrbotten):
    import reports.pdf

    monkeypatch.setattr(reports.pdf, "render_report", lambda year: 1 / 0)
    (message,) = _order(client_for(demo_people["styrgrupp@demo.se"]))
    assert message == "Årsrapporten för 2025 kunde inte byggas. Orsaken står i listan nedan."


def test_report_builds_run_on_their_own_queue_and_e_mail_on_the_default_one():
    router = celery_app.amqp.router
    for name in ("reports.tasks.build_report", "reports.tasks.resume_report_builds"):
        assert router.route({}, name)["queue"].name == "reports"
    for name in (
        "core.tasks.deliver_outbox",
        "core.tasks.deliver_pending",
        "enrollment.tasks.send_reminders",
    ):
        assert router.route({}, name)["queue"].name == "celery"


def test_every_way_of_running_the_portal_starts_a_worker_for_each_queue():
    for path in ("Makefile", "docker-compose.yml", "scripts/production-native.sh"):
        text = (ROOT / path).read_text().replace('", "', " ").replace('"', "")
        assert "--queues=celery" in text and "--queues=reports" in text, path


@pytest.mark.django_db
def test_the_sweep_fails_a_build_whose_worker_died_and_requeues_a_lost_one(
    quick_pdf, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    dead = ReportBuild.objects.create(year=YEAR, status=ReportBuild.Status.BUILDING, started_at=long_ago)
    lost = ReportBuild.objects.create(year=YEAR - 1)
    ReportBuild.objects.filter(pk=lost.pk).update(created_at=long_ago)
    fresh = ReportBuild.objects.create(year=YEAR - 2)  # its task is probably still on its way
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_builds_resume() == 1
    dead.refresh_from_db(), lost.refresh_from_db(), fresh.refresh_from_db()
    assert dead.status == ReportBuild.Status.FAILED and "Beställ rapporten igen" in dead.error
    assert lost.status == ReportBuild.Status.READY
    assert fresh.status == ReportBuild.Status.QUEUED


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_orders_at_once_make_one_build(postgres_db, monkeypatch):
    from tests.core.test_outbox import run_twice_at_once

    monkeypatch.setattr("core.queue.queue", lambda name, *args: True)  # no worker: the builds stay queued
    results, errors = run_twice_at_once(lambda: services.report_request(YEAR))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], services.ReportError)
    assert ReportBuild.objects.filter(year=YEAR).count() == 1
