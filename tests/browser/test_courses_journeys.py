"""Browser journeys of the catalogue: a social worker finds a course with free places at their step,
the project leader plans an occasion with two days and a course leader; axe on every page."""

import datetime
import io
import os
import re

import pytest
from playwright.sync_api import expect

from courses.models import CourseOccasion
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COURSE = "Handläggning med barnet i centrum"


@pytest.fixture
def demo_catalogue(demo_people):
    from courses import demo

    demo.load(io.StringIO())


def checked(page, name):
    """axe, and a screenshot for a person to look at when SCREENSHOTS=dir is set."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)
    assert_accessible(page)


def test_social_worker_finds_a_course_at_their_step_with_free_places(page, demo_catalogue, demo_people):
    from courses.models import Step
    from enrollment.services import step_set

    step_set(
        demo_people["socsek.lulea@demo.se"], Step.objects.get(journey__slug="barn-och-unga", order=1), None
    )
    log_in(page, "socsek.lulea@demo.se")
    page.get_by_role("link", name="Yrkesresan – kurserna steg för steg").click()
    # Their own step is marked in words, for everyone, and as the current step for assistive technology.
    expect(page.get_by_role("heading", level=3, name="Steg 1: Ny Du är här")).to_be_visible()
    here = page.locator("[aria-current=step]")
    assert here.count() == 1 and "Steg 1: Ny" in here.inner_text()
    expect(
        page.get_by_role("list", name="Kurser i steget Ny").get_by_role("link", name=COURSE)
    ).to_be_visible()
    checked(page, "route")

    page.get_by_role("link", name="Kursdagar med lediga platser i steget Ny").click()
    assert page.get_by_label("Bara tillfällen med lediga platser").is_checked()
    page.get_by_label("Ort").select_option("Luleå")
    page.get_by_role("button", name="Filtrera").click()
    rows = page.get_by_role("table").get_by_role("row").filter(has_text=COURSE)
    assert rows.count() >= 1
    assert page.get_by_role("table").get_by_role("row").filter(has_text="Kiruna").count() == 0
    checked(page, "days")

    rows.first.get_by_role("link", name=COURSE).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(COURSE)
    expect(page.get_by_text("lediga av")).to_be_visible()
    expect(page.get_by_role("link", name="Lägg kursdagarna i din kalender (.ics)")).to_be_visible()
    checked(page, "occasion")

    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name=COURSE).click()
    # The course's own knowledge goals, by level (its demo goals reach Färdighet).
    for level in ["Fakta", "Förståelse", "Färdighet"]:
        expect(page.get_by_role("heading", level=3, name=level)).to_be_visible()
    expect(page.get_by_role("table", name=f"Kommande kurstillfällen för {COURSE}")).to_be_visible()
    checked(page, "course")


def fill_day(page, number, date, venue="Kulturens hus", town="Luleå"):
    day = page.get_by_role("group", name=f"Kursdag {number}")
    day.get_by_label("Datum").fill(date.isoformat())
    day.get_by_label("Starttid").fill("09:00")
    day.get_by_label("Sluttid").fill("16:00")
    day.get_by_label("Lokal").fill(venue)
    day.get_by_label("Ort").fill(town)


def test_project_leader_creates_an_occasion_with_two_days_and_a_course_leader(page, demo_catalogue):
    first = datetime.date.today() + datetime.timedelta(days=100)
    log_in(page, "projektledare@demo.se")
    page.get_by_role("link", name="Planering av kursdagar").click()
    expect(page.get_by_role("heading", name="Att åtgärda")).to_be_visible()
    checked(page, "planning")
    page.get_by_role("link", name="Nytt kurstillfälle").click()
    checked(page, "occasion_form")

    page.get_by_role("combobox", name=re.compile(r"^Kurs\b")).select_option(label=COURSE)
    page.get_by_label("Antal platser").fill("18")
    page.get_by_label("Minsta antal deltagare").fill("6")
    page.get_by_label("Anmälan öppnar").fill((first - datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Sista anmälningsdag").fill((first - datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Sista avbokningsdag").fill((first - datetime.timedelta(days=21)).isoformat())
    page.get_by_label("Status").select_option(label="Öppen för anmälan")
    page.get_by_label("Sofia Labba (Gällivare)").first.check()
    fill_day(page, 1, first)
    fill_day(page, 2, first + datetime.timedelta(days=1), venue="")
    page.get_by_role("button", name="Spara kurstillfället").click()

    # The second day has no venue: refused in Swedish, nothing saved.
    expect(page.get_by_role("alert").filter(has_text="är på plats men saknar lokal")).to_be_visible()
    assert not CourseOccasion.objects.filter(capacity=18).exists()
    checked(page, "occasion_form_error")

    page.get_by_role("group", name="Kursdag 2").get_by_label("Lokal").fill("Kulturens hus")
    page.get_by_role("button", name="Spara kurstillfället").click()
    expect(page.get_by_text("Kurstillfället är sparat.")).to_be_visible()
    occasion = CourseOccasion.objects.get(capacity=18)
    assert [d.date for d in occasion.days.all()] == [first, first + datetime.timedelta(days=1)]
    assert [str(p) for p in occasion.course_leaders.all()] == ["Sofia Labba"]
    expect(page.get_by_text("Sofia Labba")).to_be_visible()
    checked(page, "occasion_saved")

    page.get_by_role("link", name="Kopiera till nästa termin").click()
    checked(page, "copy")


def test_project_leader_and_course_leader_pages_pass_axe(page, demo_catalogue):
    log_in(page, "projektledare@demo.se")
    for path, name in [
        ("/kurser/hantera/", "manage"),
        ("/kurser/utbildare/", "trainers"),
        ("/kurser/utbildare/ny/", "trainer_form"),
        ("/kurser/hantera/kurs/ny/", "course_form"),
        ("/kurser/hantera/resa/ny/", "journey_form"),
    ]:
        page.goto(path)
        checked(page, name)
    page.goto("/kurser/hantera/")
    page.get_by_role("link", name=f"Ändra {COURSE}").click()
    expect(page.get_by_role("group", name="Kunskapsmål 1")).to_be_visible()
    checked(page, "course_edit")
    page.goto("/kurser/hantera/")
    page.get_by_role("link", name=f"Ta bort {COURSE}").click()
    page.get_by_role("button", name="Ja, ta bort").click()
    expect(page.get_by_role("alert").filter(has_text="Kursen har kurstillfällen")).to_be_visible()
    checked(page, "delete_refused")
    occasion = CourseOccasion.objects.filter(course__name=COURSE).first()
    page.goto(f"/kurser/tillfalle/{occasion.pk}/andra/")
    assert page.get_by_role("group", name="Kursdag 2").get_by_label("Lokal").input_value()
    checked(page, "occasion_edit")
    page.get_by_role("button", name="Logga ut").click()
    log_in(page, "kursledare@demo.se")
    page.get_by_role("link", name="Mina kursdagar").click()
    assert page.get_by_role(
        "table", name="Kommande kursdagar där du är kursledare eller utbildare"
    ).is_visible()
    checked(page, "my_days")
