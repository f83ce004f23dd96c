"""The project leader's person page in the browser (issue #19): roles and municipality are changed there,
and the audit history says who changed what; axe on each state of the page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_project_leader_changes_roles_and_municipality_and_reads_the_history(page, demo_people):
    ahmed = demo_people["socsek.pitea@demo.se"]
    log_in(page, "projektledare@demo.se")
    page.goto(f"/konto/personer/{ahmed.pk}/")
    assert_accessible(page)
    page.get_by_label("Mentor/fadder").check()
    page.get_by_role("button", name="Spara roller").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Rollerna för Ahmed Karimi är sparade.")).to_be_visible()
    history = page.locator("table", has=page.locator("caption", has_text="Ändringar av personens uppgifter"))
    assert re.search(r"Eva Lindqvist\s+Ändrad\s+Mentor/fadder: nej → ja", history.inner_text())

    page.get_by_label("Ny kommun").select_option(label="Luleå")
    page.get_by_label("Gäller från").fill(timezone.localdate().isoformat())  # from today, not later
    page.get_by_role("button", name="Spara kommunbytet").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Ahmed Karimi är flyttad till Luleå.")).to_be_visible()
    assert "Kommun: Piteå → Luleå" in history.inner_text()
    assert_accessible(page)
