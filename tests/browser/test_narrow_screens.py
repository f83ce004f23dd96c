"""On a phone (375 px wide) the pages people use most do not scroll sideways: wide tables scroll in their
own box (Bootstrap's .table-responsive) and the rest of the page keeps to the screen."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from enrollment.models import Enrollment
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overflow(page):
    """How many CSS pixels the document is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_the_main_pages_fit_a_phone(page, demo_people):
    call_command("demo_data", stdout=io.StringIO())
    sara = demo_people["socsek.lulea@demo.se"]
    led = (
        Enrollment.objects.filter(occasion__course_leaders=demo_people["kursledare@demo.se"]).first().occasion
    )
    pages = {
        "socsek.lulea@demo.se": [reverse("courses:days"), reverse("enrollment:mine")],
        "chef.lulea@demo.se": [
            reverse("enrollment:staff_detail", args=[sara.pk]),
            reverse("enrollment:queue"),
            reverse("reports:hires"),
            reverse("reports:hires_edit", args=["2580"]),
        ],
        "kursledare@demo.se": [
            reverse("enrollment:occasions"),
            reverse("enrollment:participants", args=[led.pk]),
        ],
        "projektledare@demo.se": [
            reverse("courses:planning"),
            reverse("municipalities:list"),
            reverse("reports:planning"),
            reverse("reports:hires"),
        ],
    }
    page.set_viewport_size({"width": 375, "height": 800})
    too_wide = {}
    for email, urls in pages.items():
        page.context.clear_cookies()
        log_in(page, email)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            if overflow(page) > 0:
                too_wide[url] = overflow(page)
    assert too_wide == {}


def test_the_project_leaders_email_pages_fit_a_phone(page, demo_people):
    """The switches name each kind by its template path (enrollment/email/cancelled_manager_copy), a word
    too long for a 390 px screen unless it may break."""
    from tests.enrollment_helpers import make_occasion

    occasion = make_occasion(capacity=5, leaders=[demo_people["kursledare@demo.se"]])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "projektledare@demo.se")
    too_wide = {}
    for url in [
        reverse("enrollment:occasion_notifications", args=[occasion.pk]),
        reverse("notification_templates"),
        reverse("notification_template_edit", args=["enrollment", "cancelled_manager_copy"]),
        reverse("enrollment:message_new"),
    ]:
        assert page.goto(url).status == 200, url
        if overflow(page) > 0:
            too_wide[url] = overflow(page)
    assert too_wide == {}


def test_wide_tables_can_be_scrolled_with_the_keyboard_on_a_phone(page, demo_people):
    """A table wider than the screen scrolls in its own box; a keyboard user must be able to reach that box
    (axe's scrollable-region-focusable, WCAG 2.1.1), which only shows on a narrow screen."""
    from tests.browser.conftest import assert_accessible

    call_command("demo_data", stdout=io.StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "projektledare@demo.se")
    for url in [
        reverse("reports:planning"),
        reverse("courses:trainers"),
        reverse("accounts:person", args=[demo_people["socsek.lulea@demo.se"].pk]),
    ]:
        assert page.goto(url).status == 200, url
        assert_accessible(page)
