"""The project leader's person page changes a person's roles and municipality and shows the audit
history (issue #19: only the Django admin could). Municipality changes go through the employments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Employment, User
from accounts.roles import Role
from accounts.services import EmploymentError, RoleError

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(demo_people, municipality):
    person = demo_people["socsek.pitea@demo.se"]
    services.employment_start(
        person=person, municipality=municipality("Piteå"), starts_on=datetime.date(2026, 1, 5)
    )
    return person


@pytest.fixture
def pl(demo_people):
    return demo_people["projektledare@demo.se"]


def history_rows(html):
    return html[html.index("<h2>Historik</h2>") :]


def test_the_project_leader_changes_a_persons_roles_and_the_history_says_who_and_what(client_for, worker, pl):
    client = client_for(pl)
    page = client.get(reverse("accounts:person", args=[worker.pk])).content.decode()
    assert 'name="roles" value="mentor"' in page
    response = client.post(
        reverse("accounts:roles", args=[worker.pk]), {"roles": [Role.SOCIAL_WORKER, Role.MENTOR]}, follow=True
    )
    html = response.content.decode()
    assert "Rollerna för Ahmed Karimi är sparade." in html
    assert User.objects.get(pk=worker.pk).roles == [Role.SOCIAL_WORKER, Role.MENTOR]
    history = history_rows(html)
    assert "Eva Lindqvist" in history
    assert "<strong>Mentor/fadder</strong>: nej → ja" in history


def test_a_role_that_needs_a_municipality_is_refused_for_a_person_without_one(make_person, pl):
    person = make_person(municipality=None, is_steering_group=True)
    with pytest.raises(RoleError, match="Välj kommun för socialsekreterare och enhetschefer"):
        services.person_set_roles(person=person, roles=[Role.MANAGER], by=pl)
    assert User.objects.get(pk=person.pk).roles == [Role.STEERING_GROUP]


def test_the_project_leader_cannot_take_away_their_own_project_leader_role(pl):
    with pytest.raises(RoleError, match="din egen roll som projektledare"):
        services.person_set_roles(person=pl, roles=[Role.STEERING_GROUP], by=pl)
    assert User.objects.get(pk=pl.pk).is_project_leader


def test_no_roles_at_all_is_refused_by_the_form(client_for, worker, pl):
    response = client_for(pl).post(reverse("accounts:roles", args=[worker.pk]), {}, follow=True)
    assert "Välj minst en roll." in response.content.decode()
    assert User.objects.get(pk=worker.pk).roles == [Role.SOCIAL_WORKER]


def test_a_person_without_a_municipality_gets_one_through_a_new_employment(
    client_for, make_person, pl, municipality
):
    person = make_person(municipality=None, is_course_leader=True)
    response = client_for(pl).post(
        reverse("accounts:move", args=[person.pk]),
        {"municipality": municipality("Luleå").pk, "on": "2026-06-01", "unit": "Utbildning"},
        follow=True,
    )
    assert "är anställd i Luleå från 1 juni 2026" in response.content.decode()
    employment = Employment.objects.get(person=person)
    assert (employment.municipality.name, employment.starts_on, employment.ends_on, employment.is_move) == (
        "Luleå",
        datetime.date(2026, 6, 1),
        None,
        False,
    )
    assert User.objects.get(pk=person.pk).municipality.name == "Luleå"


def test_ending_the_employment_leaves_no_municipality_and_the_history_shows_it(client_for, worker, pl):
    client = client_for(pl)
    response = client.post(
        reverse("accounts:move", args=[worker.pk]),
        {"municipality": "slutar", "on": "2026-09-01"},
        follow=True,
    )
    html = response.content.decode()
    assert "Ahmed Karimi har ingen kommun från 1 september 2026." in html
    assert Employment.objects.get(person=worker).ends_on == datetime.date(2026, 8, 31)
    person = User.objects.get(pk=worker.pk)
    assert person.municipality is None and person.manager is None
    assert "<strong>Kommun</strong>: Piteå → –" in history_rows(html)


def test_ending_without_a_current_municipality_is_refused(make_person, pl):
    person = make_person(municipality=None, is_course_leader=True)
    with pytest.raises(EmploymentError, match="ingen pågående anställning"):
        services.person_change_municipality(
            person=person, municipality=None, on=datetime.date(2026, 9, 1), by=pl
        )


def test_ending_an_employment_registered_before_employments_were_recorded_records_it(demo_people, pl):
    person = demo_people["socsek.lulea@demo.se"]  # has a municipality, no Employment row
    today = timezone.localdate()  # a change is registered from today or earlier
    services.person_change_municipality(person=person, municipality=None, on=today, by=pl)
    employment = Employment.objects.get(person=person)
    assert (employment.municipality.name, employment.ends_on) == ("Luleå", today - datetime.timedelta(days=1))
    assert User.objects.get(pk=person.pk).municipality is None


def test_a_date_alone_ends_nothing_the_end_must_be_chosen(client_for, worker, pl):
    """QA: the list started on "Ingen kommun (anställningen slutar)", so a form sent with only a date ended
    the employment and took the municipality and manager away."""
    before = (worker.municipality_id, worker.manager_id)
    response = client_for(pl).post(
        reverse("accounts:move", args=[worker.pk]), {"on": "2026-09-01"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "har ingen kommun" not in messages[0], messages
    person = User.objects.get(pk=worker.pk)
    assert (person.municipality_id, person.manager_id) == before
    assert not Employment.objects.filter(person=worker, ends_on__isnull=False).exists()


def test_a_change_of_municipality_from_a_later_date_is_refused_and_changes_nothing(
    client_for, worker, pl, municipality
):
    """QA: a move "from" next week changed the municipality at once (the scope with it)."""
    later = timezone.localdate() + datetime.timedelta(days=8)
    before = worker.municipality_id
    response = client_for(pl).post(
        reverse("accounts:move", args=[worker.pk]),
        {"municipality": municipality("Luleå").pk, "on": later.isoformat()},
        follow=True,
    )
    assert (
        "Ett kommunbyte kan bara registreras från i dag eller ett tidigare datum."
        in response.content.decode()
    )
    assert User.objects.get(pk=worker.pk).municipality_id == before
