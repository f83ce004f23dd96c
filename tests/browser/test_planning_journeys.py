"""Browser journeys of planning: the planning page's clashes and a clash warning on save (project
leader); a reservation filled with a name and a bulk nomination (manager); expected hires entered by a
manager and the gap they leave on the project leader's volume planning (#15). axe on every page."""

import io

import pytest
from playwright.sync_api import expect

from courses.models import CourseOccasion
from enrollment.models import Enrollment, Reservation, ReservationCap
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_plan(demo_people):
    from courses import demo

    demo.load(io.StringIO())  # venues, rooms and one deliberate clash


def test_project_leader_sees_the_clash_on_the_planning_page_and_is_warned_on_save(page, demo_plan):
    clash = CourseOccasion.objects.get(notes="demo:planning:clash")
    log_in(page, "projektledare@demo.se")
    page.goto("/kurser/planering/")
    warnings = page.get_by_role("region", name="Att åtgärda")
    assert warnings.get_by_text("leder två kursdagar samtidigt").is_visible()
    assert warnings.get_by_text("är bokat två gånger samtidigt").first.is_visible()
    assert_accessible(page)

    page.goto(f"/kurser/tillfalle/{clash.pk}/andra/")
    assert page.get_by_role("group", name="Kursdag 1").get_by_label("Bokat rum").input_value()
    assert_accessible(page)
    page.get_by_role("button", name="Spara kurstillfället").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Kurstillfället är sparat.")).to_be_visible()
    assert page.get_by_text("leder två kursdagar samtidigt").is_visible()  # a warning, and it was saved
    assert_accessible(page)


def test_manager_reserves_places_fills_one_with_a_name_and_nominates_several(page, demo_plan, demo_people):
    boss = demo_people["chef.lulea@demo.se"]
    ReservationCap.objects.create(municipality=boss.municipality, places=3)
    occasion = CourseOccasion.objects.filter(
        status="open", course__slug="handlaggning-med-barnet-i-centrum"
    ).first()
    release = occasion.signup_closes.fromordinal(occasion.signup_closes.toordinal() - 2)
    log_in(page, "chef.lulea@demo.se")
    page.goto(f"/kurser/tillfalle/{occasion.pk}/")
    page.get_by_role("link", name="Reserverade platser").click()
    page.get_by_label("Antal platser att reservera").fill("2")
    page.get_by_label("Släpps den").fill(release.isoformat())
    page.get_by_role("button", name="Reservera", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Platserna är reserverade för din kommun.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Person").select_option(label="Sara Johansson")
    page.get_by_role("button", name="Ge platsen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("har fått en av de reserverade platserna")).to_be_visible()
    reservation = Reservation.objects.get()
    assert (reservation.places, reservation.filled) == (1, 1)
    assert (
        Enrollment.objects.get(occasion=occasion, person=demo_people["socsek.lulea@demo.se"]).status
        == "approved"
    )
    assert_accessible(page)

    other = CourseOccasion.objects.filter(status="open").exclude(course=occasion.course).first()
    page.goto(f"/anmalan/tillfalle/{other.pk}/nominera/")
    assert_accessible(page)
    page.get_by_label("Sara Johansson").check()
    page.get_by_role("button", name="Anmäl markerade").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 person är anmäld.")).to_be_visible()
    assert Enrollment.objects.filter(occasion=other).count() == 1
    assert_accessible(page)


def test_manager_enters_expected_hires_and_the_project_leader_sees_the_gap(page, demo_plan):
    import datetime

    from django.utils import timezone

    from courses.models import Course
    from introduction.models import JourneyPart
    from reports.models import ExpectedHires
    from reports.planning import course_plans

    part_one = Course.objects.get(slug="handlaggning-med-barnet-i-centrum")
    part = JourneyPart.objects.create(
        journey=part_one.step.journey, number=1, expected_days=2.5, due_months=4
    )
    part.courses.set([part_one])
    next_year = timezone.localdate().year + 1

    log_in(page, "chef.lulea@demo.se")
    page.get_by_role("link", name="Förväntade nyanställda").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra Luleå").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=f"Förväntade nyanställda i Luleå {next_year}")).to_be_visible()
    page.get_by_label("Mars", exact=True).fill("40")
    page.get_by_label("Augusti", exact=True).fill("12")
    assert_accessible(page)
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Förväntade nyanställda i Luleå {next_year} är sparade.")).to_be_visible()
    assert dict(ExpectedHires.objects.values_list("month", "hires")) == {
        datetime.date(next_year, 3, 1): 40,
        datetime.date(next_year, 8, 1): 12,
    }
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()

    log_in(page, "projektledare@demo.se")
    page.get_by_role("link", name="Volymplanering").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=f"Volymplanering {next_year}")).to_be_visible()
    (plan,) = course_plans(next_year, part.journey)
    assert plan.shortfalls, "forty hires in March leave a gap beside the demo's occasions"
    gaps = page.get_by_role("region", name="Saknade platser")
    course_gaps = gaps.get_by_role("listitem").filter(has_text="Del 1: Handläggning med barnet i centrum")
    for _month, _places, message in plan.shortfalls:
        assert course_gaps.get_by_role("listitem").filter(has_text=message).is_visible()
    assert page.get_by_role(
        "table", name="Behov och planerade platser per månad: Handläggning med barnet i centrum"
    ).is_visible()
    warnings = page.get_by_role("region", name="Krockar och varningar")
    assert warnings.get_by_text("leder två kursdagar samtidigt").first.is_visible()
    assert_accessible(page)
