"""Playwright in Debian's Chromium against pytest-django's live server, with axe-core checks."""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD, require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    require_service(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM}; apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page on the live server, under the portal's real Content-Security-Policy.

    Every message the browser logs about a CSP violation fails the test at teardown, so a template
    with an inline script or style is caught by any journey that shows it. (axe is injected through
    the DevTools protocol, which the policy does not govern.) A style sheet, image, script or icon the
    page asks for and does not get fails the test too.
    """
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(f"{page.url}: {message.text}")
        ),
    )
    missing = []
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and missing.append(f"{page.url}: {response.status} {response.url}")
        ),
    )
    yield page
    context.close()
    assert not csp_violations, "\n".join(csp_violations)
    assert not missing, "\n".join(missing)


def assert_accessible(page):
    """axe-core with the WCAG 2.1 A/AA tags finds nothing on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def log_in(page, email, password=DEMO_PASSWORD):
    """Log in through allauth's pages; answers the one-time code step for those who must use MFA."""
    page.goto("/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        from accounts.management.commands.demo_totp_code import current_code

        for _attempt in range(2):
            page.locator("input[name=code]").fill(current_code())
            page.locator("form button[type=submit]").first.click()
            page.wait_for_load_state()
            if "/accounts/2fa/authenticate/" not in page.url:
                break
            # A code is accepted once: a second login in the same 30 s waits for the next code.
            page.wait_for_timeout((30 - time.time() % 30 + 1) * 1000)
