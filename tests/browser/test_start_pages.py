"""Each demo role logs in through the browser and lands on its own start page, which passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HEADINGS = {
    "projektledare@demo.se": "Regional projektledare",
    "chef.lulea@demo.se": "Enhetschef IFO",
    "chef.pitea@demo.se": "Enhetschef IFO",
    "socsek.lulea@demo.se": "Ditt konto",
    "socsek.pitea@demo.se": "Ditt konto",
    "kursledare@demo.se": "Ditt konto",
    "styrgrupp@demo.se": "Styrgrupp",
}


def test_landing_and_login_pages_are_accessible(page, demo_people):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Yrkesresan i Norrbotten"
    assert_accessible(page)
    page.goto("/accounts/login/")
    assert_accessible(page)


@pytest.mark.parametrize("email", list(ROLE_HEADINGS))
def test_each_demo_role_lands_on_its_start_page(page, demo_people, email):
    log_in(page, email)
    assert page.url.endswith("/"), page.url
    expect(page.get_by_role("heading", level=2, name=ROLE_HEADINGS[email], exact=True)).to_be_visible()
    assert_accessible(page)


def test_wrong_password_gives_a_swedish_message(page, demo_people):
    log_in(page, "socsek.lulea@demo.se", password="fel-lösenord")
    assert "/accounts/login/" in page.url
    assert (
        page.get_by_text("Du angav en felaktig e-postadress och/eller lösenord.").is_visible()
        or page.locator(".alert-danger, .invalid-feedback").count() > 0
    )
    assert_accessible(page)


def test_the_accessibility_check_does_find_violations(page):
    """Guards the guard: a page with known WCAG failures must not pass assert_accessible."""
    page.set_content("<html><body><img src='kurs.png'><input type='text'></body></html>")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_an_inline_script_is_refused_by_the_content_security_policy(browser, live_server, demo_people):
    """Guards the guard: the policy really blocks inline code on our pages."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/accounts/login/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("Content Security Policy" in text for text in messages)
    context.close()
