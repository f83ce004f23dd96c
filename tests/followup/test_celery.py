"""Follow-up reminders go through a real Celery worker on Redis, each reminder exactly once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import SentEmail
from tests.project.test_celery import wait_for
from yrkesresan.celery import app as celery_app


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_reminders_are_sent_once_each_through_a_real_worker(broker_url, demo_people):
    from celery.contrib.testing.worker import start_worker

    from followup import services
    from followup.catalogue import load_templates_now
    from followup.models import Invitation, SurveyRound, SurveyTemplate
    from followup.tasks import send_due_reminders

    load_templates_now()
    today = timezone.localdate()
    round_ = SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="manager_yearly"),
        year=today.year,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
    )
    services.round_send(round_.pk)  # eager: the two invitation e-mails go out here
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    mail.outbox.clear()

    def reminder_keys():
        return set(
            SentEmail.objects.filter(key__startswith="followup:reminder:").values_list("key", flat=True)  # noqa: E731
        )

    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    celery_app.control.purge()  # messages a previous run left behind must not run against this database
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # The beat sweep delivered several times (a retry, a second beat): still two reminders per person.
        for _ in range(3):
            send_due_reminders.delay()
        assert wait_for(lambda: len(reminder_keys()) == 2)
        # A reminder interval later the second reminders are due.
        assert wait_for(lambda: set(Invitation.objects.values_list("reminders_sent", flat=True)) == {1})
        Invitation.objects.update(last_reminded_on=today - datetime.timedelta(days=7))
        for _ in range(3):
            send_due_reminders.delay()
        assert wait_for(lambda: len(reminder_keys()) == 4)
        send_due_reminders.delay()
        send_due_reminders.delay()
        assert wait_for(lambda: False, seconds=2) is False
    ids = list(Invitation.objects.values_list("pk", flat=True))
    assert reminder_keys() == {f"followup:reminder:{pk}:{n}" for pk in ids for n in (1, 2)}
    assert sorted(m.to[0] for m in mail.outbox) == ["chef.lulea@demo.se"] * 2 + ["chef.pitea@demo.se"] * 2
    assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {2}
