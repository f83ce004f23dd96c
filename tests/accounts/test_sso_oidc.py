"""OpenID Connect single sign-on against a real provider (npm oidc-provider in a subprocess).

The portal runs in the Django test client; the provider's own login form is filled in over HTTP, and
the portal exchanges the code with the provider for real (token endpoint, JWKS, userinfo).
"""

import html
import re
from urllib.parse import urljoin, urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from accounts import sso
from accounts.models import User
from tests.accounts.idps import OIDC_CLIENTS, TEST_CLIENT_BASE, oidc_idp, oidc_user  # noqa: F401

pytestmark = pytest.mark.django_db
HOST = urlparse(TEST_CLIENT_BASE).netloc


@pytest.fixture
def client():
    from django.test import Client

    return Client(HTTP_HOST=HOST)


@pytest.fixture
def lulea(municipality, oidc_idp):
    lulea = municipality("Luleå")
    client_id, secret = OIDC_CLIENTS["lulea"]
    sso.configure_oidc(
        municipality=lulea,
        issuer=oidc_idp.url,
        client_id=client_id,
        secret=secret,
        mapping={"title": "title", "role": "groups"},
        manager_value="IFO-chef",
    )
    return lulea


def oidc_login(client, idp, username, slug="lulea"):
    """Start at the portal, log in at the provider's form, hand the code back to the portal."""
    start = client.post(f"/accounts/oidc/oidc-{slug}/login/")
    assert start.status_code == 302, start.content[:500]
    browser = client.idp_browser = requests.Session()  # the browser's cookies at the provider
    location = start["Location"]
    assert location.startswith(idp.url)
    for _ in range(10):
        response = browser.get(location, allow_redirects=False, timeout=10)
        if response.status_code == 200:
            action = html.unescape(re.search(r'action="([^"]+)"', response.text).group(1))
            hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
            response = browser.post(
                urljoin(location, action),
                data={**hidden, "login": username, "password": "vad-som-helst"},
                allow_redirects=False,
                timeout=10,
            )
        assert "Location" in response.headers, (response.status_code, response.text[:500])
        location = urljoin(location, response.headers["Location"])
        if location.startswith(TEST_CLIENT_BASE):
            break
    else:
        raise AssertionError("the provider never sent the browser back")
    parsed = urlparse(location)
    finished = client.get(f"{parsed.path}?{parsed.query}")
    return finished


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_login_creates_the_person_in_the_providers_municipality(client, lulea, oidc_idp):
    oidc_idp.users(olle=oidc_user("olle.nilsson@lulea.se"))
    finished = oidc_login(client, oidc_idp, "olle")
    assert finished.status_code == 302, finished.content[:2000]
    user = User.objects.get(email="olle.nilsson@lulea.se")
    assert logged_in_user(client) == user
    assert user.municipality == lulea and user.is_social_worker and not user.is_manager
    assert (user.first_name, user.last_name, user.title) == ("Olle", "Nilsson", "Socialsekreterare")
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).provider == "oidc-lulea"


def test_the_groups_claim_maps_to_manager(client, lulea, oidc_idp):
    oidc_idp.users(chef=oidc_user("chef.ny@lulea.se", groups=["alla", "IFO-chef"]))
    oidc_login(client, oidc_idp, "chef")
    user = User.objects.get(email="chef.ny@lulea.se")
    assert user.is_manager and not user.is_social_worker


def test_an_existing_account_is_linked(client, lulea, oidc_idp, make_person):
    person = make_person(email="olle.nilsson@lulea.se", municipality=lulea)
    oidc_idp.users(olle=oidc_user("olle.nilsson@lulea.se", last="Lundberg"))
    oidc_login(client, oidc_idp, "olle")
    person.refresh_from_db()
    assert logged_in_user(client) == person and person.last_name == "Lundberg"
    assert User.objects.filter(email="olle.nilsson@lulea.se").count() == 1


def test_another_municipalitys_address_is_refused(client, lulea, oidc_idp):
    oidc_idp.users(per=oidc_user("per@pitea.se"))
    before = User.objects.count()
    finished = oidc_login(client, oidc_idp, "per")
    assert finished.status_code == 403
    assert "hör inte till Luleå" in finished.content.decode()
    assert User.objects.count() == before and logged_in_user(client) is None


def test_logging_out_ends_the_providers_session_through_its_end_session_endpoint(client, lulea, oidc_idp):
    """RP-initiated logout (OpenID Connect): the portal's session ends, the browser goes to the provider's
    end_session_endpoint (from its discovery document), which ends its session and sends it back."""
    oidc_idp.users(olle=oidc_user("olle.nilsson@lulea.se"))
    oidc_login(client, oidc_idp, "olle")
    browser = client.idp_browser
    assert logged_in_user(client) is not None

    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    location = out["Location"]
    assert location.startswith(f"{oidc_idp.url}/session/end?") and "client_id=portal-lulea" in location
    assert logged_in_user(client) is None  # the portal's own session ends whatever the provider does

    confirm = browser.get(location, timeout=10)
    assert confirm.status_code == 200, confirm.text[:500]
    action = html.unescape(re.search(r'action="([^"]+)"', confirm.text).group(1))
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', confirm.text))
    done = browser.post(urljoin(location, action), data={**hidden, "logout": "yes"}, allow_redirects=False)
    assert done.status_code in (302, 303), done.text[:500]
    assert done.headers["Location"] == f"{TEST_CLIENT_BASE}/"

    # Logging in again, the provider asks for the password: its session has ended too.
    start = client.post("/accounts/oidc/oidc-lulea/login/")
    response, url = None, start["Location"]
    for _ in range(5):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code != 302 and response.status_code != 303:
            break
        url = urljoin(url, response.headers["Location"])
        assert url.startswith(oidc_idp.url), url  # not straight back to the portal
    assert response.status_code == 200 and 'name="login"' in response.text
