"""Single sign-on in Chromium: the whole login through a real IdP's own login form, per protocol."""

import pytest
import requests

from accounts import sso
from accounts.models import User
from tests.accounts.idps import OIDC_CLIENTS, oidc_idp, oidc_user, saml_idp, saml_user  # noqa: F401
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_with_email(page, email):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-post i kommunen").fill(email)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()


def test_saml_login_through_the_municipalitys_idp(page, live_server, saml_idp, municipality):
    boden = municipality("Boden")
    sso.configure_saml(municipality=boden, metadata_xml=saml_idp.metadata, base_url=live_server.url)
    saml_idp.control(
        sp_metadata=requests.get(f"{live_server.url}/accounts/saml/boden/metadata/", timeout=10).text,
        users={"anna": saml_user("anna.berg@boden.se", title="Socialsekreterare")},
        mode="normal",
    )
    start_with_email(page, "anna.berg@boden.se")
    assert page.url.startswith(saml_idp.url)  # straight to Boden's IdP
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("hemligt")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("button", name="Fortsätt till portalen").click()  # the IdP's POST to the ACS
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    user = User.objects.get(email="anna.berg@boden.se")
    assert user.municipality == boden and user.is_social_worker and not user.has_usable_password()
    assert_accessible(page)
    # Logging out ends the portal session, and the browser takes a signed LogoutRequest to the IdP,
    # which ends its session and sends it back through the portal's SLO address to the start page.
    page.goto("/accounts/logout/")
    page.locator("#main").get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server.url}/")
    state = saml_idp.sessions
    assert state["logouts"][-1]["name_id"] == "anna.berg@boden.se" and state["logouts"][-1]["signed"]
    assert "anna.berg@boden.se" not in state["sessions"]
    assert_accessible(page)
    page.goto("/konto/mina-uppgifter/")
    assert "/accounts/login/" in page.url


def test_openid_connect_login_through_the_municipalitys_provider(page, live_server, oidc_idp, municipality):
    lulea = municipality("Luleå")
    client_id, secret = OIDC_CLIENTS["lulea"]
    sso.configure_oidc(municipality=lulea, issuer=oidc_idp.url, client_id=client_id, secret=secret)
    oidc_idp.users(olle=oidc_user("olle.nilsson@lulea.se"))
    start_with_email(page, "olle.nilsson@lulea.se")
    assert page.url.startswith(oidc_idp.url)
    page.locator("input[name=login]").fill("olle")
    page.locator("input[name=password]").fill("vad-som-helst")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    user = User.objects.get(email="olle.nilsson@lulea.se")
    assert user.municipality == lulea and (user.first_name, user.last_name) == ("Olle", "Nilsson")
