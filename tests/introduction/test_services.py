"""Hiring, employment history, moving a person, plan items, ticks, sign-off and practice items."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Employment, User
from accounts.services import EmploymentError, employment_end, employment_start, person_move
from enrollment import services as enrollment_services
from introduction import selectors, services
from introduction.models import Plan, PlanItem
from introduction.services import IntroductionError
from tests.enrollment_helpers import make_occasion, shift_days

from .helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def cat(norrbotten):
    return catalogue_with_parts()


@pytest.fixture
def chef(demo_people):
    return demo_people["chef.lulea@demo.se"]


def test_hiring_creates_the_person_the_employment_and_the_plan_with_target_dates(cat, chef, demo_people):
    start = datetime.date(2026, 3, 2)
    plan = hire(chef, starts_on=start, catalogue=cat, mentor=demo_people["mentor.lulea@demo.se"])
    person = plan.person
    assert person.municipality == chef.municipality and person.is_social_worker and person.manager == chef
    employment = Employment.objects.get(person=person)
    assert (employment.starts_on, employment.ends_on, employment.unit) == (
        start,
        None,
        "Barn och unga, mottagning",
    )
    items = {item.course: item.due_on for item in plan.items.all()}
    assert items == {cat["course"]: datetime.date(2026, 7, 2), cat["other"]: datetime.date(2028, 3, 2)}
    assert plan.mentor.email == "mentor.lulea@demo.se"


def test_an_employment_cannot_end_before_it_started(cat, make_person, municipality):
    person = make_person()
    employment = employment_start(
        person=person, municipality=municipality("Luleå"), starts_on=datetime.date(2026, 5, 1)
    )
    with pytest.raises(EmploymentError, match="före startdatumet"):
        employment_end(employment=employment, ends_on=datetime.date(2026, 4, 30))
    employment.refresh_from_db()
    assert employment.ends_on is None
    assert User.objects.get(pk=person.pk).municipality.name == "Luleå"


def test_ending_the_current_employment_leaves_the_person_without_municipality(make_person, municipality):
    person = make_person()
    employment = employment_start(
        person=person, municipality=municipality("Luleå"), starts_on=datetime.date(2026, 5, 1)
    )
    employment_end(employment=employment, ends_on=datetime.date(2026, 9, 30))
    assert User.objects.get(pk=person.pk).municipality is None


def test_a_person_employed_elsewhere_cannot_be_hired_twice(cat, chef, demo_people):
    pitea_chef = demo_people["chef.pitea@demo.se"]
    hire(pitea_chef, email="flytt@example.se", catalogue=cat)
    with pytest.raises(IntroductionError):
        hire(chef, email="flytt@example.se", catalogue=cat)
    assert Employment.objects.filter(person__email="flytt@example.se").count() == 1


def test_moving_keeps_the_plan_and_its_deadline_and_the_old_municipality_loses_access(
    cat, demo_people, municipality
):
    kiruna_chef = User.objects.create_user(
        email="chef.kiruna@example.se", municipality=municipality("Kiruna"), is_manager=True
    )
    start = TODAY - datetime.timedelta(days=60)
    plan = hire(kiruna_chef, starts_on=start, catalogue=cat)
    deadline = selectors.plan_progress(plan)[0].deadline
    assert selectors.plans_visible_to(kiruna_chef).filter(pk=plan.pk).exists()
    person_move(
        person=plan.person,
        municipality=municipality("Luleå"),
        on=TODAY,
        by=demo_people["projektledare@demo.se"],
    )
    person = User.objects.get(pk=plan.person_id)
    assert person.municipality.name == "Luleå" and person.manager is None
    assert [e.municipality.name for e in person.employments.order_by("starts_on")] == ["Kiruna", "Luleå"]
    assert services.introduction_start_for(person) == plan.starts_on
    assert selectors.plan_progress(Plan.objects.get(pk=plan.pk))[0].deadline == deadline
    assert not selectors.plans_visible_to(kiruna_chef).filter(pk=plan.pk).exists()
    assert selectors.plans_visible_to(demo_people["chef.lulea@demo.se"]).filter(pk=plan.pk).exists()
    # statistics stay with the municipality that hired
    assert Plan.objects.get(pk=plan.pk).municipality.name == "Kiruna"


def test_a_move_cannot_start_before_the_current_employment(cat, chef, municipality):
    plan = hire(chef, catalogue=cat, starts_on=datetime.date(2026, 3, 2))
    with pytest.raises(EmploymentError):
        person_move(person=plan.person, municipality=municipality("Piteå"), on=datetime.date(2026, 3, 1))
    assert Employment.objects.filter(person=plan.person).count() == 1


def test_a_plan_item_for_someone_of_another_municipality_is_refused(cat, chef, demo_people):
    plan = hire(chef, catalogue=cat)
    with pytest.raises(IntroductionError, match="samma kommun"):
        services.plan_item_add(
            plan=plan, kind=PlanItem.Kind.SHADOWING, responsible=demo_people["socsek.pitea@demo.se"], by=chef
        )
    assert plan.items.filter(kind=PlanItem.Kind.SHADOWING).count() == 0


def test_a_mentor_of_another_municipality_is_refused(cat, chef, demo_people):
    with pytest.raises(IntroductionError, match="samma kommun"):
        hire(chef, catalogue=cat, mentor=demo_people["socsek.pitea@demo.se"])
    assert not Plan.objects.exists() and not User.objects.filter(email="ny.person@lulea.se").exists()


def test_sign_off_needs_every_item_ticked_and_records_who_and_when(cat, chef, demo_people):
    plan = hire(chef, catalogue=cat)
    with pytest.raises(IntroductionError):
        services.plan_sign_off(plan=plan, by=chef)
    for item in plan.items.all():
        services.plan_item_tick(item=item, done=True, by=demo_people["mentor.lulea@demo.se"])
    assert set(plan.items.values_list("done_by__email", flat=True)) == {"mentor.lulea@demo.se"}
    plan = services.plan_sign_off(plan=plan, by=chef)
    assert plan.signed_off_by == chef and plan.signed_off_at is not None
    with pytest.raises(IntroductionError):
        services.plan_sign_off(plan=plan, by=chef)


def test_attendance_adds_one_practice_item_for_the_first_social_worker(cat, chef, demo_people):
    first = demo_people["forste.lulea@demo.se"]
    plan = hire(chef, catalogue=cat, first=first)
    occasion = make_occasion(course=cat["course"], capacity=5)
    enrollment = enrollment_services.enrollment_nominate(occasion, plan.person, chef)
    shift_days(occasion, -3)
    day = occasion.days.order_by("date").first()
    leader = demo_people["kursledare@demo.se"]
    enrollment_services.attendance_record(day, [enrollment.pk], leader)
    enrollment_services.attendance_record(day, [enrollment.pk], leader)  # corrected again: still one item
    practice = plan.items.filter(kind=PlanItem.Kind.PRACTICE)
    assert practice.count() == 1
    assert practice.get().responsible == first and practice.get().after_day == day
    # The date in the item's title is written as the plan page writes dates (issue #19).
    from django.utils import formats

    assert f"efter kursdagen {formats.date_format(day.date, 'DATE_FORMAT')} i" in practice.get().title
    # someone absent gets none
    second_day = occasion.days.order_by("date").last()
    enrollment_services.attendance_record(second_day, [], leader)
    assert plan.items.filter(kind=PlanItem.Kind.PRACTICE).count() == 1


def test_progress_counts_days_and_digital_parts_and_flags_risk(cat, chef, demo_people):
    from introduction.models import DigitalCompletion

    plan = hire(chef, catalogue=cat, starts_on=TODAY - datetime.timedelta(days=100))
    one = selectors.plan_progress(plan)[0]
    assert one.status == "at_risk" and one.days_done == 0
    assert [p for p, _part in selectors.plans_needing_attention(chef)] == [plan]
    occasion = make_occasion(course=cat["course"], capacity=5, first_day_in=3)
    enrollment_services.enrollment_nominate(occasion, plan.person, chef)
    assert selectors.plan_progress(plan)[0].status == "on_track"  # booked on an occasion in time
    DigitalCompletion.objects.create(person=plan.person, course=cat["course"], completed_on=TODAY)
    one = selectors.plan_progress(plan)[0]
    assert one.status == "done" and one.completed_on == TODAY
    assert selectors.plans_needing_attention(chef) == []


def test_progress_of_many_plans_takes_a_fixed_number_of_queries(cat, chef, django_assert_max_num_queries):
    plans = [hire(chef, catalogue=cat, email=f"ny{i}@lulea.se") for i in range(5)]
    with django_assert_max_num_queries(8):
        progress = selectors.progress_for(
            Plan.objects.select_related("step").filter(pk__in=[p.pk for p in plans])
        )
    assert len(progress) == 5
