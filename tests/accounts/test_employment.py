"""Moving a person between municipalities from the project leader's person page, or by the new
municipality's manager."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Employment, User
from accounts.services import employment_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(demo_people, municipality):
    person = demo_people["socsek.pitea@demo.se"]
    employment_start(person=person, municipality=municipality("Piteå"), starts_on=datetime.date(2026, 1, 5))
    return person


def test_project_leader_moves_a_person_from_the_person_page(client_for, worker, demo_people, municipality):
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("accounts:person", args=[worker.pk])).content.decode()
    assert "Byt kommun" in page and "Piteå" in page
    response = client.post(
        reverse("accounts:move", args=[worker.pk]),
        {"municipality": municipality("Luleå").pk, "on": "2026-06-01", "unit": "Mottagning"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=worker.pk).municipality.name == "Luleå"
    assert list(
        Employment.objects.filter(person=worker).values_list("ends_on", flat=True).order_by("starts_on")
    ) == [
        datetime.date(2026, 5, 31),
        None,
    ]


def test_a_move_before_the_employment_began_stores_nothing(client_for, worker, demo_people, municipality):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("accounts:move", args=[worker.pk]),
        {"municipality": municipality("Luleå").pk, "on": "2025-12-01"},
        follow=True,
    )
    assert "Flyttdatumet måste vara efter" in response.content.decode()
    assert Employment.objects.filter(person=worker).count() == 1
    assert User.objects.get(pk=worker.pk).municipality.name == "Piteå"


def test_the_new_municipalitys_manager_moves_a_person_in(client_for, worker, demo_people):
    chef = demo_people["chef.lulea@demo.se"]
    response = client_for(chef).post(reverse("accounts:move_in"), {"email": worker.email, "on": "2026-06-01"})
    assert response.status_code == 302
    moved = User.objects.get(pk=worker.pk)
    assert moved.municipality == chef.municipality and moved.manager == chef


def test_moving_in_an_unknown_address_says_so(client_for, demo_people):
    response = client_for(demo_people["chef.lulea@demo.se"]).post(
        reverse("accounts:move_in"), {"email": "finns.inte@example.se", "on": "2026-06-01"}
    )
    assert "Det finns ingen aktiv person" in response.content.decode()
    assert not Employment.objects.exists()
