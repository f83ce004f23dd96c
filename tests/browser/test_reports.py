"""Reports in the browser: a styrgrupp member opens the dashboard, narrows it to one municipality,
orders the yearly report and downloads it (Celery is eager here, so the build is done at once).
axe on every page visited."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_styrgrupp_reads_the_dashboard_and_downloads_the_yearly_report(page, demo_people):
    log_in(page, "styrgrupp@demo.se")
    page.goto("/")
    page.get_by_role("link", name="Översikt", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Yrkesresan i regionen")
    assert page.locator("svg[role=img]").count() >= 3
    assert_accessible(page)

    page.get_by_label("Kommun", exact=True).select_option(label="Luleå")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert "Luleå" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Årsrapporter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapporter"
    assert_accessible(page)
    page.locator("select[name=year]").select_option("2025")
    page.get_by_role("button", name="Bygg årsrapport").click()
    page.wait_for_load_state()
    # Celery runs eagerly in the live server: the page says the report is ready, as it is (#19).
    expect(page.get_by_text("Årsrapporten för 2025 är klar.")).to_be_visible()
    page.reload()
    link = page.get_by_role("link", name="Ladda ned årsrapport 2025 version 1")
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
