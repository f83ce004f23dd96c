"""Issue 13 item 3: with the broker down, six sign-ups answered 500 after ~1.5 s although the bookings
were stored, and their e-mails were never sent. Now the request succeeds at once, the e-mail waits in
the outbox, and the beat sweep sends it when a worker runs again, once. A Redis of the test's own is
really stopped (port 16382), on PostgreSQL."""

import contextlib
import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutboxEmail
from enrollment.models import Enrollment
from tests.conftest import require_service
from tests.enrollment_helpers import make_occasion
from yrkesresan.celery import app as celery_app

PORT = 16382


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """A redis-server of the test's own on `port`; `stop()` really ends the process."""

    def __init__(self, port=PORT):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--bind",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        assert not _answers(self.port)


def _use_broker(url):
    """Point the Celery app at `url`, dropping the connections pooled for the broker before.

    Celery reads the environment's CELERY_BROKER_URL before its own setting (Settings.broker_url), so
    both are set: without the variable the tests would still publish to the shared Redis, which is up."""
    import kombu.pools

    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    if url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    assert url is None or celery_app.connection_for_write().as_uri().endswith(url.split("//", 1)[1])


@contextlib.contextmanager
def broker_at(url):
    """Use the broker at `url` while the block runs, then the one before (its environment variable too)."""
    previous_env = os.environ.get("CELERY_BROKER_URL")
    previous = celery_app.conf.broker_url
    _use_broker(url)
    try:
        yield
    finally:
        _use_broker(previous)
        if previous_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = previous_env
        celery_app.conf.task_always_eager = True


@pytest.fixture
def own_redis():
    require_service(shutil.which("redis-server"), "redis-server")
    require_service(not _answers(PORT), f"port {PORT} ledig för testets egen Redis")
    redis = OwnRedis()
    redis.start()
    try:
        with broker_at(redis.url):
            yield redis
    finally:
        redis.stop()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_sign_ups_while_the_broker_is_down_succeed_and_their_emails_come_later_once(
    postgres_db, own_redis, client_for, demo_people, make_person, municipality
):
    from celery.contrib.testing.worker import start_worker

    boss = demo_people["chef.lulea@demo.se"]
    occasion = make_occasion(capacity=10)
    lulea = municipality("Luleå")
    first, *people = [make_person(municipality=lulea, is_social_worker=True, manager=boss) for _ in range(7)]

    def sign_up(person):
        client = client_for(person)
        started = time.monotonic()
        response = client.post(reverse("enrollment:signup", args=[occasion.pk]), {"manager": boss.pk})
        client.logout()
        return response.status_code, time.monotonic() - started

    # With the broker up (and no worker yet) the delivery task waits in Redis, and is lost with it.
    assert sign_up(first)[0] == 302
    own_redis.stop()
    for person in people:
        status, seconds = sign_up(person)
        assert status == 302 and seconds < 1.5
    assert Enrollment.objects.filter(occasion=occasion, status=Enrollment.Status.PENDING).count() == 7
    assert OutboxEmail.objects.pending().filter(recipient=boss.email).count() == 7
    assert mail.outbox == []

    # The broker comes back; beat's sweep runs on a worker and delivers what waited, once.
    own_redis.start()
    _use_broker(own_redis.url)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        celery_app.send_task("core.tasks.deliver_pending")
        celery_app.send_task("core.tasks.deliver_pending")
        deadline = time.monotonic() + 30
        while (
            OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        time.sleep(1)
    assert OutboxEmail.objects.sent().filter(recipient=boss.email).count() == 7
    assert [m.to for m in mail.outbox] == [[boss.email]] * 7
