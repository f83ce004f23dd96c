"""Builders for the introduction tests: the catalogue with part 1 and part 2, and a hired newcomer."""

import datetime
from decimal import Decimal

from django.utils import timezone

from introduction import services
from introduction.models import JourneyPart, StartingPoint
from tests.courses_helpers import build_catalogue


def catalogue_with_parts():
    from courses.models import Course, Journey

    journey = Journey.objects.filter(slug="barn-och-unga").first()
    if journey is not None and JourneyPart.objects.filter(journey=journey).exists():
        steps = {step.slug: step for step in journey.steps.all()}
        courses = {course.slug: course for course in Course.objects.filter(step__journey=journey)}
        parts = {part.number: part for part in journey.parts.all()}
        return {
            "journey": journey,
            "ny": steps["ny"],
            "van": steps["van"],
            "course": courses["handlaggning"],
            "other": courses["samtal"],
            "draft": courses["utkast"],
            "part1": parts[1],
            "part2": parts[2],
        }
    objects = build_catalogue()
    one = JourneyPart.objects.create(
        journey=objects["journey"], number=1, expected_days=Decimal("2.5"), due_months=4
    )
    one.courses.set([objects["course"]])
    two = JourneyPart.objects.create(
        journey=objects["journey"], number=2, expected_days=Decimal("12.5"), due_months=24
    )
    two.courses.set([objects["other"]])
    return {**objects, "part1": one, "part2": two}


def hire(
    manager, *, email="ny.person@lulea.se", starts_on=None, mentor=None, first=None, catalogue=None, **extra
):
    catalogue = catalogue or catalogue_with_parts()
    return services.newcomer_hire(
        email=email,
        first_name="Nora",
        last_name="Nyström",
        municipality=manager.municipality,
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=10),
        unit="Barn och unga, mottagning",
        title="Socialsekreterare",
        step=catalogue["ny"],
        starting_point=extra.pop("starting_point", StartingPoint.NEW_GRADUATE),
        mentor=mentor,
        first_social_worker=first,
        course_ids=extra.pop("course_ids", [catalogue["course"].pk, catalogue["other"].pk]),
        by=manager,
        **extra,
    )
