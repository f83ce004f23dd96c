"""Multi-factor authentication is required for the project leader and for admin staff."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.management.commands.demo_totp_code import current_code
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_project_leader_needs_the_one_time_code_to_log_in(client, demo_people):
    response = client.post(
        reverse("account_login"), {"login": "projektledare@demo.se", "password": "yrkesresan"}
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code() != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Felaktig kod." in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert right.status_code == 302 and client.session["_auth_user_id"] == str(
        demo_people["projektledare@demo.se"].pk
    )


def test_social_worker_logs_in_with_password_only(client, demo_people):
    response = client.post(
        reverse("account_login"), {"login": "socsek.lulea@demo.se", "password": "yrkesresan"}
    )
    assert response.url == "/"


@pytest.mark.parametrize("flags", [{"is_project_leader": True}, {"is_staff": True}])
def test_a_person_who_must_use_mfa_is_sent_to_set_it_up_first(client, norrbotten, flags):
    person = User.objects.create_user("ny.pl@lulea.se", "lösen-2026-ok", **flags)
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_activate_totp"))
    # The set-up page itself, and logging out, stay reachable.
    set_up = client.get(reverse("mfa_activate_totp"))
    assert set_up.status_code == 200 or set_up.url.startswith(reverse("account_reauthenticate"))
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("home")).status_code == 200


def test_project_leader_cannot_switch_mfa_off(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert Authenticator.objects.filter(user=demo_people["projektledare@demo.se"]).exists()
    assert response.status_code in (200, 403)
