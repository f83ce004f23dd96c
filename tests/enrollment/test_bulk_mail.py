"""E-mail sent in bulk (reminders, notices to everyone booked, agreement reminders): each e-mail's key
commits with its own send, so a failure half-way keeps what went out recorded and a retry sends only
the rest; the reminder sweep fans out one task per occasion, which is safe to run twice or side by side."""

import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction

from core.mail import send_each
from core.models import SentEmail
from courses.models import CourseOccasion
from enrollment import tasks
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, save_from_catalogue

S = Enrollment.Status


class FailingBackend(EmailBackend):
    """The locmem backend, except that the `fail_at`-th message sent from now on fails once (as an SMTP
    server dropping the connection would)."""

    fail_at = None
    count = 0

    def send_messages(self, messages):
        cls = type(self)
        cls.count += 1
        if cls.count == cls.fail_at:
            cls.fail_at = None
            raise ConnectionResetError("the mail server went away")
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = "tests.enrollment.test_bulk_mail.FailingBackend"
    FailingBackend.count = 0

    def fail_at(n):
        FailingBackend.fail_at = n

    yield fail_at
    FailingBackend.fail_at = None


def _mail(i):
    return (f"test-batch:{i}", f"person{i}@example.se", lambda: (f"Ämne {i}", "Text", ()))


@pytest.fixture
def due(demo_people, make_person, municipality, settings):
    """An occasion starting in two days with five approved participants and a course leader."""
    settings.ENROLLMENT_REMINDER_DAYS = 3
    lulea = municipality("Luleå")
    occasion = make_occasion(
        capacity=10, first_day_in=2, closes_in=1, deadline_in=1, leaders=[demo_people["kursledare@demo.se"]]
    )
    people = [make_person(municipality=lulea, is_social_worker=True) for _ in range(5)]
    Enrollment.objects.bulk_create(
        [
            Enrollment(occasion=occasion, course_id=occasion.course_id, person=person, status=S.APPROVED)
            for person in people
        ]
    )
    mail.outbox.clear()
    return occasion


def _recipients():
    return sorted(m.to[0] for m in mail.outbox)


# --- core.mail.send_each ------------------------------------------------------------------------------


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


@pytest.mark.django_db
def test_a_failure_on_mail_k_keeps_the_first_k_minus_1_and_a_retry_sends_only_the_rest(failing_mail):
    failing_mail(3)
    batch = [_mail(i) for i in range(5)]
    with pytest.raises(ConnectionResetError):
        send_each(batch)
    assert sorted(SentEmail.objects.values_list("key", flat=True)) == ["test-batch:0", "test-batch:1"]
    assert _recipients() == ["person0@example.se", "person1@example.se"]
    assert send_each(batch) == 3
    assert _recipients() == [f"person{i}@example.se" for i in range(5)]
    assert send_each(batch) == 0


@pytest.mark.django_db
def test_a_batch_refuses_to_run_inside_a_transaction_that_would_commit_its_keys_together():
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        send_each([_mail(1)])
    assert not SentEmail.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_batch_renders_only_what_it_sends():
    rendered = []

    def compose(i):
        def render():
            rendered.append(i)
            return "Ämne", "Text", ()

        return render

    assert send_each([(f"test-batch:{i}", f"person{i}@example.se", compose(i)) for i in range(3)]) == 3
    assert send_each([(f"test-batch:{i}", f"person{i}@example.se", compose(i)) for i in range(4)]) == 1
    assert send_each([("test-batch:none", "", compose(9))]) == 0  # no address: skipped
    assert rendered == [0, 1, 2, 3]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_batches_racing_over_the_same_keys_send_each_once(postgres_db):
    batch = [_mail(i) for i in range(30)]
    results, errors = run_twice_at_once(lambda: send_each(batch))
    assert errors == [] and sum(results) == 30
    assert _recipients() == sorted(f"person{i}@example.se" for i in range(30))
    assert SentEmail.objects.count() == 30


# --- reminders --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminder_failure_half_way_keeps_the_sent_and_the_retry_sends_only_the_rest(due, failing_mail):
    failing_mail(3)
    # Called directly, the task raises like a worker would before Celery retries it.
    with pytest.raises(ConnectionResetError):
        tasks.send_occasion_reminders(due.pk)
    assert len(mail.outbox) == 2 and SentEmail.objects.filter(key__startswith="reminder").count() == 2
    assert tasks.send_occasion_reminders(due.pk) == 4  # the other 3 participants and the course leader
    assert len(_recipients()) == len(set(_recipients())) == 6


@pytest.mark.django_db
def test_reminder_task_retried_by_celery_sends_each_once(due, failing_mail):
    failing_mail(4)
    # Eager, the autoretry runs again at once.
    result = tasks.send_occasion_reminders.apply(args=[due.pk], throw=False)
    assert result.successful() and result.result == 3
    assert len(_recipients()) == len(set(_recipients())) == 6
    assert SentEmail.objects.filter(key__startswith="reminder").count() == 6


def _other_course(occasion):
    """A course of its own for another occasion of the same people (one booking per course)."""
    from courses.models import Course

    n = Course.objects.count()
    return Course.objects.create(
        step=occasion.course.step, name=f"Kurs {n}", slug=f"kurs-{n}", status="published"
    )


@pytest.mark.django_db
def test_the_sweep_fans_out_one_task_per_occasion_and_sends_each_once_when_run_twice(due, monkeypatch):
    # Other courses: a person holds one booking per course.
    second = make_occasion(capacity=10, first_day_in=3, closes_in=1, deadline_in=1, course=_other_course(due))
    Enrollment.objects.create(
        occasion=second, person=Enrollment.objects.filter(occasion=due).first().person, status=S.APPROVED
    )
    make_occasion(first_day_in=10)  # not yet
    cancelled = make_occasion(
        first_day_in=2,
        closes_in=1,
        deadline_in=1,
        status=CourseOccasion.Status.CANCELLED,
        course=_other_course(due),
    )
    Enrollment.objects.create(occasion=cancelled, person=Enrollment.objects.last().person, status=S.APPROVED)
    queued = []
    run_now = tasks.send_occasion_reminders.delay
    monkeypatch.setattr(tasks.send_occasion_reminders, "delay", lambda pk: queued.append(pk) or run_now(pk))
    assert tasks.send_reminders() == 7
    assert sorted(queued) == sorted([due.pk, second.pk])
    # Run twice (beat twice, a retry): nothing more is sent, and occasions already done are not queued.
    assert tasks.send_reminders() == 0 and len(queued) == 2
    assert tasks.send_occasion_reminders(due.pk) == 0
    assert len(mail.outbox) == 7 and SentEmail.objects.filter(key__startswith="reminder").count() == 7


@pytest.mark.django_db
def test_reminders_build_the_calendar_once_per_occasion_and_make_no_query_per_person_but_the_key(
    due, monkeypatch
):
    from django.test.utils import CaptureQueriesContext

    small = make_occasion(capacity=10, first_day_in=2, closes_in=1, deadline_in=1, course=_other_course(due))
    Enrollment.objects.create(
        occasion=small, person=Enrollment.objects.filter(occasion=due).first().person, status=S.APPROVED
    )
    built = []
    real = tasks.occasion_calendar
    monkeypatch.setattr(
        tasks, "occasion_calendar", lambda occasion: built.append(occasion.pk) or real(occasion)
    )
    with CaptureQueriesContext(connection) as one:
        assert tasks.send_occasion_reminders(small.pk) == 1
    with CaptureQueriesContext(connection) as six:
        assert tasks.send_occasion_reminders(due.pk) == 6
    # Per e-mail only its own key: savepoint (a transaction outside tests), insert, release (commit).
    assert len(six) - len(one) == 3 * (6 - 1)
    assert built == [small.pk, due.pk]
    assert all(m.attachments[0][0] == "kursdagar.ics" for m in mail.outbox if m.to[0].startswith("person"))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_occasion_send_each_reminder_once(postgres_db, due):
    results, errors = run_twice_at_once(lambda: tasks.send_occasion_reminders(due.pk))
    assert errors == [] and sum(results) == 6
    assert len(_recipients()) == len(set(_recipients())) == 6


@pytest.mark.django_db
def test_notices_to_everyone_booked_survive_a_failure_half_way(due, failing_mail):
    # Its on-commit notice does not run inside the test's transaction: sent below.
    save_from_catalogue(due, status=CourseOccasion.Status.CANCELLED)
    mail.outbox.clear()
    SentEmail.objects.all().delete()
    failing_mail(2)
    with pytest.raises(ConnectionResetError):
        tasks.notify_occasion_cancelled(due.pk)
    assert len(mail.outbox) == 1
    assert tasks.notify_occasion_cancelled(due.pk) == 4
    assert len(_recipients()) == len(set(_recipients())) == 5
