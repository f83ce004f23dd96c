"""Who is asked: sampling of courses, triggers of the step-change and yearly rounds, the course evaluation."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import Journey, Step
from enrollment.signals import occasion_completed, step_changed
from followup import services
from followup.models import (
    CourseSampling,
    Invitation,
    Question,
    Response,
    SamplingDecision,
)
from tests.followup_helpers import make_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("survey_templates")]


# --- Sampling and triggers --------------------------------------------------------------------


def test_random_sampling_is_reproducible_from_its_recorded_seed():
    def run(seed):
        return [
            services.sampling_selects("random", n, share_percent=30, seed=seed, always_first=2)
            for n in range(1, 61)
        ]

    first = run(seed=4711)
    assert first == run(seed=4711)
    assert first[:2] == [True, True]  # a new course is evaluated every time at first
    assert 5 <= sum(first[2:]) <= 30  # about 30 % of the rest
    assert first != run(seed=4712)


def test_every_nth_and_every_occasion_rules():
    nth = [services.sampling_selects("nth", n, every_n=3, always_first=1) for n in range(1, 8)]
    assert nth == [True, False, False, True, False, False, True]
    assert all(services.sampling_selects("every", n) for n in range(1, 10))


def test_a_course_decision_is_recorded_once_with_its_rule(make_occasion, course):
    CourseSampling.objects.create(course=course, mode="random", share_percent=50, seed=99, always_first=0)
    occasions = [make_occasion() for _ in range(6)]
    decisions = [services.occasion_sample(o) for o in occasions]
    assert [d.ordinal for d in decisions] == [1, 2, 3, 4, 5, 6]
    assert [d.selected for d in decisions] == [
        services.sampling_selects("random", n, share_percent=50, seed=99) for n in range(1, 7)
    ]
    assert "frö=99" in decisions[0].rule
    assert services.occasion_sample(occasions[0]).pk == decisions[0].pk
    assert SamplingDecision.objects.count() == 6


def test_a_step_change_signal_sent_twice_makes_one_invitation_and_one_email(
    steps, make_person, norrbotten, municipality, django_capture_on_commit_callbacks
):
    person = make_person(municipality=municipality("Luleå"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            step_changed.send(
                sender=None,
                person=person,
                journey=steps["ny"].journey,
                from_step=steps["ny"],
                to_step=steps["van"],
                changed_by=None,
            )
    invitation = Invitation.objects.get()
    assert invitation.round.template.kind == "step_change" and invitation.step == steps["ny"]
    assert invitation.municipality.name == "Luleå"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    assert "/uppfoljning/svara/" in mail.outbox[0].body


def test_moving_to_the_manager_step_or_back_asks_nothing(steps, make_person):
    person = make_person()
    step_changed.send(
        sender=None,
        person=person,
        journey=steps["ny"].journey,
        from_step=steps["erfaren"],
        to_step=steps["arbetsledare-och-chef"],
        changed_by=None,
    )
    step_changed.send(
        sender=None,
        person=person,
        journey=steps["ny"].journey,
        from_step=steps["van"],
        to_step=steps["ny"],
        changed_by=None,
    )
    step_changed.send(
        sender=None,
        person=person,
        journey=steps["ny"].journey,
        from_step=None,
        to_step=steps["ny"],
        changed_by=None,
    )
    assert not Invitation.objects.exists()


def test_a_completed_occasion_invites_its_participants_once(make_occasion, make_person, course):
    people = [make_person() for _ in range(3)]
    occasion = make_occasion()
    for _ in range(2):
        occasion_completed.send(sender=None, occasion=occasion, participant_ids=[p.pk for p in people])
    assert Invitation.objects.filter(round__occasion=occasion).count() == 3
    assert set(Invitation.objects.values_list("course", flat=True)) == {course.pk}


def test_a_participant_who_did_not_complete_after_all_is_no_longer_asked(make_occasion, make_person):
    """Completing again after attendance was corrected sends the corrected list of participants."""
    stays, corrected, answered = make_person(), make_person(), make_person()
    occasion = make_occasion()
    occasion_completed.send(
        sender=None, occasion=occasion, participant_ids=[stays.pk, corrected.pk, answered.pk]
    )
    services.invitation_submit(Invitation.objects.get(person=answered).pk, {})
    occasion_completed.send(sender=None, occasion=occasion, participant_ids=[stays.pk])
    assert set(Invitation.objects.values_list("person", flat=True)) == {stays.pk, answered.pk}


def test_an_occasion_left_out_by_the_sample_invites_nobody(make_occasion, make_person, course):
    CourseSampling.objects.create(course=course, mode="nth", every_n=2, always_first=0)
    first, second = make_occasion(), make_occasion()
    person = make_person()
    occasion_completed.send(sender=None, occasion=first, participant_ids=[person.pk])
    occasion_completed.send(sender=None, occasion=second, participant_ids=[person.pk])
    assert list(Invitation.objects.values_list("round__occasion", flat=True)) == [second.pk]


def test_the_yearly_manager_round_invites_each_manager_once(demo_people, django_capture_on_commit_callbacks):
    round_ = make_round("manager_yearly")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_send(round_.pk) == 2
        assert services.round_send(round_.pk) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["chef.lulea@demo.se", "chef.pitea@demo.se"]


def test_the_yearly_erfaren_round_records_each_persons_step(steps, make_person, norrbotten):
    """QA: "Bjud in nytillkomna" made invitations without a step, so results by step missed them."""
    from enrollment.models import StepPlacement
    from followup.selectors import response_rate

    today = timezone.localdate()
    other_journey = Journey.objects.create(name="Vuxna", slug="vuxna")
    other_erfaren = Step.objects.create(journey=other_journey, name="Erfaren", slug="erfaren", order=3)
    on_erfaren, moved_on, elsewhere = make_person(), make_person(), make_person()
    journey = steps["ny"].journey
    StepPlacement.objects.create(
        person=on_erfaren, journey=journey, step=steps["erfaren"], since=today - datetime.timedelta(days=400)
    )
    StepPlacement.objects.create(
        person=moved_on, journey=journey, step=steps["van"], since=today - datetime.timedelta(days=400)
    )
    StepPlacement.objects.create(person=moved_on, journey=journey, step=steps["erfaren"], since=today)
    StepPlacement.objects.create(person=elsewhere, journey=other_journey, step=other_erfaren, since=today)
    round_ = make_round("erfaren_yearly")
    assert services.round_send(round_.pk) == 3
    assert dict(round_.invitations.values_list("person", "step")) == {
        on_erfaren.pk: steps["erfaren"].pk,
        moved_on.pk: steps["erfaren"].pk,
        elsewhere.pk: other_erfaren.pk,
    }
    assert response_rate(round_.template, round_.year, step=steps["erfaren"]).invited == 2
    # The manager and trainer surveys are asked by role, not about a step.
    manager_round = make_round("manager_yearly")
    StepPlacement.objects.create(
        person=make_person(is_manager=True), journey=journey, step=steps["arbetsledare-och-chef"], since=today
    )
    assert services.round_send(manager_round.pk) == 1
    assert not manager_round.invitations.exclude(step=None).exists()


def test_the_migration_gives_old_erfaren_invitations_and_their_responses_the_step(
    steps, make_person, norrbotten
):
    import importlib

    from django.apps import apps

    from enrollment.models import StepPlacement

    migration = importlib.import_module("followup.migrations.0004_erfaren_invitation_steps")
    today = timezone.localdate()
    round_ = make_round("erfaren_yearly")
    on_step, never_placed = make_person(), make_person()
    StepPlacement.objects.create(
        person=on_step,
        journey=steps["ny"].journey,
        step=steps["erfaren"],
        since=today - datetime.timedelta(days=30),
    )
    answered, _ = services.invitation_create(round_, on_step)
    services.invitation_submit(answered.pk, {})
    services.invitation_create(round_, never_placed)
    migration.forwards(apps, None)
    assert dict(round_.invitations.values_list("person", "step")) == {
        on_step.pk: steps["erfaren"].pk,
        never_placed.pk: None,
    }
    # Not every invitation of the round is on one step: the anonymous response is left alone.
    assert Response.objects.get(round=round_).step is None
    Invitation.objects.filter(person=never_placed).delete()
    migration.forwards(apps, None)
    assert Response.objects.get(round=round_).step == steps["erfaren"]


def test_a_course_evaluation_records_the_courses_step(make_occasion, make_person, course):
    occasion = make_occasion()
    occasion_completed.send(sender=None, occasion=occasion, participant_ids=[make_person().pk])
    assert Invitation.objects.get(round__occasion=occasion).step == course.step


def test_goal_3_course_questions_only_for_managers_who_took_courses(demo_people, monkeypatch):
    round_ = make_round("manager_yearly")
    lulea, pitea = demo_people["chef.lulea@demo.se"], demo_people["chef.pitea@demo.se"]
    # Who completed a course is enrollment's to say (tested in test_enrollment_services.py).
    monkeypatch.setattr(services, "completed_course_in_year", lambda person, year: person == lulea)
    with_courses, _ = services.invitation_create(round_, lulea)
    without, _ = services.invitation_create(round_, pitea)
    goals = lambda inv: {q.goal for q in services.questions_for(inv)}  # noqa: E731
    assert {3, 4, 5, 6} <= goals(with_courses)
    assert goals(without) & {3, 4} == set() and {5, 6} <= goals(without)


def test_shipped_templates_cover_all_seven_goals_with_their_aspects():
    measured = Question.objects.filter(is_measured=True)
    assert set(measured.values_list("goal", flat=True)) == {1, 2, 3, 4, 5, 6, 7, None}
    # Measured without an effect goal: only the RSS survey's support questions (project goal F).
    assert set(measured.filter(goal__isnull=True).values_list("template__kind", flat=True)) == {"rss_yearly"}

    def aspects(kind, goal):
        return sorted(
            measured.filter(template__kind=kind, goal=goal).values_list("aspect", flat=True)  # noqa: E731
        )

    assert aspects("step_change", 1) == aspects("erfaren_yearly", 1) == ["a", "b", "c", "d"]
    assert aspects("manager_yearly", 3) == ["a", "b", "c"] and aspects("manager_yearly", 6) == [
        "a",
        "b",
        "c",
        "d",
    ]
    assert (
        measured.get(goal=7, template__kind="trainer_yearly").text
        == "Anser du att det är utvecklande att utbilda i Yrkesresan?"
    )
    # Goal 7's RSS questions aim at "samtliga RSS" (100 %); every other target is the plan's 80 %.
    assert set(
        measured.exclude(template__kind="rss_yearly", goal=7).values_list("target_percent", flat=True)
    ) == {80}
