"""The demo data has enrollments in every state, course days on working days only, and can be loaded again
without duplicates."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command

from core.models import OutboxEmail
from core.workdays import is_workday, workday_on_or_after, workdays
from enrollment.models import Attendance, Enrollment, StepPlacement

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_is_idempotent(demo_people):
    call_command("demo_data", stdout=io.StringIO())
    counts = (Enrollment.objects.count(), Attendance.objects.count(), StepPlacement.objects.count())
    assert set(Enrollment.objects.values_list("status", flat=True)) == set(Enrollment.Status.values)
    call_command("demo_data", stdout=io.StringIO())
    assert (Enrollment.objects.count(), Attendance.objects.count(), StepPlacement.objects.count()) == counts
    assert not OutboxEmail.objects.sent().filter(key__startswith="enrollment-event:").exists()


@pytest.mark.parametrize("today", [None, datetime.date(2026, 12, 14)], ids=["today", "before-christmas"])
def test_demo_course_days_fall_on_working_days(demo_people, today):
    from courses.models import CourseDay

    if today is None:
        call_command("demo_data", stdout=io.StringIO())
    else:
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            call_command("demo_data", stdout=io.StringIO())
    dates = set(CourseDay.objects.values_list("date", flat=True))
    assert len(dates) > 20
    bad = sorted(d for d in dates if not is_workday(d))
    assert not bad, f"Kursdagar på helg eller helgdag: {bad}"
    assert set(Enrollment.objects.values_list("status", flat=True)) == set(Enrollment.Status.values)


def test_working_days_skip_weekends_and_christmas_to_epiphany():
    assert workdays(datetime.date(2026, 12, 23), 4) == [
        datetime.date(2026, 12, 23),
        datetime.date(2026, 12, 28),
        datetime.date(2026, 12, 29),
        datetime.date(2026, 12, 30),
    ]
    assert workdays(datetime.date(2026, 12, 31), 2) == [datetime.date(2027, 1, 4), datetime.date(2027, 1, 5)]
    assert workdays(datetime.date(2027, 1, 6), 1) == [datetime.date(2027, 1, 7)]
    assert workday_on_or_after(datetime.date(2026, 11, 28)) == datetime.date(2026, 11, 30)  # a Saturday
    assert not is_workday(datetime.date(2026, 6, 6)) and is_workday(datetime.date(2026, 6, 5))


def test_demo_has_one_sent_message_in_the_log(demo_people):
    from enrollment.models import Message

    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())
    (message,) = Message.objects.all()
    keys = list(message.recipients.values_list("key", flat=True))
    assert keys and message.sender == demo_people["projektledare@demo.se"]
    assert set(OutboxEmail.objects.filter(key__in=keys).values_list("status", flat=True)) == {"sent"}
