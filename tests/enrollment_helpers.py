"""Builders for the enrollment tests: a small catalogue and occasions relative to today."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Course, CourseOccasion, Journey, Step
from municipalities.models import Region
from tests.factories import occasion_with_days


def catalogue():
    journey, _ = Journey.objects.get_or_create(slug="barn-och-unga", defaults={"name": "Barn och unga"})
    steps = {}
    for order, (slug, name, years_from, years_to) in enumerate(
        [
            ("ny", "Ny", 0, 2),
            ("van", "Van", 2, 5),
            ("erfaren", "Erfaren", 5, None),
        ],
        start=1,
    ):
        steps[slug], _ = Step.objects.get_or_create(
            journey=journey,
            slug=slug,
            defaults={"name": name, "order": order, "years_from": years_from, "years_to": years_to},
        )
    course, _ = Course.objects.get_or_create(
        slug="handlaggning-med-barnet-i-centrum",
        defaults={
            "step": steps["ny"],
            "name": "Handläggning med barnet i centrum",
            "status": Course.Status.PUBLISHED,
            "number_of_days": 2,
            "required_attendance_percent": 100,
        },
    )
    return journey, steps, course


def other_course():
    """A second course (on the Van step): a person books one occasion per course at a time."""
    _, steps, _ = catalogue()
    course, _ = Course.objects.get_or_create(
        slug="samtal-med-barn",
        defaults={
            "step": steps["van"],
            "name": "Samtal med barn",
            "status": Course.Status.PUBLISHED,
            "number_of_days": 2,
        },
    )
    return course


def make_occasion(
    capacity=3,
    status=CourseOccasion.Status.OPEN,
    first_day_in=20,
    days=2,
    course=None,
    closes_in=10,
    deadline_in=12,
    opens_in=-5,
    leaders=(),
):
    today = timezone.localdate()
    if course is None:
        course = catalogue()[2]
    region = Region.objects.first()
    return occasion_with_days(
        course=course,
        region=region,
        first=today + datetime.timedelta(days=first_day_in),
        days=days,
        capacity=capacity,
        status=status,
        signup_opens=today + datetime.timedelta(days=opens_in),
        signup_closes=today + datetime.timedelta(days=closes_in),
        cancellation_deadline=today + datetime.timedelta(days=deadline_in),
        leaders=leaders,
    )


def shift_days(occasion, to_first_day_in):
    """Move an occasion's days so the first is `to_first_day_in` days from today (past: negative)."""
    today = timezone.localdate()
    for i, day in enumerate(occasion.days.order_by("date")):
        day.date = today + datetime.timedelta(days=to_first_day_in + i)
        day.save()


@pytest.fixture
def people(demo_people, make_person, municipality):
    """The demo accounts by role, and four more Luleå social workers (import this fixture to use it)."""
    lulea = municipality("Luleå")
    extra = [
        make_person(municipality=lulea, is_social_worker=True, manager=demo_people["chef.lulea@demo.se"])
        for _ in range(4)
    ]
    return {
        "sw": demo_people["socsek.lulea@demo.se"],
        "sw_pitea": demo_people["socsek.pitea@demo.se"],
        "boss": demo_people["chef.lulea@demo.se"],
        "boss_pitea": demo_people["chef.pitea@demo.se"],
        "pl": demo_people["projektledare@demo.se"],
        "leader": demo_people["kursledare@demo.se"],
        "extra": extra,
    }


def save_from_catalogue(occasion, *, day_changes=None, **changes):
    """Save the occasion as the catalogue's edit form does (courses.services.occasion_save), with
    `changes` to its fields and `day_changes` ({day pk: {field: value}}) to its days; the bookings
    follow through courses.signals.occasion_changed."""
    from courses import services as course_services

    occasion = CourseOccasion.objects.get(pk=occasion.pk)  # as saved, whatever the caller holds
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
        course_leaders=list(occasion.course_leaders.all()),
        trainers=list(occasion.trainers.all()),
    )
