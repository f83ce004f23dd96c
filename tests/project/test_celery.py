"""A task enqueued on commit runs through a real Celery worker on Redis, and eagerly without one."""

import time

import pytest
from django.core import mail
from django.db import transaction

from core.models import OutboxEmail
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

    from accounts import notifications
    from core import outbox

    person, inviter = demo_people["kursledare@demo.se"], demo_people["projektledare@demo.se"]
    key = f"invitation:{person.pk}"
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            outbox.enqueue(notifications.invitation(person, inviter))
            # Nothing is sent before the transaction commits.
            time.sleep(1)
            assert not OutboxEmail.objects.sent().filter(key=key).exists()
        assert wait_for(lambda: OutboxEmail.objects.sent().filter(key=key).exists())
        # Composed again, or the delivery task delivered twice: nothing more is sent.
        with transaction.atomic():
            outbox.enqueue(notifications.invitation(person, inviter))
        celery_app.send_task("core.tasks.deliver_outbox", args=[[key]])
        time.sleep(2)
    assert [m.to for m in mail.outbox] == [[person.email]]


@pytest.mark.django_db
def test_without_a_broker_the_delivery_runs_eagerly_on_commit(
    demo_people, django_capture_on_commit_callbacks
):
    from accounts import notifications
    from core import outbox

    person, inviter = demo_people["kursledare@demo.se"], demo_people["projektledare@demo.se"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.enqueue(notifications.invitation(person, inviter))
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1 and "Välj ditt lösenord" in mail.outbox[0].body
