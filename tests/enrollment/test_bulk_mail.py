"""E-mail sent in bulk (reminders, notices to everyone booked) through the outbox: a failure half-way
keeps what went out recorded, the rest of the batch still goes, and the failed one is tried again later;
the reminder sweep fans out one task per occasion, which is safe to run twice or side by side.
(The outbox itself: tests/core/test_outbox.py.)"""

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from courses.models import CourseOccasion
from enrollment import notifications, tasks
from enrollment.models import Enrollment
from tests.core.test_outbox import run_twice_at_once
from tests.enrollment_helpers import make_occasion, save_from_catalogue

S = Enrollment.Status


@pytest.fixture
def failing_mail(settings):
    from tests.core.test_outbox import FailingBackend

    settings.EMAIL_BACKEND = "tests.core.test_outbox.FailingBackend"
    FailingBackend.count = 0

    def fail_at(n):
        FailingBackend.fail_at = FailingBackend.count + n
        FailingBackend.error = ConnectionResetError("the mail server went away")

    yield fail_at
    FailingBackend.fail_at = None


def _retry_due_now():
    """The pause before the next attempt has passed; the beat sweep runs."""
    OutboxEmail.objects.pending().update(not_before=timezone.now())
    return outbox.deliver_due()


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


# --- reminders --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminder_failure_half_way_sends_the_rest_and_tries_the_failed_one_again_later(due, failing_mail):
    failing_mail(3)
    assert tasks.send_occasion_reminders(due.pk) == 5
    assert (
        len(mail.outbox) == 5 and OutboxEmail.objects.sent().filter(key__startswith="reminder").count() == 5
    )
    assert tasks.send_occasion_reminders(due.pk) == 0  # a retry of the task: the failed one waits its pause
    assert _retry_due_now() == 1
    assert len(_recipients()) == len(set(_recipients())) == 6
    assert tasks.send_occasion_reminders(due.pk) == 0 and outbox.deliver_due() == 0


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
    assert (
        len(mail.outbox) == 7 and OutboxEmail.objects.sent().filter(key__startswith="reminder").count() == 7
    )


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
    real = notifications.occasion_calendar
    monkeypatch.setattr(
        notifications, "occasion_calendar", lambda occasion: built.append(occasion.pk) or real(occasion)
    )
    with CaptureQueriesContext(connection) as one:
        assert tasks.send_occasion_reminders(small.pk) == 1
    with CaptureQueriesContext(connection) as six:
        assert tasks.send_occasion_reminders(due.pk) == 6
    # Per e-mail only the mark after its send; composing, inserting and claiming are per batch.
    assert len(six) - len(one) == 6 - 1
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
    failing_mail(2)
    # Composed with the change; its on-commit delivery does not run inside the test's transaction.
    save_from_catalogue(due, status=CourseOccasion.Status.CANCELLED)
    assert OutboxEmail.objects.pending().filter(key__startswith="occasion-cancelled").count() == 5
    # The five booked, and the course leader's own notice of the cancellation (#15).
    assert OutboxEmail.objects.pending().filter(key__startswith="occasion-staff").count() == 1
    assert outbox.deliver_due() == 5 and len(mail.outbox) == 5
    assert _retry_due_now() == 1
    assert len(_recipients()) == len(set(_recipients())) == 6
