"""Browser journey of a message (issue #15): the project leader writes to an occasion's participants,
previews the recipients and the text, sends, sends again from the back button (nothing new), and sees
the message in the log with its delivery state; the participant's e-mail is in the outbox once.
Editing a notification template is on the same path. axe on every page."""

import pytest
from playwright.sync_api import expect

from core.models import OutboxEmail
from enrollment import services
from enrollment.models import Message
from tests.browser.conftest import assert_accessible, log_in
from tests.enrollment_helpers import make_occasion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def occasion(demo_people):
    occasion = make_occasion(capacity=5, leaders=[demo_people["kursledare@demo.se"]])
    services.enrollment_nominate(
        occasion, demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    )
    return occasion


def test_project_leader_writes_previews_sends_and_sees_the_message_in_the_log(page, occasion, demo_people):
    sara = demo_people["socsek.lulea@demo.se"]
    log_in(page, "projektledare@demo.se")
    page.goto("/")
    page.get_by_role("link", name="Meddelanden").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Skriv ett meddelande").click()
    page.wait_for_load_state()
    page.get_by_label("Deltagarna i ett kurstillfälle").check()
    page.get_by_label("Kurstillfälle", exact=True).select_option(str(occasion.pk))
    page.get_by_role("textbox", name="Ämne").fill("Inför kursen")
    page.get_by_role("textbox", name="Meddelande").fill("Ta med lunch. <script>alert(1)</script>")
    assert_accessible(page)
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="Förhandsgranska meddelandet")).to_be_visible()
    expect(page.locator("#recipients").get_by_text(sara.email)).to_be_visible()
    assert page.locator("#preview").get_by_text("<script>alert(1)</script>").is_visible()  # shown, not run
    assert not Message.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Meddelandet skickas till 1 mottagare.")).to_be_visible()
    expect(page.locator("#recipients").get_by_text(sara.email)).to_be_visible()
    assert_accessible(page)

    page.go_back()  # the preview again, and send once more: nothing new is sent
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Meddelandet var redan skickat")).to_be_visible()

    page.get_by_role("link", name="Alla skickade meddelanden").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Inför kursen")).to_be_visible()
    assert_accessible(page)
    message = Message.objects.get()
    emails = OutboxEmail.objects.filter(key__startswith=f"message:{message.pk}:")
    assert [(e.recipient, e.subject) for e in emails] == [(sara.email, "Inför kursen")]
    page.get_by_role("link", name="Inför kursen").click()
    page.wait_for_load_state()
    expect(page.locator("#recipients").get_by_text("Skickat")).to_be_visible()


def test_project_leader_edits_a_notification_template_and_an_unknown_placeholder_is_refused(
    page, demo_people
):
    log_in(page, "projektledare@demo.se")
    page.goto("/utskick/mallar/")
    assert_accessible(page)
    page.get_by_role("link", name="Din plats är bekräftad: …").click()
    page.wait_for_load_state()
    page.get_by_label("Ämne på svenska").fill("Välkommen {{ kursnamn }}")
    page.get_by_label("Text på svenska").fill("Hej {{ namn }}!")
    page.get_by_role("button", name="Spara texten").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Okänd platshållare {{ kursnamn }}").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ämne på svenska").fill("Välkommen till {{ kurs }}")
    page.get_by_role("button", name="Spara texten").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Texten är sparad.")).to_be_visible()
    expect(page.get_by_role("row", name="Din plats är bekräftad").get_by_text("Egen text")).to_be_visible()
