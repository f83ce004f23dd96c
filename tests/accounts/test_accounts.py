"""Sign-up by municipality domain, login for every demo role, invitations and who sees which people."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from core.models import SentEmail

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Lina",
    "last_name": "Holm",
    "password1": "Kursdag-2026!",
    "password2": "Kursdag-2026!",
}


def test_signup_with_a_municipality_domain_sets_the_municipality(client, norrbotten):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "Lina.Holm@Lulea.se"})
    assert response.status_code == 302
    user = User.objects.get(email="lina.holm@lulea.se")
    assert user.municipality.name == "Luleå"
    assert user.is_social_worker and not user.is_manager
    # E-mail verification is mandatory: a confirmation mail went out.
    assert len(mail.outbox) == 1 and "lina.holm@lulea.se" in mail.outbox[0].to


def test_signup_with_an_unknown_domain_is_refused_in_swedish(client, norrbotten):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "lina@gmail.com"})
    assert response.status_code == 200
    assert "gmail.com hör inte till någon ansluten kommun" in response.content.decode()
    assert not User.objects.filter(email="lina@gmail.com").exists()


@pytest.mark.parametrize(
    "email",
    [
        "projektledare@demo.se",
        "chef.lulea@demo.se",
        "chef.pitea@demo.se",
        "socsek.lulea@demo.se",
        "socsek.pitea@demo.se",
        "kursledare@demo.se",
        "styrgrupp@demo.se",
    ],
)
def test_every_demo_role_logs_in_with_the_demo_password(client, demo_people, email):
    response = client.post(reverse("account_login"), {"login": email, "password": "yrkesresan"})
    if email == "projektledare@demo.se":
        # The project leader must also give the one-time code (see tests/test_mfa.py).
        from accounts.management.commands.demo_totp_code import current_code

        assert response.url == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302 and response.url == "/"
    start = client.get("/")
    assert start.status_code == 200
    from core.start import items_for

    for role in demo_people[email].roles:
        assert str(role.label) in start.content.decode()
        # A role whose apps offer pages gets its own section on the start page.
        assert (f'<h2 id="role-{role.value}">{role.label}</h2>' in start.content.decode()) == bool(
            items_for(role)
        )


def test_demo_data_is_idempotent(demo_people):
    from io import StringIO

    from django.core.management import call_command

    from accounts import demo

    assert User.objects.count() == len(demo.DEMO_PEOPLE)
    call_command("demo_data", stdout=StringIO())
    # Other apps' demo data add people of their own (course leaders, survey respondents) — once.
    after_first = User.objects.count()
    call_command("demo_data", stdout=StringIO())
    assert User.objects.count() == after_first
    assert User.objects.filter(email__in=demo.DEMO_PEOPLE).count() == len(demo.DEMO_PEOPLE)


def test_project_leader_invites_a_course_leader_who_sets_a_password(
    client_for, demo_people, municipality, django_capture_on_commit_callbacks
):
    client = client_for(demo_people["projektledare@demo.se"])
    data = {
        "email": "ny.kursledare@kiruna.se",
        "first_name": "Nils",
        "last_name": "Pavval",
        "municipality": municipality("Kiruna").pk,
        "roles": ["course_leader"],
        "title": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invite"), data)
    assert response.status_code == 302
    invited = User.objects.get(email="ny.kursledare@kiruna.se")
    assert invited.is_course_leader and invited.municipality.name == "Kiruna"
    assert not invited.has_usable_password()
    assert EmailAddress.objects.get(user=invited).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)

    # A double click sends the same form again: refused, and still only one invitation.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("accounts:invite"), data)
    assert "Det finns redan en person med den e-postadressen." in again.content.decode()
    assert len(mail.outbox) == 1

    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    # Someone who has never logged in chooses a password; nobody asked them to change one.
    assert "Välj lösenord" in form_page.content.decode() and "Byt lösenord" not in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"password1": "Nytt-lösen-2026", "password2": "Nytt-lösen-2026"},
    )
    assert response.status_code == 302
    done = client.get(response.url).content.decode()
    assert "Lösenordet är sparat" in done and f'href="{reverse("account_login")}"' in done
    assert client.login(email="ny.kursledare@kiruna.se", password="Nytt-lösen-2026")


def test_invitation_task_sends_once_when_run_twice(demo_people):
    from accounts.tasks import send_invitation

    person = demo_people["kursledare@demo.se"]
    inviter = demo_people["projektledare@demo.se"]
    assert send_invitation(person.pk, inviter.pk) is True
    assert send_invitation(person.pk, inviter.pk) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key=f"invitation:{person.pk}").count() == 1


@pytest.mark.parametrize(
    "email,status",
    [
        ("projektledare@demo.se", 200),
        ("chef.lulea@demo.se", 403),
        ("socsek.lulea@demo.se", 403),
        ("kursledare@demo.se", 403),
        ("styrgrupp@demo.se", 403),
    ],
)
def test_only_the_project_leader_may_invite(client_for, demo_people, email, status):
    assert client_for(demo_people[email]).get(reverse("accounts:invite")).status_code == status


def test_anonymous_is_sent_to_login(client, norrbotten):
    response = client.get(reverse("accounts:invite"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_manager_sees_only_people_of_their_own_municipality(client_for, demo_people):
    page = client_for(demo_people["chef.pitea@demo.se"]).get(reverse("accounts:people")).content.decode()
    assert "socsek.pitea@demo.se" in page
    assert "socsek.lulea@demo.se" not in page and "chef.lulea@demo.se" not in page


def test_project_leader_filters_people_by_role(client_for, demo_people):
    page = (
        client_for(demo_people["projektledare@demo.se"])
        .get(reverse("accounts:people"), {"role": "manager"})
        .content.decode()
    )
    assert "chef.lulea@demo.se" in page and "chef.pitea@demo.se" in page
    assert "socsek.lulea@demo.se" not in page


def test_person_names_a_manager_of_their_own_municipality_only(client_for, demo_people):
    sara = demo_people["socsek.lulea@demo.se"]
    client = client_for(sara)
    wrong = client.post(
        reverse("accounts:profile"),
        {"first_name": "Sara", "last_name": "Johansson", "manager": demo_people["chef.pitea@demo.se"].pk},
    )
    assert wrong.status_code == 200 and "Välj ett giltigt alternativ" in wrong.content.decode()
    right = client.post(
        reverse("accounts:profile"),
        {"first_name": "Sara", "last_name": "Johansson", "manager": demo_people["chef.lulea@demo.se"].pk},
    )
    assert right.status_code == 302
    sara.refresh_from_db()
    assert sara.manager.email == "chef.lulea@demo.se"


def test_admin_login_goes_through_allauth(client, norrbotten):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_login_is_rate_limited_after_repeated_failures(client, demo_people):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "socsek.lulea@demo.se", "password": "fel"})
    response = client.post(
        reverse("account_login"), {"login": "socsek.lulea@demo.se", "password": "yrkesresan"}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_pages_are_swedish_even_when_the_browser_asks_for_english(client, norrbotten):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Logga in" in page and "Sign In" not in page


def test_english_when_the_person_chooses_it(client, norrbotten):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in page and "Sign In" in page


def test_the_main_menu_lists_each_roles_pages(client_for, demo_people):
    page = client_for(demo_people["chef.lulea@demo.se"]).get(reverse("accounts:profile")).content.decode()
    assert 'id="menu-manager"' in page
    assert (
        f'href="{reverse("enrollment:queue")}"' in page and f'href="{reverse("municipalities:mine")}"' in page
    )
    assert 'id="menu-project_leader"' not in page


def test_invited_social_workers_and_managers_need_a_municipality(client_for, demo_people):
    response = client_for(demo_people["projektledare@demo.se"]).post(
        reverse("accounts:invite"),
        {
            "email": "utan.kommun@example.se",
            "first_name": "Utan",
            "last_name": "Kommun",
            "roles": ["social_worker"],
        },
    )
    assert "Välj kommun för socialsekreterare och enhetschefer." in response.content.decode()
    assert not User.objects.filter(email="utan.kommun@example.se").exists()
