"""The introduction in the browser: the manager hires and plans, the mentor ticks, the newcomer sees
their plan, the project leader imports a Totara CSV, the dashboard shows the coverage figure. axe on
every page visited."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DEMO_PASSWORD
from tests.introduction.helpers import catalogue_with_parts, hire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(demo_people):
    plan = hire(
        demo_people["chef.lulea@demo.se"],
        catalogue=catalogue_with_parts(),
        mentor=demo_people["mentor.lulea@demo.se"],
        first=demo_people["forste.lulea@demo.se"],
    )
    plan.person.set_password(DEMO_PASSWORD)
    plan.person.save()
    EmailAddress.objects.create(user=plan.person, email=plan.person.email, verified=True, primary=True)
    return plan


def test_manager_hires_and_plans(page, demo_people):
    catalogue_with_parts()
    log_in(page, "chef.lulea@demo.se")
    page.goto("/")
    page.get_by_role("link", name="Anställ och planera introduktion").click()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("ny.kollega@lulea.se")
    page.get_by_label("Förnamn").fill("Ny")
    page.get_by_label("Efternamn").fill("Kollega")
    page.get_by_label("Första anställningsdag").fill("2026-08-03")
    page.get_by_label("Steg").select_option(label="Barn och unga – Ny")
    page.get_by_label("Utgångsläge").select_option(label="Ny för målgruppen")
    page.get_by_label("Mentor/fadder").select_option(label="Elin Sandström")
    page.get_by_role("button", name="Visa förslag på kurser").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Samtal med barn (Van)").check()
    page.get_by_role("button", name="Spara introduktionsplanen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Introduktionsplan för Ny Kollega"
    assert page.get_by_role("cell", name="Kurs Samtal med barn", exact=True).count() == 1
    assert_accessible(page)


def test_mentor_ticks_an_item(page, plan):
    log_in(page, "mentor.lulea@demo.se")
    page.goto("/")
    page.get_by_role("link", name="Introduktionsplaner").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(plan.person)).click()
    page.get_by_role("button", name="Bocka av Handläggning med barnet i centrum").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Klar ", exact=False).first).to_be_visible()
    assert page.get_by_role("button", name="Lägg till kursen").count() == 0  # the mentor only ticks
    assert_accessible(page)


def test_newcomer_sees_their_plan(page, plan):
    log_in(page, plan.person.email)
    page.goto("/")
    expect(page.get_by_role("heading", name="Min introduktionsplan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hela introduktionsplanen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Introduktionsplan för")
    assert page.get_by_role("button", name="Bocka av", exact=False).count() == 0
    assert_accessible(page)


def test_project_leader_imports_a_totara_csv(page, plan, tmp_path):
    export = tmp_path / "totara.csv"
    export.write_text(
        "Användarnamn;E-post;Kursens kortnamn;Slutförandedatum\n"
        f"x;{plan.person.email};handlaggning;{datetime.date.today().isoformat()}\n"
        "y;okand@example.se;handlaggning;2026-02-04\n",
        encoding="utf-8",
    )
    log_in(page, "projektledare@demo.se")
    page.goto(reverse("introduction:totara_import"))
    assert_accessible(page)
    page.get_by_label("CSV-fil från Totara").set_input_files(str(export))
    page.get_by_role("button", name="Läs filen").click()
    page.wait_for_load_state()
    page.get_by_label("Kolumn med e-postadress eller användarnamn").select_option(label="E-post")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    expect(page.get_by_text("okand@example.se").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 slutförd digital del är importerad.")).to_be_visible()
    assert_accessible(page)


def test_the_dashboard_shows_the_coverage_figure(page, plan):
    log_in(page, "styrgrupp@demo.se")
    page.goto(reverse("reports:dashboard") + f"?year={plan.starts_on.year}")
    expect(
        page.get_by_role("heading", name=f"Introduktion av nyanställda {plan.starts_on.year}")
    ).to_be_visible()
    expect(page.get_by_role("columnheader", name="Andel med introduktionsplan")).to_be_visible()
    assert_accessible(page)
