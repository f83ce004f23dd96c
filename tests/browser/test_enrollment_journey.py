"""The enrollment journey in the browser: a social worker signs up, the manager approves, the
participant gets the calendar file, the course leader takes attendance, the certificate follows.
Every page visited passes axe (WCAG 2.1 AA)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.enrollment_helpers import make_occasion, shift_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, email):
    page.context.clear_cookies()
    log_in(page, email)


def test_sign_up_approve_attend_and_download_certificate(page, demo_people):
    occasion = make_occasion(capacity=5, first_day_in=20, leaders=[demo_people["kursledare@demo.se"]])
    course = "Handläggning med barnet i centrum"

    # The social worker finds the course on her journey page and signs up; her manager is prefilled.
    log_in(page, "socsek.lulea@demo.se")
    page.get_by_role("link", name="Min yrkesresa").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Anmäl dig till {course}").click()
    assert page.get_by_label("Din chef").input_value() == str(demo_people["chef.lulea@demo.se"].pk)
    assert_accessible(page)
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_text("Din anmälan är skickad till din chef")).to_be_visible()
    expect(page.get_by_role("cell", name="Väntar på godkännande")).to_be_visible()
    assert_accessible(page)

    # The manager approves it from the queue.
    switch_user(page, "chef.lulea@demo.se")
    page.get_by_role("link", name="Anmälningar att godkänna").click()
    assert_accessible(page)
    page.get_by_label("Sara Johansson").check()
    page.get_by_role("button", name="Godkänn markerade").click()
    expect(page.get_by_text("1 anmälan godkänd.")).to_be_visible()
    assert_accessible(page)

    # The participant sees the confirmed place and downloads the calendar file.
    switch_user(page, "socsek.lulea@demo.se")
    page.goto("/anmalan/mina/")
    expect(page.get_by_role("cell", name="Godkänd", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Kalenderfil för {course}").click()
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")

    # The course days have taken place: the course leader records attendance and settles the course.
    shift_days(occasion, -1)
    switch_user(page, "kursledare@demo.se")
    page.get_by_role("link", name="Mina kurstillfällen").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Deltagare i {course}").click()
    expect(page.get_by_role("cell", name="Johansson")).to_be_visible()
    assert_accessible(page)
    for index in range(2):
        page.get_by_role("link", name="Registrera närvaro").nth(index).click()
        # Nothing recorded yet: nobody is ticked until the course leader ticks them.
        assert not page.get_by_label("Sara Johansson").is_checked()
        page.get_by_label("Sara Johansson").check()
        if index == 0:
            assert_accessible(page)
        page.get_by_role("button", name="Spara närvaro").click()
        expect(page.get_by_text("Närvaron för 1 deltagare är sparad.")).to_be_visible()
    page.get_by_role("button", name="Avsluta kurstillfället").click()
    expect(page.get_by_text("1 deltagare har genomfört kursen")).to_be_visible()
    # Completed: no second "Avsluta", a correction of attendance settles the result at once.
    assert page.get_by_role("button", name="Avsluta kurstillfället").count() == 0
    expect(page.get_by_text("Kurstillfället är avslutat.")).to_be_visible()

    # The participant downloads her course certificate.
    switch_user(page, "socsek.lulea@demo.se")
    page.goto("/anmalan/mina/")
    expect(page.get_by_role("cell", name="Genomförd", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Kursintyg för {course} (PDF)").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
