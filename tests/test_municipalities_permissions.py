"""Every municipalities URL × every role answers as agreed: 404 for another municipality's objects,
403 for roles without access, a login redirect for visitors."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from municipalities.demo import demo_pdf
from municipalities.models import Agreement, CostSplit, Municipality

pytestmark = pytest.mark.django_db

# URL name, args (from the fixture objects), kind
URLS = [
    ("list", lambda o: [], "read"),
    ("cost_splits", lambda o: [], "read"),
    ("cost_split", lambda o: ["norrbotten", 2026], "read"),
    ("cost_split_csv", lambda o: ["norrbotten", 2026], "read"),
    ("cost_split_xlsx", lambda o: ["norrbotten", 2026], "read"),
    ("detail", lambda o: ["2580"], "read_lulea"),
    ("agreement", lambda o: [o["agreement"].pk], "read_lulea"),
    ("agreement_document", lambda o: [o["agreement"].pk], "document"),
    ("mine", lambda o: [], "mine"),
    ("create", lambda o: [], "lead"),
    ("edit", lambda o: ["2580"], "lead"),
    ("agreement_create", lambda o: ["2580"], "lead"),
    ("agreement_edit", lambda o: [o["agreement"].pk], "lead"),
    ("cost_split_create", lambda o: [], "lead"),
    ("cost_split_edit", lambda o: ["norrbotten", 2026], "lead"),
    ("population_import", lambda o: [], "lead"),
]

# role: {kind: expected status}
EXPECTED = {
    None: {"read": 302, "read_lulea": 302, "document": 302, "mine": 302, "lead": 302},
    "socsek.lulea@demo.se": {"read": 403, "read_lulea": 403, "document": 403, "mine": 403, "lead": 403},
    "kursledare@demo.se": {"read": 403, "read_lulea": 403, "document": 403, "mine": 403, "lead": 403},
    "chef.lulea@demo.se": {"read": 200, "read_lulea": 200, "document": 200, "mine": 302, "lead": 403},
    "chef.pitea@demo.se": {"read": 200, "read_lulea": 404, "document": 404, "mine": 302, "lead": 403},
    # The styrgrupp reads status and costs, not the signed documents themselves.
    "styrgrupp@demo.se": {"read": 200, "read_lulea": 200, "document": 403, "mine": 403, "lead": 403},
    "projektledare@demo.se": {"read": 200, "read_lulea": 200, "document": 200, "mine": 403, "lead": 200},
}


@pytest.fixture
def objects(demo_people, norrbotten):
    agreement = Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"), status="signed", signatory="Catarina Wikström",
        signed_on=datetime.date(2026, 10, 1),
    )
    agreement.document.save("a.pdf", ContentFile(demo_pdf("Lulea")))
    CostSplit.objects.create(region=norrbotten, year=2026, regional_budget=Decimal("1000000"))
    return {"agreement": agreement}


@pytest.mark.parametrize("email", list(EXPECTED), ids=lambda e: e or "anonymous")
def test_permission_grid(client, demo_people, objects, email):
    """One role against every URL (the setup is shared, so the grid stays fast)."""
    if email:
        client.force_login(demo_people[email])
    wrong = []
    for name, args, kind in URLS:
        response = client.get(reverse(f"municipalities:{name}", args=args(objects)))
        if response.status_code != EXPECTED[email][kind]:
            wrong.append(f"{name}: {response.status_code}, väntat {EXPECTED[email][kind]}")
    assert not wrong, wrong


def test_the_pitea_manager_reaches_only_pitea_through_my_municipality(client_for, demo_people):
    response = client_for(demo_people["chef.pitea@demo.se"]).get(reverse("municipalities:mine"))
    assert response.url == reverse("municipalities:detail", args=["2581"])


def test_a_manager_cannot_post_to_the_project_leaders_forms(client_for, demo_people, objects):
    client = client_for(demo_people["chef.lulea@demo.se"])
    response = client.post(reverse("municipalities:agreement_edit", args=[objects["agreement"].pk]),
                           {"status": "terminated"})
    assert response.status_code == 403
    objects["agreement"].refresh_from_db()
    assert objects["agreement"].status == "signed"
