"""GDPR in the browser: the project leader finds a person, exports their data as JSON and anonymises
them after reading the confirmation page. axe on every page visited."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_project_leader_exports_and_anonymises_a_person(page, demo_people):
    from accounts.models import User

    person = demo_people["socsek.pitea@demo.se"]
    name = person.get_full_name()

    log_in(page, "projektledare@demo.se")
    page.get_by_role("link", name="Personer", exact=True).first.click()
    assert_accessible(page)
    page.get_by_label("Sök namn eller e-post").fill(person.last_name)
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera personuppgifter (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == person.email

    page.get_by_role("link", name="Avidentifiera").click()
    expect(page.get_by_text("Det går inte att ångra")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, avidentifiera personen").click()
    expect(page.get_by_text("Personen är avidentifierad.").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/gdpr-person.png")
    person = User.objects.get(pk=person.pk)
    assert person.email == f"anonymiserad-{person.pk}@invalid" and not person.is_active
