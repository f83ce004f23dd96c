"""Fixtures of the follow-up tests: the shipped templates, a small journey, occasions, an invited
person and answered rounds."""

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import Course, CourseOccasion, Journey, Step
from enrollment.signals import step_changed
from followup.models import Invitation
from tests.followup_helpers import answer_all, link_from, make_round


@pytest.fixture
def survey_templates(db):
    """The shipped templates (a transactional test elsewhere may have flushed the migration's rows)."""
    from followup.catalogue import load_templates_now

    load_templates_now()


@pytest.fixture
def steps(db):
    journey = Journey.objects.create(name="Barn och unga", slug="barn-och-unga")
    return {
        slug: Step.objects.create(journey=journey, name=slug.capitalize(), slug=slug, order=i)
        for i, slug in enumerate(["ny", "van", "erfaren", "arbetsledare-och-chef"], 1)
    }


@pytest.fixture
def course(steps):
    return Course.objects.create(step=steps["ny"], name="Handläggning med barnet i centrum", slug="hbic")


@pytest.fixture
def make_occasion(course, norrbotten):
    from municipalities.models import Region

    def make(c=course):
        today = timezone.localdate()
        return CourseOccasion.objects.create(
            course=c,
            region=Region.objects.get(slug="norrbotten"),
            capacity=20,
            signup_opens=today,
            signup_closes=today,
            cancellation_deadline=today,
        )

    return make


@pytest.fixture
def invited(demo_people, steps, django_capture_on_commit_callbacks):
    person = demo_people["socsek.lulea@demo.se"]
    with django_capture_on_commit_callbacks(execute=True):
        step_changed.send(
            sender=None,
            person=person,
            journey=steps["ny"].journey,
            from_step=steps["ny"],
            to_step=steps["van"],
            changed_by=None,
        )
    return Invitation.objects.get(person=person), link_from(mail.outbox[-1])


@pytest.fixture
def answered_rounds(make_person, municipality, steps):
    """Step-change answers: 6 in Luleå (shown), 3 in Piteå (too few), 5 in Boden."""
    round_ = make_round("step_change")
    for name, n in (("Luleå", 6), ("Piteå", 3), ("Boden", 5)):
        people = [make_person(municipality=municipality(name)) for _ in range(n)]
        answer_all(
            round_,
            people,
            lambda q, i: None if q.kind == "free_text" else ("high" if i else "no"),
            step=steps["ny"],
        )
    texts = round_.template.questions.get(kind="free_text")
    return round_, texts
