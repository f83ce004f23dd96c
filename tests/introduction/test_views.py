"""The introduction's pages: hire and plan, who sees and ticks which plan, the newcomer's own plan."""

import datetime

import pytest
from django.urls import reverse

from introduction.models import Plan, PlanItem, StartingPointProposal

from .helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(norrbotten):
    return catalogue_with_parts()


@pytest.fixture
def plan(cat, demo_people):
    return hire(
        demo_people["chef.lulea@demo.se"],
        catalogue=cat,
        mentor=demo_people["mentor.lulea@demo.se"],
        first=demo_people["forste.lulea@demo.se"],
    )


def hire_data(cat, municipality, **extra):
    return {
        "email": "ny@lulea.se",
        "first_name": "Ny",
        "last_name": "Anställd",
        "municipality": municipality.pk,
        "unit": "Mottagningen",
        "title": "Socialsekreterare",
        "starts_on": "2026-08-03",
        "step": cat["ny"].pk,
        "starting_point": "new_to_authority",
        **extra,
    }


def test_manager_hires_and_gets_the_starting_points_proposal_to_change(client_for, cat, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    proposal = StartingPointProposal.objects.create(step=cat["ny"], starting_point="new_to_authority")
    proposal.courses.set([cat["course"]])
    client = client_for(chef)
    data = hire_data(cat, chef.municipality)
    response = client.post(reverse("introduction:hire"), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    form = response.context["form"]
    assert [str(c) for c in form["courses"].value()] == [str(cat["course"].pk)]
    # the manager adds the part 2 course to the proposal and saves
    response = client.post(
        reverse("introduction:hire"), {**data, "courses": [cat["course"].pk, cat["other"].pk], "confirm": "1"}
    )
    plan = Plan.objects.get(person__email="ny@lulea.se")
    assert response.status_code == 302 and response.url == reverse("introduction:plan", args=[plan.pk])
    assert set(plan.items.values_list("course__slug", flat=True)) == {"handlaggning", "samtal"}
    assert plan.created_by == chef and plan.starting_point == "new_to_authority"


def test_manager_cannot_hire_into_another_municipality(client_for, cat, demo_people, municipality):
    client = client_for(demo_people["chef.lulea@demo.se"])
    response = client.post(
        reverse("introduction:hire"), {**hire_data(cat, municipality("Piteå")), "confirm": "1"}
    )
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not Plan.objects.exists()


def test_end_before_start_style_bad_date_stores_nothing(client_for, cat, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    client = client_for(chef)
    response = client.post(
        reverse("introduction:hire"),
        {**hire_data(cat, chef.municipality, starts_on="0001-01-01"), "confirm": "1"},
    )
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors
    assert not Plan.objects.exists()


@pytest.mark.parametrize("value", ["999999999999999999999999", "12abc", "-3"])
def test_a_made_up_municipality_number_gets_a_field_error_not_a_500(client_for, cat, demo_people, value):
    """Hypothesis found it on SQLite: a number too large for its integer reached the mentor list's query."""
    client = client_for(demo_people["projektledare@demo.se"])
    chef = demo_people["chef.lulea@demo.se"]
    response = client.post(
        reverse("introduction:hire"),
        {**hire_data(cat, chef.municipality), "municipality": value, "confirm": "1"},
    )
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "email,status",
    [
        ("mentor.lulea@demo.se", 200),
        ("forste.lulea@demo.se", 200),
        ("chef.lulea@demo.se", 200),
        ("projektledare@demo.se", 200),
        ("chef.pitea@demo.se", 404),
        ("socsek.lulea@demo.se", 404),
        ("styrgrupp@demo.se", 404),
        ("kursledare@demo.se", 404),
    ],
)
def test_who_sees_a_plan(client_for, plan, demo_people, email, status):
    assert (
        client_for(demo_people[email]).get(reverse("introduction:plan", args=[plan.pk])).status_code == status
    )


def test_a_lulea_mentor_gets_404_on_a_pitea_plan(client_for, cat, demo_people, make_person, municipality):
    pitea_mentor = make_person(municipality=municipality("Piteå"), is_mentor=True)
    pitea_plan = hire(
        demo_people["chef.pitea@demo.se"], email="ny@pitea.se", catalogue=cat, mentor=pitea_mentor
    )
    item = pitea_plan.items.first()
    for email in ("mentor.lulea@demo.se", "forste.lulea@demo.se"):
        client = client_for(demo_people[email])
        assert client.get(reverse("introduction:plan", args=[pitea_plan.pk])).status_code == 404
        assert (
            client.post(reverse("introduction:item_tick", args=[item.pk]), {"done": "1"}).status_code == 404
        )
    assert not PlanItem.objects.get(pk=item.pk).is_done


def test_mentor_ticks_an_item_but_cannot_add_or_sign_off(client_for, plan, demo_people):
    client = client_for(demo_people["mentor.lulea@demo.se"])
    item = plan.items.first()
    response = client.post(reverse("introduction:item_tick", args=[item.pk]), {"done": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_done and item.done_by.email == "mentor.lulea@demo.se"
    assert client.post(reverse("introduction:sign_off", args=[plan.pk])).status_code == 404
    assert (
        client.post(reverse("introduction:item_add", args=[plan.pk]), {"kind": "reflection"}).status_code
        == 404
    )


def test_the_newcomer_sees_their_plan_on_the_start_page_and_journey_page(client_for, plan):
    client = client_for(plan.person)
    for url in (reverse("home"), reverse("enrollment:mine"), reverse("introduction:mine")):
        page = client.get(url).content.decode()
        assert "ntroduktionsplan" in page and "Del 1" in page, url


def test_the_manager_sees_newcomers_at_risk_on_the_start_page(client_for, cat, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    at_risk = hire(chef, catalogue=cat, starts_on=datetime.date.today() - datetime.timedelta(days=100))
    page = client_for(chef).get(reverse("home")).content.decode()
    assert "Nyanställda som riskerar att inte hinna" in page and str(at_risk.person) in page


def test_an_item_for_someone_of_another_municipality_is_refused_with_a_message(client_for, plan, demo_people):
    client = client_for(demo_people["chef.lulea@demo.se"])
    response = client.post(
        reverse("introduction:item_add", args=[plan.pk]),
        {"kind": "shadowing", "responsible": demo_people["socsek.pitea@demo.se"].pk},
        follow=True,
    )
    assert "kunde inte läggas till" in response.content.decode()
    assert not plan.items.filter(kind="shadowing").exists()


def test_manager_adds_an_item_and_signs_off(client_for, plan, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    client = client_for(chef)
    client.post(
        reverse("introduction:item_add", args=[plan.pk]),
        {"kind": "shadowing", "responsible": demo_people["mentor.lulea@demo.se"].pk, "due_on": "2026-08-10"},
    )
    assert plan.items.filter(kind="shadowing", due_on=datetime.date(2026, 8, 10)).exists()
    for item in plan.items.all():
        client.post(reverse("introduction:item_tick", args=[item.pk]), {"done": "1"})
    client.post(reverse("introduction:sign_off", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.signed_off_by == chef


def test_the_plan_pdf(client_for, plan):
    response = client_for(plan.person).get(reverse("introduction:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_hire_form_summarises_its_errors_at_the_top(client_for, cat, demo_people):
    """Issue #19: every long form summarises its errors at the top, each linked to its field."""
    chef = demo_people["chef.lulea@demo.se"]
    response = client_for(chef).post(
        reverse("introduction:hire"), {**hire_data(cat, chef.municipality), "email": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    summary = html.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert html.index("error-summary") < html.index('name="email"')
    assert 'href="#id_email"' in summary
