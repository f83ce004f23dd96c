"""A task enqueued on commit runs through a real Celery worker on Redis, and eagerly without one."""

import time

import pytest
from django.core import mail
from django.db import transaction

from core.models import SentEmail
from yrkesresan.celery import app as celery_app


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_invitation_runs_through_a_real_worker_on_redis(broker_url, demo_people):
    from celery.contrib.testing.worker import start_worker

    from accounts.tasks import send_invitation

    person, inviter = demo_people["kursledare@demo.se"], demo_people["projektledare@demo.se"]
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            send_invitation.delay_on_commit(person.pk, inviter.pk)
            # Nothing is sent before the transaction commits.
            assert not SentEmail.objects.filter(key=f"invitation:{person.pk}").exists()
        assert wait_for(lambda: SentEmail.objects.filter(key=f"invitation:{person.pk}").exists())
        # A retry or a second delivery of the same task sends nothing more.
        send_invitation.delay(person.pk, inviter.pk)
        send_invitation.delay(person.pk, inviter.pk)
        time.sleep(2)
    assert [m.to for m in mail.outbox] == [[person.email]]


@pytest.mark.django_db
def test_without_a_broker_the_task_runs_eagerly_on_commit(demo_people, django_capture_on_commit_callbacks):
    from accounts.tasks import send_invitation

    person, inviter = demo_people["kursledare@demo.se"], demo_people["projektledare@demo.se"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_invitation.delay_on_commit(person.pk, inviter.pk)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1 and "Välj ditt lösenord" in mail.outbox[0].body
