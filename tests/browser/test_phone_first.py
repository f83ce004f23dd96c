"""The social worker's pages work phone-first (issue #19): at 390 px the actions of "Mina anmälningar"
are on the screen, not in a sideways scroller, and a link in an info alert has AA contrast."""

import pytest

from enrollment import services
from tests.browser.conftest import assert_accessible, log_in
from tests.enrollment_helpers import make_occasion, other_course, shift_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_bookings_keep_their_actions_on_a_390_px_screen(page, demo_people):
    sara, boss, leader = (
        demo_people["socsek.lulea@demo.se"],
        demo_people["chef.lulea@demo.se"],
        demo_people["kursledare@demo.se"],
    )
    coming = make_occasion(capacity=5, course=other_course())
    services.enrollment_nominate(coming, sara, boss)
    past = make_occasion(capacity=5, leaders=[leader])
    done = services.enrollment_nominate(past, sara, boss)
    shift_days(past, -5)
    for day in past.days.all():
        services.attendance_record(day, [done.pk], leader)
    services.enrollment_complete(past, leader)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, sara.email)
    page.goto("/anmalan/mina/")
    actions = [
        page.get_by_role("link", name="Avboka Samtal med barn"),
        page.get_by_role("link", name="Kalenderfil för Samtal med barn"),
        page.get_by_role("link", name="Kursintyg för Handläggning med barnet i centrum (PDF)"),
    ]
    for action in actions:
        action.scroll_into_view_if_needed()
        box = action.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # Nothing scrolls sideways: neither the page nor the table's own box.
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert (
        page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('.table-responsive')]"
            ".map(el => el.scrollWidth - el.clientWidth))"
        )
        <= 0
    )
    assert_accessible(page)


def test_the_link_in_the_sign_up_pages_info_alert_has_enough_contrast(page, demo_people):
    sara = demo_people["socsek.lulea@demo.se"]
    occasion = make_occasion(capacity=5)
    services.enrollment_nominate(occasion, sara, demo_people["chef.lulea@demo.se"])
    log_in(page, sara.email)
    page.goto(f"/anmalan/tillfalle/{occasion.pk}/anmal/")
    link = page.locator(".alert-info a")
    assert link.is_visible()
    assert_accessible(page)  # axe's color-contrast rule: 3.85:1 before, at least 4.5:1 now
