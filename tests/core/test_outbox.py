"""The outbox (core.outbox): e-mail rows written with the change they report, delivered after the commit,
each sent once; a failure half-way keeps what went out, a passing failure is tried again later, a
permanent one is shown to the project leader; a lost database connection neither loses nor doubles."""

import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from core.outbox import Mail
from core.text import clean_name, header_safe

S = OutboxEmail.Status


class FailingBackend(EmailBackend):
    """The locmem backend, except that the `fail_at`-th message sent from now on raises `error` once."""

    fail_at = None
    error = ConnectionResetError("the mail server went away")
    count = 0

    def send_messages(self, messages):
        cls = type(self)
        cls.count += 1
        if cls.count == cls.fail_at:
            cls.fail_at = None
            raise cls.error
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.FailingBackend"
    FailingBackend.count = 0

    def fail_at(n, error=None):
        FailingBackend.fail_at = FailingBackend.count + n
        FailingBackend.error = error or ConnectionResetError("the mail server went away")

    yield fail_at
    FailingBackend.fail_at, FailingBackend.error = None, ConnectionResetError("the mail server went away")


@pytest.fixture
def templates(tmp_path, settings):
    """Two tiny e-mail templates: "t/plain" and "t/named" (a subject with the person's name in it)."""
    folder = tmp_path / "templates" / "t"
    folder.mkdir(parents=True)
    (folder / "plain_subject.txt").write_text("Ämne {{ n }}")
    (folder / "plain_body.txt").write_text("Text {{ n }}")
    (folder / "named_subject.txt").write_text("Anmälan från {{ name }}")
    (folder / "named_body.txt").write_text("Hej!")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def _mail(i, **extra):
    return Mail(key=f"test:{i}", to=f"person{i}@example.se", template="t/plain", context={"n": i}, **extra)


def _recipients():
    return sorted(m.to[0] for m in mail.outbox)


def _due_now():
    OutboxEmail.objects.pending().update(not_before=timezone.now())


@pytest.mark.django_db
def test_rows_are_written_in_the_change_transaction_and_sent_after_its_commit(
    templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        keys = outbox.enqueue(
            [_mail(1), _mail(2), Mail(key="test:none", to="", template="t/plain", context={})]
        )
        assert OutboxEmail.objects.pending().count() == 2 and mail.outbox == []
    assert keys == ["test:1", "test:2"] and _recipients() == ["person1@example.se", "person2@example.se"]
    row = OutboxEmail.objects.get(key="test:1")
    assert row.status == S.SENT and row.sent_at and row.subject == "Ämne 1"
    assert row.body == "" and row.attachments == []  # kept only until sent
    # Composing the same events again adds nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue([_mail(1), _mail(2)])
    assert len(mail.outbox) == 2 and OutboxEmail.objects.count() == 2


@pytest.mark.django_db
def test_a_change_that_rolls_back_leaves_no_email(templates, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        outbox.enqueue([_mail(1)])
        1 / 0  # noqa: B018 – the change fails after its e-mail was composed
    assert not OutboxEmail.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_only_new_mails_are_rendered_and_attachments_are_built_lazily(templates, monkeypatch):
    rendered, built = [], []
    real = outbox.render
    monkeypatch.setattr(
        outbox, "render", lambda t, c, lang=None, **kw: rendered.append(c["n"]) or real(t, c, **kw)
    )
    calendar = lambda: built.append(1) or [("kursdagar.ics", "BEGIN:VCALENDAR", "text/calendar")]  # noqa: E731
    assert outbox.send([_mail(i, attachments=calendar) for i in range(3)]) == 3
    assert outbox.send([_mail(i, attachments=calendar) for i in range(4)]) == 1
    assert rendered == [0, 1, 2, 3] and len(built) == 4
    assert mail.outbox[0].attachments == [("kursdagar.ics", "BEGIN:VCALENDAR", "text/calendar")]


@pytest.mark.django_db
def test_a_failure_on_mail_k_sends_the_rest_and_tries_k_again_later(templates, failing_mail):
    failing_mail(3)
    assert outbox.send([_mail(i) for i in range(5)]) == 4
    assert _recipients() == [f"person{i}@example.se" for i in (0, 1, 3, 4)]
    failed = OutboxEmail.objects.get(key="test:2")
    assert failed.status == S.PENDING and "went away" in failed.last_error and failed.attempts == 1
    assert failed.not_before > timezone.now()  # not at once: after a pause
    assert outbox.deliver_due() == 0
    _due_now()
    assert outbox.deliver_due() == 1
    assert _recipients() == [f"person{i}@example.se" for i in range(5)]
    assert outbox.deliver_due() == 0 and OutboxEmail.objects.sent().count() == 5


@pytest.mark.django_db
def test_a_refused_recipient_fails_for_good_and_so_does_the_last_of_many_attempts(templates, failing_mail):
    failing_mail(1, smtplib.SMTPRecipientsRefused({"person1@example.se": (550, b"no such user")}))
    assert outbox.send([_mail(1)]) == 0
    row = OutboxEmail.objects.get(key="test:1")
    assert row.status == S.FAILED and "SMTPRecipientsRefused" in row.last_error and row.body
    OutboxEmail.objects.filter(pk=row.pk).update(status=S.PENDING, attempts=outbox.MAX_ATTEMPTS - 1)
    failing_mail(1)
    assert outbox.deliver([row.key]) == 0
    assert OutboxEmail.objects.get(pk=row.pk).status == S.FAILED
    # The project leader's retry puts it back; it goes out on the next delivery.
    assert outbox.retry(row.pk) is True and outbox.retry(row.pk) is False
    assert outbox.deliver([row.key]) == 1 and _recipients() == ["person1@example.se"]


@pytest.mark.django_db
def test_batches_refuse_to_run_inside_a_transaction_that_would_commit_claims_with_sends(templates):
    outbox.enqueue([_mail(1)], deliver=False)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        outbox.deliver()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_message_id_is_derived_from_the_key_and_the_same_on_a_repeat(templates):
    keys = outbox.enqueue([_mail(1)], deliver=False)
    # A worker claimed it long ago and died before marking it: the sweep sends it again, recognisably.
    OutboxEmail.objects.filter(key__in=keys).update(
        status=S.SENDING, claimed_at=timezone.now() - outbox.CLAIM_LEASE - datetime.timedelta(minutes=1)
    )
    assert outbox.deliver_due() == 1
    sent = mail.outbox[0].message()
    assert sent["Message-ID"] == outbox.message_id("test:1")
    assert outbox.message_id("test:1") != outbox.message_id("test:2")
    # A claim still within its lease belongs to a live worker: left alone.
    outbox.enqueue([_mail(2)], deliver=False)
    OutboxEmail.objects.filter(key="test:2").update(status=S.SENDING, claimed_at=timezone.now())
    assert outbox.deliver_due() == 0


@pytest.mark.django_db
def test_a_carriage_return_in_a_name_never_stops_the_email(templates):
    """Issue 13 item 6: a first name with \\r made the Subject raise BadHeaderError."""
    mails = [
        Mail(key="test:cr", to="chef@example.se", template="t/named", context={"name": "Anna\rBcc: x@y.se"}),
        Mail(key="test:nl", to="chef@example.se", template="t/named", context={"name": "Anna\n\u2028Berg"}),
    ]
    assert outbox.send(mails) == 2
    assert sorted(m.subject for m in mail.outbox) == [
        "Anmälan från Anna Bcc: x@y.se",
        "Anmälan från Anna Berg",
    ]
    assert all("\r" not in m.message().as_string().split("\n\n")[0].replace("\r\n", "") for m in mail.outbox)


def test_names_and_headers_are_cleaned():
    assert clean_name("  Anna\r\n\tMaria\u200b  Berg\x00 ") == "Anna Maria Berg"
    assert clean_name("Åsa-Britt O'Neill") == "Åsa-Britt O'Neill"
    assert header_safe("a\rb\nc") == "a b c"
    long = header_safe("ord " * 100, max_length=50)
    assert len(long) <= 50 and long.endswith("…") and "\n" not in long


# --- PostgreSQL: races and lost connections ---------------------------------------------------------


def run_twice_at_once(work):
    """Run `work` in two threads released together; (their results, the errors they raised)."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 – reported to the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_rows_send_each_once(postgres_db, templates):
    keys = outbox.enqueue([_mail(i) for i in range(30)], deliver=False)
    results, errors = run_twice_at_once(lambda: outbox.deliver(keys))
    assert errors == [] and sum(results) == 30
    assert _recipients() == sorted(f"person{i}@example.se" for i in range(30))
    assert OutboxEmail.objects.sent().count() == 30


class ConnectionKillingBackend(EmailBackend):
    """The locmem backend; right after the SMTP server 'accepted' message n (for n in `kill_after`), the
    portal's own database connection is terminated from outside, as a failover or a restart would."""

    kill_after = ()
    count = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        cls = type(self)
        cls.count += 1
        if cls.count in cls.kill_after:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                _terminate(cursor.fetchone()[0])
        return sent


def _terminate(pid):
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0], "the backend was not terminated"
    other.close()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_during_a_batch_sends_nothing_twice_and_nothing_late(
    postgres_db, templates, settings
):
    """Issue 13 item 4: the worker's connection terminated during a reminder batch sent two twice and
    left 291 for the next day. Now the mark after each send is retried on a new connection."""
    settings.EMAIL_BACKEND = "tests.core.test_outbox.ConnectionKillingBackend"
    keys = outbox.enqueue([_mail(i) for i in range(30)], deliver=False)
    ConnectionKillingBackend.count, ConnectionKillingBackend.kill_after = 0, (5, 17)
    try:
        assert outbox.deliver(keys) == 30
    finally:
        ConnectionKillingBackend.kill_after = ()
    assert len(mail.outbox) == 30 and _recipients() == sorted(f"person{i}@example.se" for i in range(30))
    assert OutboxEmail.objects.sent().count() == 30
    assert outbox.deliver_due() == 0 and len(mail.outbox) == 30


class CommitSettingBackend(EmailBackend):
    """The locmem backend, noting the database connection's synchronous_commit at each send."""

    seen = []

    def send_messages(self, messages):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            type(self).seen.append(cursor.fetchone()[0])
        return super().send_messages(messages)


def _synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_marks_skip_the_disk_wait_only_while_a_batch_is_sent(postgres_db, templates, settings, failing_mail):
    """Issue 18: 10 000 reminders took 200 s, most of it each mark's commit waiting for the disk. The
    setting is the batch's own: the connection is back to waiting afterwards, also after a failure."""
    settings.EMAIL_BACKEND = "tests.core.test_outbox.CommitSettingBackend"
    CommitSettingBackend.seen = []
    keys = outbox.enqueue([_mail(i) for i in range(3)], deliver=False)
    assert _synchronous_commit() == "on"
    assert outbox.deliver(keys) == 3
    assert CommitSettingBackend.seen == ["off", "off", "off"]
    assert _synchronous_commit() == "on"
    assert OutboxEmail.objects.sent().count() == 3
    # A batch that ends in an exception (the e-mail's backend broke) restores it too.
    settings.EMAIL_BACKEND = "tests.core.test_outbox.FailingBackend"
    failing_mail(1, RuntimeError("unexpected"))
    keys = outbox.enqueue([_mail(9)], deliver=False)
    with pytest.raises(RuntimeError):
        outbox.deliver(keys)
    assert _synchronous_commit() == "on"


# --- the project leader's page of failed e-mails --------------------------------------------------


@pytest.mark.django_db
def test_the_project_leader_sees_failed_emails_with_the_reason_and_can_retry(
    client_for, demo_people, templates, failing_mail, django_capture_on_commit_callbacks
):
    failing_mail(1, smtplib.SMTPRecipientsRefused({"person1@example.se": (550, b"no such user")}))
    outbox.send([_mail(1), _mail(2)])
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("failed_emails")).content.decode()
    assert "person1@example.se" in page and "no such user" in page and "person2@example.se" not in page
    assert reverse("failed_emails") in client.get(reverse("home")).content.decode()  # on the start page
    failed = OutboxEmail.objects.get(key="test:1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("failed_email_retry", args=[failed.pk]), follow=True)
    assert "skickas om en stund" in response.content.decode()
    assert OutboxEmail.objects.get(pk=failed.pk).status == S.SENT
    assert mail.outbox[-1].to == ["person1@example.se"]
    assert client.post(reverse("failed_email_retry", args=[failed.pk])).status_code == 404  # not failed now
    assert "Alla e-postmeddelanden har gått fram." in client.get(reverse("failed_emails")).content.decode()
