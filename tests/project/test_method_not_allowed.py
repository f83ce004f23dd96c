"""A POST-only address opened by GET answers 405 with the portal's Swedish page, not a blank one."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_get_to_a_post_only_address_shows_the_swedish_405_page(client_for, demo_people):
    boss = demo_people["chef.lulea@demo.se"]
    person = demo_people["socsek.lulea@demo.se"]
    response = client_for(boss).get(reverse("enrollment:nominate", args=[person.pk]))
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Sidan kan inte öppnas så här" in page and 'lang="sv"' in page
    assert "Content-Security-Policy" in response.headers


def test_anonymous_get_also_gets_the_page(client, demo_people):
    response = client.get(reverse("enrollment:nominate", args=[demo_people["socsek.lulea@demo.se"].pk]))
    assert response.status_code == 405 and "Till startsidan" in response.content.decode()
