"""Sealed survey answers are stored as reliably as the outbox's e-mail (issue 13 items 2 and 3).

A submission is sealed in its own transaction; storing it as a response is queued best-effort
(core.queue), and the beat sweep `followup.tasks.store_due_responses` picks up whatever waits. With the
broker really stopped (a Redis of the test's own on its own port), answering still succeeds at once, and
when a worker runs again the sweep, run twice, stores every answer exactly once. On PostgreSQL."""

import datetime
import shutil
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import (
    Answer,
    Invitation,
    Question,
    Response,
    SealedResponse,
    SurveyRound,
    SurveyTemplate,
)
from followup.tokens import token_for
from tests.conftest import require_service
from tests.project.test_broker_outage import OwnRedis, _answers, _use_broker, broker_at
from yrkesresan.celery import app as celery_app

PORT = 16391  # not the outbox test's port: helpers may run both at once
PEOPLE = 3


@pytest.fixture
def stopped_broker():
    require_service(shutil.which("redis-server"), "redis-server")
    require_service(not _answers(PORT), f"port {PORT} ledig för testets egen Redis")
    redis = OwnRedis(PORT)
    redis.start()
    try:
        with broker_at(redis.url):
            redis.stop()
            yield redis
    finally:
        redis.stop()


def _round():
    today = timezone.localdate()
    return SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="erfaren_yearly"),
        year=today.year,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_answers_given_while_the_broker_is_down_are_stored_later_once(
    postgres_db, norrbotten, make_person, stopped_broker, settings, client
):
    from celery.contrib.testing.worker import start_worker

    settings.FOLLOWUP_RESPONSE_BATCH = PEOPLE
    round_ = _round()
    texts = []
    for n in range(PEOPLE):
        invitation, _created = services.invitation_create(round_, make_person())
        question = next(q for q in services.questions_for(invitation) if q.kind == Question.Kind.FREE_TEXT)
        texts.append(f"synpunkt {n}")
        started = time.monotonic()
        response = client.post(
            reverse("followup:answer", args=[token_for(invitation.nonce)]),
            {f"q_{question.pk}": texts[-1], "action": "submit"},
        )
        assert response.status_code == 302 and response["Location"] == reverse("followup:receipt")
        assert time.monotonic() - started < 1.5
    assert Invitation.objects.filter(round=round_, answered_on__isnull=False).count() == PEOPLE
    assert SealedResponse.objects.filter(round=round_).count() == PEOPLE
    assert not Response.objects.filter(round=round_).exists()

    # The broker is back; beat's sweep runs on a worker, twice, and stores the batch once.
    stopped_broker.start()
    _use_broker(stopped_broker.url)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        celery_app.send_task("followup.tasks.store_due_responses")
        celery_app.send_task("followup.tasks.store_due_responses")
        deadline = time.monotonic() + 30
        while SealedResponse.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    assert Response.objects.filter(round=round_).count() == PEOPLE
    stored = sorted(
        Answer.objects.filter(round=round_, question__kind="free_text").values_list("text", flat=True)
    )
    assert stored == sorted(texts)
    assert not SealedResponse.objects.exists()
    # A third run finds nothing to do.
    assert services.responses_store_due() == 0
    assert Response.objects.filter(round=round_).count() == PEOPLE
