"""Builders for catalogue tests: a small journey and occasions with days."""

import datetime

from courses.models import Course, Journey, Step
from tests.factories import occasion_with_days

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
    return occasion_with_days(
        course=course,
        region=region,
        first=first,
        days=days,
        status=status,
        town=town,
        online=online,
        capacity=capacity,
        min_participants=min_participants,
        open_to_other_regions=open_to_other_regions,
        leaders=leaders,
    )
