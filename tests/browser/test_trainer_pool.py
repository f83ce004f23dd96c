"""Browser journey of recruiting a trainer: a manager proposes one of their staff from the start page,
the project leader accepts with the train-the-trainer date, and the trainer is in the pool with their
own page. axe on every page."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from courses.models import TrainerProfile, TrainerProposal
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue(demo_people):
    from courses import demo

    demo.load(io.StringIO())  # courses, trainers and the demo's proposals


def test_a_manager_proposes_a_trainer_and_the_project_leader_accepts(page, demo_catalogue, demo_people):
    person = demo_people["mentor.lulea@demo.se"]
    log_in(page, "chef.lulea@demo.se")
    page.goto("/")
    page.get_by_role("link", name="Föreslå en utbildare").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Föreslå en utbildare").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka förslaget").click()  # empty: the errors, in Swedish
    page.wait_for_load_state()
    expect(page.get_by_text("Detta fält måste fyllas i.").first).to_be_visible()
    assert_accessible(page)
    page.locator("#id_person").select_option(label=f"{person} (Luleå)")
    page.get_by_label("Samtal med barn").check()
    page.get_by_label("Områden personen kan utbilda i").fill("Barnsamtal")
    page.get_by_label("Motivering").fill("Handleder nya kollegor i barnsamtal sedan flera år.")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Förslaget är skickat till den regionala projektledaren")).to_be_visible()
    expect(page.get_by_text("Föreslagen", exact=True).first).to_be_visible()
    assert_accessible(page)
    proposal = TrainerProposal.objects.get(person=person)

    page.context.clear_cookies()
    log_in(page, "projektledare@demo.se")
    page.goto("/kurser/utbildare/")
    assert_accessible(page)
    page.get_by_role("link", name="Förslag på utbildare").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name=str(person)).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Handleder nya kollegor i barnsamtal")).to_be_visible()
    page.get_by_label("Anta").check()
    page.get_by_label("Utbildad till utbildare").fill("2026-09-15")
    page.get_by_role("button", name="Spara beslutet").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Beslutet är sparat")).to_be_visible()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert proposal.status == TrainerProposal.Status.ACCEPTED
    profile = TrainerProfile.objects.get(person=person)
    assert profile.trained_on == datetime.date(2026, 9, 15)

    page.get_by_role("link", name="Till utbildarens sida").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=str(person))).to_be_visible()
    expect(page.get_by_text("Samtal med barn").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gör tillgänglig för andra regioner").click()
    page.wait_for_load_state()
    expect(page.get_by_text("är nu tillgänglig för andra regioner")).to_be_visible()
    assert_accessible(page)
    assert TrainerProfile.objects.get(pk=profile.pk).shared_with_other_regions
