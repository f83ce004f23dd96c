"""Follow-up in the browser: a participant answers from the e-mail link with the keyboard only; the
project leader reads the result against the 80 % line. axe on every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def steps(db):
    from courses.models import Journey, Step
    from followup.catalogue import load_templates_now

    load_templates_now()
    journey = Journey.objects.create(name="Barn och unga", slug="barn-och-unga")
    return {
        slug: Step.objects.create(journey=journey, name=slug.capitalize(), slug=slug, order=i)
        for i, slug in enumerate(["ny", "van", "erfaren"], 1)
    }


def tab_to(page, selector, limit=60):
    """Press Tab until the focused element matches `selector` (keyboard only, as a user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_participant_answers_from_the_email_link_with_the_keyboard_only(page, demo_people, steps):
    from enrollment.signals import step_changed
    from followup.models import Invitation, Response

    person = demo_people["socsek.lulea@demo.se"]
    step_changed.send(
        sender=None,
        person=person,
        journey=steps["ny"].journey,
        from_step=steps["ny"],
        to_step=steps["van"],
        changed_by=None,
    )
    link = re.search(r"https?://\S+(/uppfoljning/svara/\S+/)", mail.outbox[-1].body).group(1)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Enkät vid byte av steg"
    expect(page.get_by_role("group", name=re.compile("1. Har Yrkesresan"))).to_be_visible()
    assert_accessible(page)
    # Question 1: Space picks the first option; question 2: arrow down to "Ja, i viss mån".
    tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
    tab_to(page, "textarea")
    page.keyboard.type("Bra kursdagar.")
    # Save and come back later.
    tab_to(page, "button[value=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Dina svar är sparade")).to_be_visible()
    assert page.locator("input[type=radio]:checked").count() == 4
    assert_accessible(page)
    tab_to(page, "button[value=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för dina svar"
    expect(page.get_by_text("Svaren sparades utan koppling till dig")).to_be_visible()
    assert_accessible(page)
    assert Invitation.objects.get(person=person).answered_on is not None
    response = Response.objects.get()
    assert sorted(response.answers.exclude(value="").values_list("value", flat=True)) == [
        "high",
        "some",
        "some",
        "some",
    ]
    # The link is single-use.
    page.goto(link)
    expect(page.get_by_text("Du har redan skickat in dina svar")).to_be_visible()
    assert_accessible(page)


def test_the_project_leader_reads_the_result_against_the_80_percent_line(
    page, demo_people, steps, make_person, municipality
):
    from django.utils import timezone

    from followup import services
    from followup.models import SurveyTemplate

    round_ = services._triggered_round(SurveyTemplate.Kind.STEP_CHANGE, timezone.localdate().year)
    for i in range(6):
        invitation, _ = services.invitation_create(
            round_, make_person(municipality=municipality("Luleå")), step=steps["ny"]
        )
        services.invitation_submit(
            invitation.pk,
            {q.pk: ("no" if i == 0 else "high") for q in services.questions_for(invitation) if q.is_measured},
        )

    log_in(page, "projektledare@demo.se")
    page.get_by_role("link", name="Uppföljningsenkäter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljningsenkäter"
    assert_accessible(page)
    page.get_by_role("link", name="Årlig enkät till arbetsledare och chefer").click()
    expect(page.get_by_role("heading", name="Frågor")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Urval för kursutvärderingar").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Urval för kursutvärderingar"
    assert_accessible(page)
    page.goto("/")
    page.get_by_role("link", name="Resultat av uppföljningen").click()
    expect(page.get_by_role("img", name=re.compile("Andel som når målet per mål"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Enkät").select_option(label="Enkät vid byte av steg")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    chart = page.get_by_role("img", name=re.compile("Andel som når målet, Enkät vid byte av steg"))
    assert chart.is_visible()
    assert page.locator("svg line[stroke-dasharray]").count() == 1  # the 80 % line
    expect(page.get_by_text("83,3 % når målet (5 av 6); målvärde 80 %.").first).to_be_visible()
    expect(page.get_by_text("Målet är nått.").first).to_be_visible()
    page.screenshot(path="/tmp/followup_results.png", full_page=True)
    assert_accessible(page)
