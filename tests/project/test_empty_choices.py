"""No select field shows Django's bare "---------": a required choice says "Välj …", an optional one says
what an empty choice means. The pages come from the permission grid, so a new form is checked too."""

import pytest
from django.urls import reverse

from tests.project.test_permission_grid import GRID, ROLE_USERS, ROLES, objects, rows  # noqa: F401 (objects is a fixture)


@pytest.mark.django_db
def test_no_page_offers_the_bare_dashes_placeholder(client, demo_people, objects):
    checked, found = 0, []
    for name in GRID:
        for row in rows(name):
            if not row.get:
                continue
            url = reverse(name, args=row.args(objects), kwargs=row.kwargs(objects))
            # Every role that may open the page: forms differ by role (a manager's filter, the leader's).
            for role in ROLES:
                if role == "anonymous" or row.get[role] != 200:
                    continue
                client.force_login(demo_people[ROLE_USERS[role]])
                response = client.get(url, row.data(objects))
                if response.get("Content-Type", "").startswith("text/html"):
                    checked += 1
                    if "---------" in response.content.decode():
                        found.append(f"{name} ({role})")
    assert checked > 50
    assert not found, "Sidor med '---------' i en lista: " + ", ".join(sorted(set(found)))


def test_a_required_choice_asks_to_choose_and_an_optional_one_says_nothing_is_chosen():
    from django import forms

    from core.forms import PortalFormMixin

    class Example(PortalFormMixin, forms.Form):
        region = forms.ChoiceField(label="Region", choices=[("", "---------"), ("n", "Norrbotten")])
        kind = forms.ChoiceField(label="Typ", required=False, choices=[("", "---------"), ("a", "A")])
        everyone = forms.ChoiceField(label="Urval", required=False, choices=[("", "Alla"), ("a", "A")])

    form = Example()
    assert form.fields["region"].choices[0] == ("", "Välj region")
    assert form.fields["kind"].choices[0] == ("", "Inget val")
    assert form.fields["everyone"].choices[0] == ("", "Alla")  # a label of its own is kept
