"""Municipality permissions beyond the grid: "my municipality" and posting to the leader's forms."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from municipalities.demo import demo_pdf
from municipalities.models import Agreement, CostSplit, Municipality

pytestmark = pytest.mark.django_db

# The grid of every URL × role is in tests/test_permission_grid.py; these are the cases it cannot express.


@pytest.fixture
def objects(demo_people, norrbotten):
    agreement = Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"),
        status="signed",
        signatory="Catarina Wikström",
        signed_on=datetime.date(2026, 10, 1),
    )
    agreement.document.save("a.pdf", ContentFile(demo_pdf("Lulea")))
    CostSplit.objects.create(region=norrbotten, year=2026, regional_budget=Decimal("1000000"))
    return {"agreement": agreement}


def test_the_pitea_manager_reaches_only_pitea_through_my_municipality(client_for, demo_people):
    response = client_for(demo_people["chef.pitea@demo.se"]).get(reverse("municipalities:mine"))
    assert response.url == reverse("municipalities:detail", args=["2581"])


def test_a_manager_cannot_post_to_the_project_leaders_forms(client_for, demo_people, objects):
    client = client_for(demo_people["chef.lulea@demo.se"])
    response = client.post(
        reverse("municipalities:agreement_edit", args=[objects["agreement"].pk]), {"status": "terminated"}
    )
    assert response.status_code == 403
    objects["agreement"].refresh_from_db()
    assert objects["agreement"].status == "signed"
