"""Enrollment e-mails go through a real Celery worker on Redis, on commit, and exactly once."""

import time

import pytest
from django.core import mail
from django.db import transaction

from core.models import SentEmail
from enrollment import services
from enrollment.tasks import notify_enrollment_event
from tests.enrollment_helpers import make_occasion
from tests.project.test_celery import wait_for
from yrkesresan.celery import app as celery_app


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_approval_mail_runs_through_a_real_worker_once(broker_url, demo_people):
    from celery.contrib.testing.worker import start_worker

    person, boss = demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    occasion = make_occasion()
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            enrollment = services.enrollment_nominate(occasion, person, boss)
            event = enrollment.events.get()
            key = f"enrollment-event:{event.pk}:person"
            assert not SentEmail.objects.filter(key=key).exists()
        assert wait_for(lambda: SentEmail.objects.filter(key=key).exists())
        notify_enrollment_event.delay(event.pk)
        notify_enrollment_event.delay(event.pk)
        time.sleep(2)
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert mail.outbox[0].attachments[0][0] == "kursdagar.ics"
