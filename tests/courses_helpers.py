"""Builders for catalogue tests: a small journey and occasions with days."""

import datetime

from courses.models import Course, CourseDay, CourseOccasion, Journey, Step

# Relative to the real date, as the selectors use timezone.localdate().
TODAY = datetime.date.today()


def build_catalogue():
    journey = Journey.objects.create(name="Barn och unga", slug="barn-och-unga")
    ny = Step.objects.create(journey=journey, name="Ny", slug="ny", order=1, years_from=0, years_to=2)
    van = Step.objects.create(journey=journey, name="Van", slug="van", order=2, years_from=2, years_to=5)
    course = Course.objects.create(
        step=ny,
        name="Handläggning med barnet i centrum",
        slug="handlaggning",
        status=Course.Status.PUBLISHED,
        number_of_days=2,
    )
    other = Course.objects.create(
        step=van, name="Samtal med barn", slug="samtal", status=Course.Status.PUBLISHED
    )
    draft = Course.objects.create(step=ny, name="Utkastkurs", slug="utkast", status=Course.Status.DRAFT)
    return {"journey": journey, "ny": ny, "van": van, "course": course, "other": other, "draft": draft}


def make_occasion(
    course,
    region,
    first=TODAY + datetime.timedelta(days=30),
    days=1,
    status="open",
    town="Luleå",
    online=False,
    capacity=20,
    min_participants=0,
    open_to_other_regions=False,
    leaders=(),
):
    occasion = CourseOccasion.objects.create(
        course=course,
        region=region,
        capacity=capacity,
        min_participants=min_participants,
        signup_opens=first - datetime.timedelta(days=60),
        signup_closes=first - datetime.timedelta(days=7),
        cancellation_deadline=first - datetime.timedelta(days=10),
        status=status,
        open_to_other_regions=open_to_other_regions,
    )
    occasion.course_leaders.set(leaders)
    for number in range(days):
        CourseDay.objects.create(
            occasion=occasion,
            date=first + datetime.timedelta(days=number),
            start_time=datetime.time(9),
            end_time=datetime.time(16),
            venue="" if online else "Kulturens hus",
            town="" if online else town,
            online_url="https://mote.example.se/x" if online else "",
        )
    return occasion
