"""The plan, employment history and ticks are in the person's export and cleared by anonymisation;
the statistics (plan dates, municipality, employment dates) stay."""

import json

import pytest
from django.urls import reverse

from accounts import personal_data
from accounts.models import Employment
from accounts.services import person_anonymise
from introduction import services
from introduction.models import Plan, PlanItem

from .helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(norrbotten, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    plan = hire(chef, catalogue=catalogue_with_parts(), mentor=demo_people["mentor.lulea@demo.se"])
    item = services.plan_item_add(plan=plan, kind="other", title="Besök hos familjehemsenheten", by=chef)
    services.plan_item_tick(item=item, done=True, by=chef)
    return plan


def test_the_export_holds_the_plan_its_ticks_and_the_employments(plan, client_for, demo_people):
    data = personal_data.collect(plan.person)
    assert data["employments"][0]["unit"] == "Barn och unga, mottagning"
    items = data["introduction_plan"]["items"]
    assert any(item["what"] == "Besök hos familjehemsenheten" and item["done_at"] for item in items)
    client = client_for(demo_people["projektledare@demo.se"])
    exported = json.loads(client.get(reverse("accounts:personal_data_json", args=[plan.person.pk])).content)
    assert exported["introduction_plan"]["mentor"]["name"] == "Elin Sandström"
    pdf = client.get(reverse("accounts:personal_data_pdf", args=[plan.person.pk]))
    assert pdf.status_code == 200


def test_anonymisation_clears_the_plan_but_keeps_the_statistics(plan, demo_people):
    person_anonymise(plan.person, by=demo_people["projektledare@demo.se"])
    kept = Plan.objects.get(pk=plan.pk)
    assert (kept.municipality, kept.starts_on) == (plan.municipality, plan.starts_on)
    assert kept.mentor is None and not PlanItem.objects.filter(plan=kept).exists()
    employment = Employment.objects.get(person=plan.person)
    assert employment.unit == "" and employment.title == "" and employment.municipality == plan.municipality


def test_anonymising_a_mentor_removes_them_from_the_plans_they_were_named_in(plan, demo_people):
    mentor = demo_people["mentor.lulea@demo.se"]
    person_anonymise(mentor, by=demo_people["projektledare@demo.se"])
    assert Plan.objects.get(pk=plan.pk).mentor is None
