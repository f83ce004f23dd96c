"""Catalogue changes reach the bookings explicitly: courses.services works out what changed under the
occasion lock and sends courses.signals.occasion_changed; no model-save receiver changes bookings."""

import weakref

import pytest
from django.contrib import admin
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from courses import services as course_services
from courses.models import CourseDay, CourseOccasion
from courses.signals import occasion_changed
from enrollment import services
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, people, save_from_catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
S = Enrollment.Status


@pytest.fixture
def heard():
    calls = []

    def listener(sender, **kwargs):
        calls.append(kwargs)

    occasion_changed.connect(listener, dispatch_uid="test-heard")
    yield calls
    occasion_changed.disconnect(dispatch_uid="test-heard")


def test_saving_an_occasion_sends_one_signal_with_what_changed(heard, people):
    occasion = make_occasion(capacity=2)
    first, second = occasion.days.order_by("date")
    save_from_catalogue(occasion, capacity=4, day_changes={first.pk: {"venue": "Stadshuset"}})
    assert len(heard) == 1
    assert (heard[0]["old_capacity"], heard[0]["old_status"]) == (2, CourseOccasion.Status.OPEN)
    assert heard[0]["occasion"].capacity == 4
    assert [day.pk for day in heard[0]["changed_days"]] == [first.pk]
    assert second.pk not in [day.pk for day in heard[0]["changed_days"]]


def test_a_new_occasion_sends_nothing(heard, people):
    occasion = make_occasion()
    fields = {name: getattr(occasion, name) for name in course_services.OCCASION_FIELDS}
    day = occasion.days.first()
    days = [{**{name: getattr(day, name) for name in course_services.DAY_FIELDS}, "mode": "on_site"}]
    course_services.occasion_save(fields=fields, days=days)
    assert heard == []


def test_a_refused_save_sends_nothing_and_changes_nothing(heard, people):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    with pytest.raises(course_services.ValidationError):
        save_from_catalogue(occasion, capacity=0)
    occasion.refresh_from_db()
    assert heard == [] and occasion.capacity == 1


def test_no_model_save_receiver_changes_bookings():
    """Only the catalogue's own starts_on bookkeeping listens to saves; enrollment listens to the signal."""
    assert not pre_save.has_listeners(CourseOccasion) and not post_save.has_listeners(CourseOccasion)
    assert not pre_save.has_listeners(CourseDay)
    receivers = [entry[1] for entry in post_save.receivers]
    live = [ref() if isinstance(ref, weakref.ReferenceType) else ref for ref in receivers]
    modules = {receiver.__module__ for receiver in live if receiver is not None}
    assert not any(module.startswith("enrollment") for module in modules)


def test_a_plain_save_outside_the_service_leaves_the_bookings_alone(people):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    occasion.capacity = 2
    occasion.save()
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_the_admin_goes_through_the_service(people, admin_user):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["sw"], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    model_admin = admin.site._registry[CourseOccasion]
    request = RequestFactory().post("/")
    request.user = admin_user
    data = {
        name: [item.pk for item in value] if isinstance(value, list) else value
        for name, value in model_to_dict(occasion).items()
        if value is not None
    }
    form = model_admin.get_form(request, occasion, change=True)({**data, "capacity": 2}, instance=occasion)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    model_admin.save_model(request, saved, form, True)
    model_admin.save_related(request, form, [], True)
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED


def test_the_admin_shows_the_email_switches_without_letting_an_empty_box_break_the_save(admin_user, client):
    """Emptying the admin's "e-post som inte skickas" box saved NULL into a NOT NULL column (a 500)."""
    occasion = make_occasion(capacity=1)
    occasion.notifications_off = ["enrollment/reminder"]
    occasion.save(update_fields=["notifications_off"])
    client.force_login(admin_user)
    url = reverse("admin:courses_courseoccasion_change", args=[occasion.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="notifications_off"' not in page.content.decode()
    assert "enrollment/reminder" in page.content.decode()  # shown, read only


def test_enrollment_locks_the_occasion_with_the_catalogues_helper():
    """One lock helper for the occasion row: enrollment's services and tasks use courses.locks."""
    from enrollment import services as enrollment_services
    from enrollment import tasks

    assert not hasattr(enrollment_services, "_lock_occasion")
    assert enrollment_services.lock_occasion is tasks.lock_occasion is course_services.lock_occasion
