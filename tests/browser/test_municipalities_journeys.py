"""The project leader signs Luleå's agreement with a PDF; the Piteå manager cannot open Luleå."""

import io

import pytest
from playwright.sync_api import expect

from municipalities.demo import demo_pdf
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo_people):
    from municipalities import demo

    demo.load(io.StringIO())
    return demo_people


def lulea_regional_status(page):
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Luleå", exact=True))
    return row.get_by_role("cell").nth(4).inner_text()


def test_project_leader_signs_luleas_agreement_with_a_pdf(page, demo):
    log_in(page, "projektledare@demo.se")
    page.get_by_role("link", name="Kommuner och överenskommelser").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kommuner"
    assert "Regional överenskommelse: Skickad" in lulea_regional_status(page)
    assert page.locator(".badge-soon").count() == 1  # Kiruna's agreement ends within 90 days
    assert_accessible(page)

    page.get_by_role("link", name="Luleå", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Luleå")
    assert page.get_by_text("Josefin Nordin").is_visible()  # regional contact person
    assert_accessible(page)

    page.get_by_role("link", name="Regional överenskommelse").click()
    page.get_by_role("link", name="Ändra eller ladda upp dokument").click()
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="Undertecknad")
    page.get_by_label("Undertecknad", exact=True).fill("2026-11-20")
    page.get_by_label("Undertecknad av").fill("Catarina Wikström")
    page.get_by_label("Undertecknat dokument (PDF)").set_input_files(
        files=[{"name": "lulea-undertecknad.pdf", "mimeType": "application/pdf", "buffer": demo_pdf("Lulea")}]
    )
    page.get_by_role("button", name="Spara överenskommelsen").click()
    expect(page.get_by_text("Överenskommelsen med Luleå är sparad.")).to_be_visible()
    expect(page.get_by_role("link", name="Ladda ned det undertecknade dokumentet (PDF)")).to_be_visible()
    assert page.get_by_text("Skickad → Undertecknad").is_visible()  # the audit history
    assert_accessible(page)

    page.goto("/kommuner/")
    assert "Regional överenskommelse: Undertecknad" in lulea_regional_status(page)

    page.get_by_role("link", name="Kostnadsfördelning").click()
    assert_accessible(page)
    page.get_by_role("link", name="Kostnadsfördelning 2026").click()
    assert (
        page.get_by_role("row", name="Summa").get_by_role("cell").nth(3).inner_text().replace("\u00a0", " ")
        == "1 250 000,00"
    )
    assert_accessible(page)


def test_pitea_manager_gets_404_on_luleas_page(page, demo):
    log_in(page, "chef.pitea@demo.se")
    page.get_by_role("link", name="Min kommun").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Piteå")
    assert_accessible(page)
    response = page.goto("/kommuner/2580/")
    assert response.status == 404
    assert_accessible(page)


def test_project_leader_updates_population_after_fixing_a_bad_line(page, demo, tmp_path):
    from municipalities.models import PopulationFigure

    log_in(page, "projektledare@demo.se")
    page.goto("/kommuner/")
    page.get_by_role("link", name="Uppdatera folkmängd från fil").click()
    assert_accessible(page)
    bad = tmp_path / "folkmangd.csv"
    bad.write_text("kommunkod;folkmängd;datum\n2580;80500;2026-06-30\n2581;-3;2026-06-30\n", encoding="utf-8")
    page.get_by_label("CSV-fil med folkmängd").set_input_files(str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Rad 3: Folkmängden kan inte vara negativ.")).to_be_visible()
    assert_accessible(page)
    good = tmp_path / "folkmangd2.csv"
    good.write_text(
        "kommunkod;folkmängd;datum\n2580;80500;2026-06-30\n2581;43010;2026-06-30\n", encoding="utf-8"
    )
    page.get_by_label("CSV-fil med folkmängd").set_input_files(str(good))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("2 rader kommer att sparas")).to_be_visible()
    assert not PopulationFigure.objects.filter(date="2026-06-30").exists()
    assert_accessible(page)
    page.get_by_role("button", name="Spara folkmängden").click()
    expect(page.get_by_text("Folkmängden är sparad: 2 nya uppgifter, 0 uppdaterade.")).to_be_visible()
    assert PopulationFigure.objects.filter(date="2026-06-30").count() == 2
