"""core.once: a create form sent again (back button, double click) creates nothing new and leads to
what the first post created."""

import re

import pytest
from django.urls import reverse

from core import once
from core.models import UsedFormToken
from courses.models import CourseOccasion
from enrollment.models import Enrollment
from tests.courses.test_courses import occasion_post
from tests.courses_helpers import build_catalogue
from tests.enrollment_helpers import make_occasion

pytestmark = pytest.mark.django_db


def _token(page):
    return re.search(r'name="once_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def leader_client(client_for, demo_people):
    return client_for(demo_people["projektledare@demo.se"])


def test_new_occasion_sent_twice_is_created_once_and_the_replay_goes_to_it(leader_client, norrbotten):
    catalogue = build_catalogue()
    token = _token(leader_client.get(reverse("courses:occasion_create")).content.decode())
    data = {**occasion_post(catalogue, norrbotten), once.FIELD: token}
    first = leader_client.post(reverse("courses:occasion_create"), data)
    occasion = CourseOccasion.objects.get()
    assert first.status_code == 302 and first.url == reverse("courses:occasion", args=[occasion.pk])
    replay = leader_client.post(reverse("courses:occasion_create"), data, follow=True)
    assert CourseOccasion.objects.count() == 1
    assert replay.redirect_chain[0][0] == reverse("courses:occasion", args=[occasion.pk])
    assert "Formuläret var redan skickat" in replay.content.decode()
    # A fresh form (new token) creates a new occasion; an edit page carries no token.
    data[once.FIELD] = _token(leader_client.get(reverse("courses:occasion_create")).content.decode())
    leader_client.post(reverse("courses:occasion_create"), data)
    assert CourseOccasion.objects.count() == 2
    assert (
        once.FIELD
        not in leader_client.get(reverse("courses:occasion_edit", args=[occasion.pk])).content.decode()
    )


def test_a_refused_post_does_not_use_up_the_token(leader_client, norrbotten):
    catalogue = build_catalogue()
    data = {**occasion_post(catalogue, norrbotten, end="08:00"), once.FIELD: "token-1"}
    assert leader_client.post(reverse("courses:occasion_create"), data).status_code == 200
    assert not UsedFormToken.objects.exists()
    data.update(occasion_post(catalogue, norrbotten))
    assert leader_client.post(reverse("courses:occasion_create"), data).status_code == 302
    assert CourseOccasion.objects.count() == 1 and UsedFormToken.objects.count() == 1


def test_a_concurrent_duplicate_is_rolled_back(leader_client, norrbotten, monkeypatch, demo_people):
    """Both posts passed the first check: the second one's insert of the token fails and undoes it."""
    catalogue = build_catalogue()
    data = {**occasion_post(catalogue, norrbotten), once.FIELD: "same"}
    leader_client.post(reverse("courses:occasion_create"), data)
    real_replay = once._replay
    calls = []

    def late_replay(request, token):
        calls.append(token)
        return None if len(calls) == 1 else real_replay(request, token)

    monkeypatch.setattr(once, "_replay", late_replay)
    response = leader_client.post(reverse("courses:occasion_create"), data)
    assert response.status_code == 302 and len(calls) == 2
    assert CourseOccasion.objects.count() == 1


def test_nomination_sent_twice_is_told_kindly(client_for, demo_people):
    boss, person = demo_people["chef.lulea@demo.se"], demo_people["socsek.lulea@demo.se"]
    occasion = make_occasion()
    client = client_for(boss)
    page = client.get(reverse("enrollment:staff_detail", args=[person.pk])).content.decode()
    data = {"occasion": occasion.pk, once.FIELD: _token(page)}
    client.post(reverse("enrollment:nominate", args=[person.pk]), data)
    replay = client.post(reverse("enrollment:nominate", args=[person.pk]), data, follow=True)
    assert Enrollment.objects.filter(person=person).count() == 1
    assert "Formuläret var redan skickat" in replay.content.decode()


def test_invitation_and_survey_round_forms_carry_the_token(leader_client):
    assert once.FIELD in leader_client.get(reverse("accounts:invite")).content.decode()
    data = {"email": "ny.person@example.se", "first_name": "Ny", "last_name": "Person", once.FIELD: "inv-1"}
    page = leader_client.get(reverse("accounts:invite"))
    form = page.context["form"]
    for name, field in form.fields.items():
        if name not in data and field.required:
            choices = list(getattr(field, "choices", []))
            data[name] = next(value for value, _label in choices if value)
    first = leader_client.post(reverse("accounts:invite"), data)
    assert first.status_code == 302
    replay = leader_client.post(reverse("accounts:invite"), data, follow=True)
    assert "Formuläret var redan skickat" in replay.content.decode()
    assert replay.redirect_chain[0][0].startswith("/") and "personer/" in replay.redirect_chain[0][0]


@pytest.mark.parametrize("token", ["\x00", "x" * 65, "<script>", "a b"])
def test_a_token_of_the_wrong_shape_counts_as_no_token(leader_client, norrbotten, token):
    """Found by the fuzz test on PostgreSQL: a NUL byte in the token was a 500."""
    catalogue = build_catalogue()
    response = leader_client.post(
        reverse("courses:occasion_create"), {**occasion_post(catalogue, norrbotten), once.FIELD: token}
    )
    assert response.status_code == 302 and CourseOccasion.objects.count() == 1


def test_copy_sent_twice_makes_one_copy(leader_client, demo_people):
    original = make_occasion()
    url = reverse("courses:occasion_copy", args=[original.pk])
    data = {"offset_weeks": "26", once.FIELD: _token(leader_client.get(url).content.decode())}
    first = leader_client.post(url, data)
    replay = leader_client.post(url, data, follow=True)
    assert CourseOccasion.objects.count() == 2
    assert replay.redirect_chain[0][0] == first.url
    assert "Formuläret var redan skickat" in replay.content.decode()
