"""The enrollment vocabulary lives on the model: named status groups, EnrollmentQuerySet, the properties
templates ask, one definition of "current step", one per-10 000 figure and one trainer spread."""

import datetime
from pathlib import Path

import pytest

from courses.models import CourseOccasion
from enrollment import selectors, services
from enrollment.models import Enrollment, StepPlacement
from tests.enrollment_helpers import catalogue, make_occasion, people  # noqa: F401 (people is a fixture)

pytestmark = pytest.mark.django_db
S = Enrollment.Status
ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_unique_constraint_uses_the_active_group():
    (constraint,) = [c for c in Enrollment._meta.constraints if c.name.startswith("one_active_enrollment")]
    assert constraint.condition.children == [("status__in", list(Enrollment.ACTIVE))]


def test_the_queryset_speaks_the_status_groups(people):
    occasion = make_occasion(capacity=1)
    booked = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    first = services.enrollment_request(occasion, people["extra"][0], people["boss"])
    second = services.enrollment_request(occasion, people["extra"][1], people["boss"])
    on_occasion = Enrollment.objects.filter(occasion=occasion)
    assert list(on_occasion.holding_place()) == [booked]
    assert list(on_occasion.confirmed()) == [booked]
    assert list(on_occasion.waitlist()) == [first, second]
    assert list(selectors.waiting_list(occasion)) == [first, second]
    assert booked.has_calendar_file and not first.has_calendar_file
    assert set(Enrollment.CANCELLATIONS) == {S.CANCELLED, S.LATE_CANCELLED, S.WITHDRAWN}


def test_free_places_are_shown_until_the_occasion_is_cancelled_or_completed():
    shown = {status for status in CourseOccasion.Status if CourseOccasion(status=status).shows_free_places}
    assert shown == set(CourseOccasion.Status) - {
        CourseOccasion.Status.CANCELLED,
        CourseOccasion.Status.COMPLETED,
    }


def test_templates_ask_the_model_instead_of_comparing_statuses():
    wrong = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/templates/**/*.html"))
        if 'status == "cancelled" or occasion.status == "completed"' in path.read_text()
        or 'e.status == "approved" or e.status == "completed"' in path.read_text()
    ]
    assert wrong == []


def test_one_current_step_selector_for_many_people(people, django_assert_num_queries):
    journey, steps, _course = catalogue()
    sw, boss = people["sw"], people["boss"]
    earlier = datetime.date(2024, 1, 1)
    StepPlacement.objects.create(person=sw, journey=journey, step=steps["ny"], since=earlier)
    StepPlacement.objects.create(
        person=sw, journey=journey, step=steps["van"], since=earlier
    )  # same day, later
    StepPlacement.objects.create(person=boss, journey=journey, step=steps["erfaren"], since=earlier)
    with django_assert_num_queries(1):
        current = selectors.current_steps_for([sw, boss.pk, people["extra"][0]])
        steps_now = {
            person: {j: p.step.slug for j, p in by_journey.items()} for person, by_journey in current.items()
        }
    assert steps_now == {sw.pk: {journey.pk: "van"}, boss.pk: {journey.pk: "erfaren"}}
    assert selectors.current_placements(sw)[journey.pk].step == steps["van"]
    assert list(selectors.people_on_step("van")) == [sw]
    assert selectors.current_steps_with_slug("erfaren") == {boss.pk: steps["erfaren"]}


def test_one_per_10000_and_one_trainer_spread():
    from courses import selectors as course_selectors
    from followup import selectors as followup_selectors
    from municipalities import selectors as municipality_selectors
    from reports import selectors as report_selectors

    assert report_selectors.per_10000 is course_selectors.per_10000 is municipality_selectors.per_10000
    assert not hasattr(followup_selectors, "trainer_spread")
    assert report_selectors.trainer_spread is course_selectors.trainer_spread
    assert municipality_selectors.per_10000(2, 80000) == 0.2
    assert municipality_selectors.per_10000(1, 3, places=2) == 3333.33
    assert municipality_selectors.per_10000(1, None) is None
