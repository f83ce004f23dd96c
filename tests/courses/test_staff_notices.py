"""Course leaders and trainers hear of their occasions through the outbox, exactly once per change:
assigned, removed, days changed, cancelled, each with an updated .ics (courses.services.staff_tell on
courses.signals.occasion_changed and on the creation of an occasion)."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from core import outbox
from core.models import OutboxEmail
from courses import notifications
from courses import services as course_services
from courses.models import CourseOccasion
from tests.courses_helpers import build_catalogue, make_occasion

pytestmark = pytest.mark.django_db


def _save(occasion, *, leaders=None, trainers=None, day_changes=None, **changes):
    """Save as the occasion form does, with changed fields, days, leaders or trainers."""
    occasion = CourseOccasion.objects.get(pk=occasion.pk)
    fields = {name: getattr(occasion, name) for name in course_services.OCCASION_FIELDS}
    fields.update(changes)
    days = [
        {
            **{name: getattr(day, name) for name in course_services.DAY_FIELDS},
            **(day_changes or {}).get(day.pk, {}),
            "id": day,
            "mode": course_services.day_mode(day),
        }
        for day in occasion.days.order_by("date")
    ]
    return course_services.occasion_save(
        occasion=occasion,
        fields=fields,
        days=days,
        course_leaders=list(occasion.course_leaders.all()) if leaders is None else leaders,
        trainers=list(occasion.trainers.all()) if trainers is None else trainers,
    )


def _sent_to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def _ics_starts(message):
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("kursdagar.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    return [(event.get("dtstart").dt, str(event.get("status"))) for event in calendar.walk("VEVENT")]


@pytest.fixture
def occasion(norrbotten):
    catalogue = build_catalogue()
    return make_occasion(catalogue["course"], norrbotten, days=2)


def test_one_assignment_sends_one_email_and_delivering_again_sends_nothing_more(occasion, demo_people):
    trainer = demo_people["kursledare@demo.se"]
    _save(occasion, trainers=[trainer])
    assert outbox.deliver_due() == 1
    assert outbox.deliver_due() == 0  # the sweep again, or a retried task
    [message] = _sent_to(trainer)
    assert "Du är med och håller i" in message.subject
    assert "utbildare" in message.body
    assert [status for _start, status in _ics_starts(message)] == ["CONFIRMED", "CONFIRMED"]
    # Saving the same values again is no change: nobody is told anything.
    _save(occasion)
    assert outbox.deliver_due() == 0
    assert len(_sent_to(trainer)) == 1


def test_a_days_change_sends_one_more_with_the_new_times_in_the_calendar(occasion, demo_people):
    leader = demo_people["kursledare@demo.se"]
    _save(occasion, leaders=[leader])
    outbox.deliver_due()
    first = occasion.days.order_by("date").first()
    _save(occasion, day_changes={first.pk: {"start_time": datetime.time(10), "end_time": datetime.time(15)}})
    assert outbox.deliver_due() == 1
    assert outbox.deliver_due() == 0
    assigned, changed = _sent_to(leader)
    assert "Ändrade kursdagar" in changed.subject
    assert "10:00–15:00" in changed.body
    starts = [start for start, _status in _ics_starts(changed)]
    assert starts[0].time() == datetime.time(10) and starts[0].date() == first.date
    # Composing that same change again (a repeated receiver, a retry) adds no e-mail.
    again = notifications.occasion_staff(
        CourseOccasion.objects.get(pk=occasion.pk),
        revision=CourseOccasion.objects.get(pk=occasion.pk).staff_revision,
        old_leaders=[leader.pk],
        old_trainers=[],
        schedule_changed=True,
    )
    assert outbox.enqueue(again, deliver=False) == [again[0].key]
    assert OutboxEmail.objects.filter(key=again[0].key).count() == 1
    assert outbox.deliver_due() == 0
    # A second real change is a new change: it is sent.
    _save(occasion, day_changes={first.pk: {"start_time": datetime.time(9)}})
    assert outbox.deliver_due() == 1
    assert len(_sent_to(leader)) == 3


def test_removal_and_cancellation_tell_the_staff_with_their_days_cancelled(occasion, demo_people):
    leader, trainer = demo_people["kursledare@demo.se"], demo_people["chef.lulea@demo.se"]
    _save(occasion, leaders=[leader], trainers=[trainer])
    assert outbox.deliver_due() == 2
    _save(occasion, trainers=[])
    assert outbox.deliver_due() == 1
    removed = _sent_to(trainer)[-1]
    assert "inte längre" in removed.subject
    assert {status for _start, status in _ics_starts(removed)} == {"CANCELLED"}
    assert len(_sent_to(leader)) == 1  # the leader's part did not change
    _save(occasion, status=CourseOccasion.Status.CANCELLED)
    assert outbox.deliver_due() == 1
    cancelled = _sent_to(leader)[-1]
    assert "Inställt" in cancelled.subject
    assert {status for _start, status in _ics_starts(cancelled)} == {"CANCELLED"}
    assert len(_sent_to(trainer)) == 2  # the removed trainer is not told of the cancellation


def test_assigned_again_after_removal_is_told_again(occasion, demo_people):
    trainer = demo_people["kursledare@demo.se"]
    _save(occasion, trainers=[trainer])
    _save(occasion, trainers=[])
    _save(occasion, trainers=[trainer])
    assert outbox.deliver_due() == 3
    subjects = [message.subject for message in _sent_to(trainer)]
    assert [("inte längre" in subject) for subject in subjects] == [False, True, False]


def test_a_new_occasion_and_a_copy_tell_their_leaders(occasion, demo_people):
    leader = demo_people["kursledare@demo.se"]
    fields = {name: getattr(occasion, name) for name in course_services.OCCASION_FIELDS}
    day = occasion.days.first()
    days = [{**{name: getattr(day, name) for name in course_services.DAY_FIELDS}, "mode": "on_site"}]
    created = course_services.occasion_save(fields=fields, days=days, course_leaders=[leader])
    course_services.occasion_copy(created, offset_days=7 * 20)
    assert outbox.deliver_due() == 2
    assert {message.subject for message in _sent_to(leader)} == {
        f"Du är med och håller i {occasion.course.name}"
    }


def test_participants_changes_without_staff_send_the_staff_nothing(occasion, demo_people):
    _save(occasion, capacity=30)
    assert not OutboxEmail.objects.filter(key__startswith="occasion-staff:").exists()
    assert CourseOccasion.objects.get(pk=occasion.pk).staff_revision == 0


@pytest.mark.parametrize(
    "before,after,flags,expected",
    [
        ([], ["trainer"], {}, notifications.ASSIGNED),
        (["leader"], [], {"cancelled": True}, notifications.REMOVED),
        (["leader"], ["leader"], {"cancelled": True, "schedule_changed": True}, notifications.CANCELLED),
        (["leader"], ["leader"], {"schedule_changed": True}, notifications.CHANGED),
        (["leader"], ["leader"], {"reopened": True}, notifications.CHANGED),
        (["trainer"], ["leader"], {}, notifications.ASSIGNED),
        (["leader"], ["leader"], {}, None),
        ([], [], {"cancelled": True}, None),
    ],
)
def test_what_one_person_is_told(before, after, flags, expected):
    flags = {"schedule_changed": False, "cancelled": False, "reopened": False, **flags}
    assert notifications.staff_notice_kind(before, after, **flags) == expected


@pytest.mark.parametrize("change", [True, False], ids=["changed", "added"])
def test_the_admin_tells_the_staff_too(occasion, demo_people, admin_user, change):
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    trainer = demo_people["kursledare@demo.se"]
    model_admin = admin.site._registry[CourseOccasion]
    request = RequestFactory().post("/")
    request.user = admin_user
    data = {
        name: [item.pk for item in value] if isinstance(value, list) else value
        for name, value in model_to_dict(occasion).items()
        if value is not None
    }
    instance = occasion if change else CourseOccasion()
    form = model_admin.get_form(request, instance if change else None, change=change)(
        {**data, "trainers": [trainer.pk], "notifications_off": "[]"}, instance=instance
    )
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    model_admin.save_model(request, saved, form, change)
    model_admin.save_related(request, form, [], change)
    assert outbox.deliver_due() == 1
    [message] = _sent_to(trainer)
    assert "Du är med och håller i" in message.subject
