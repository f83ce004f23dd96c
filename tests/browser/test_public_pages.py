"""A visitor reads the accessibility statement and reports a problem, with the keyboard."""

import pytest
from playwright.sync_api import expect

from core.models import AccessibilityReport
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reports_an_accessibility_problem_from_the_footer(page, demo_people):
    page.goto("/personuppgifter/")
    assert_accessible(page)
    page.get_by_role("link", name="Tillgänglighet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tillgänglighet för Yrkesresan Norrbotten"
    assert page.get_by_label("Sida").input_value() == "/personuppgifter/"
    assert_accessible(page)
    page.get_by_label("Beskrivning av problemet").fill("Tabellen saknar rubriker.")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Skicka rapporten").press("Enter")
    expect(page.get_by_text("Tack! Din rapport har skickats")).to_be_visible()
    assert AccessibilityReport.objects.get().description == "Tabellen saknar rubriker."
    assert_accessible(page)
