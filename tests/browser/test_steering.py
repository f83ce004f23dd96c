"""Issue #16 in the browser: the styrgrupp reads project goals A–G next to 1–7 on the dashboard (keyboard,
axe, a data table for every chart); the project leader records an assessment, runs the RSS survey and the
managers' needs survey end to end, and handles a comment on the part C page. axe on every page visited."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message):
    return re.search(r"https?://\S+(/uppfoljning/svara/\S+/)", message.body).group(1)


def test_styrgrupp_sees_a_to_g_next_to_1_to_7_with_the_keyboard(page, demo_people):
    from followup.catalogue import load_templates_now
    from reports import services

    load_templates_now()
    year = timezone.localdate().year
    services.assessment_record(
        goal="A",
        year=year,
        outcome="partly",
        meeting_on=timezone.localdate(),
        motivation="Strukturen remitteras.",
    )
    log_in(page, "styrgrupp@demo.se")
    page.goto("/rapporter/")
    # The year select shows the year on display; choosing a municipality keeps it.
    assert page.locator("select[name=year]").input_value() == str(year)
    table = page.get_by_role("table", name=re.compile("Projektmål A–G"))
    for letter in "ABCDEFG":
        assert table.get_by_role("rowheader", name=f"Mål {letter}").is_visible()
    assert table.get_by_text("Delvis uppfyllt").is_visible()
    html = page.content()
    assert html.index("Projektmål A–G") < html.index("Effektmål 1–7 mot målvärdet")
    # Every chart has its data table next to it.
    assert page.locator("table caption").count() >= page.locator("svg[role=img]").count()
    assert_accessible(page)
    # Keyboard: Tab reaches the link to the assessments and Enter opens it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim() === 'Bedömningar och historik'"):
            break
    else:
        raise AssertionError("Tab never reached the assessments link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == f"Projektmål A–G {year}"
    expect(page.get_by_text("Strukturen remitteras.").first).to_be_visible()
    assert page.get_by_role("link", name=re.compile("Registrera bedömning")).count() == 0
    assert_accessible(page)
    page.get_by_label("Kommun", exact=True).count()  # (not on this page)
    page.goto("/rapporter/")
    page.get_by_label("Kommun", exact=True).select_option(label="Luleå")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert page.locator("select[name=year]").input_value() == str(year)
    expect(page.get_by_text("Tagna platser (hela regionen)")).to_be_visible()
    assert_accessible(page)


def test_the_project_leader_runs_the_three_surveys_end_to_end(page, demo_people, browser, live_server):
    from followup.catalogue import load_templates_now
    from followup.models import Answer, CommentHandling, Question, Response, SurveyRound, SurveyTemplate

    load_templates_now()
    year = timezone.localdate().year
    rss = SurveyTemplate.objects.get(kind="rss_yearly")
    needs = SurveyTemplate.objects.get(kind="training_needs")
    # Part C needs a group large enough: five comments on this year's manager survey.
    manager_survey = SurveyTemplate.objects.get(kind="manager_yearly")
    round_ = SurveyRound.objects.create(
        template=manager_survey, year=year, opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    free = manager_survey.questions.get(kind=Question.Kind.FREE_TEXT)
    for i in range(5):
        response = Response.objects.create(round=round_, respondent_role="manager")
        Answer.objects.create(response=response, question=free, text=f"Önskar fler kursorter {i}")

    log_in(page, "projektledare@demo.se")
    # 1. The RSS survey: a contact without an account, a round, the e-mailed single-use link.
    page.goto("/uppfoljning/rss-kontakter/")
    assert_accessible(page)
    page.get_by_label("Namn").fill("Stina Taugböl")
    page.get_by_label("E-postadress").fill("inte-en-adress")
    page.locator("#id_organisation").fill("RSS Dalarna")
    page.get_by_role("button", name="Spara kontakten").click()
    # The error stands at the field and, as a link to it, in the summary at the top of the form.
    expect(page.get_by_text("Ange en giltig e-postadress.", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="E-postadress: Ange en giltig e-postadress.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("stina@rss-dalarna.example")
    page.get_by_role("button", name="Spara kontakten").click()
    expect(page.get_by_role("rowheader", name="Stina Taugböl")).to_be_visible()
    page.goto(f"/uppfoljning/enkater/{rss.pk}/")
    page.get_by_role("button", name="Skapa omgången").click()
    page.wait_for_load_state()
    mail.outbox.clear()
    page.get_by_role("button", name=f"Skicka {year} nu").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 ny inbjudan skickas.")).to_be_visible()
    assert_accessible(page)
    assert mail.outbox[-1].to == ["stina@rss-dalarna.example"]
    link = link_in(mail.outbox[-1])

    visitor = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    visitor.goto(link)
    assert (
        visitor.get_by_role("heading", level=1).inner_text()
        == "Årlig enkät till regionala projektledare (RSS)"
    )
    assert_accessible(visitor)
    for group in visitor.get_by_role("group").all():
        first = group.locator("input").first
        if first.count():
            first.check()
    visitor.get_by_role("button", name=re.compile("Skicka in")).click()
    visitor.wait_for_load_state()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Tack för dina svar"
    visitor.goto(link)
    assert visitor.get_by_text("Du har redan skickat in dina svar").is_visible()  # single use
    assert Response.objects.filter(round__template=rss).count() == 1

    # 2. The managers' needs survey: chosen municipalities, not anonymous, summarised by area.
    page.goto(f"/uppfoljning/enkater/{needs.pk}/")
    page.get_by_role("button", name="Skapa omgången").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=f"Välj kommuner för {year}").click()
    page.get_by_role("button", name="Spara kommunerna").click()
    expect(page.get_by_text("Välj minst en kommun.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Luleå").check()
    page.get_by_role("button", name="Spara kommunerna").click()
    page.wait_for_load_state()
    mail.outbox.clear()
    page.get_by_role("button", name=f"Skicka {year} nu").click()
    page.wait_for_load_state()
    assert mail.outbox[-1].to == ["chef.lulea@demo.se"]
    visitor.goto(link_in(mail.outbox[-1]))
    assert visitor.get_by_text("Svaren är inte anonyma.").is_visible()
    assert_accessible(visitor)
    visitor.get_by_label("Samverkan").check()
    visitor.get_by_label("Regelverk och rättslig utveckling").check()
    visitor.get_by_role("button", name=re.compile("Skicka in")).click()
    visitor.wait_for_load_state()
    page.goto(f"/uppfoljning/behov/?year={year}")
    table = page.get_by_role("table", name="Behov per kompetensområde")
    assert table.get_by_role("row", name=re.compile("Samverkan 1 Luleå: 1")).is_visible()
    assert_accessible(page)

    # 3. Part C: the comments of every survey on one page; one is marked handled with a note.
    page.goto(f"/uppfoljning/synpunkter/?year={year}")
    expect(page.get_by_text("Önskar fler kursorter 0")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vad som gjordes").first.fill("Kiruna och Haparanda läggs till 2027.")
    page.get_by_role("button", name="Markera som hanterad").first.click()
    page.wait_for_load_state()
    expect(page.get_by_text("Synpunkten är markerad som hanterad.")).to_be_visible()
    expect(page.get_by_text("Kiruna och Haparanda läggs till 2027.").first).to_be_visible()
    assert_accessible(page)
    assert CommentHandling.objects.count() == 1
    visitor.context.close()
