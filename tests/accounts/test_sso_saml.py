"""SAML 2.0 single sign-on against a real IdP (pysaml2 in a subprocess, its own key pair).

The portal's side runs in the Django test client; the IdP's login form is filled in over HTTP and the
response it signs is posted to the portal's ACS exactly as the browser's auto-post would.
"""

import html
import re
from urllib.parse import urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from accounts import sso
from accounts.models import User
from tests.accounts.idps import saml_idp, saml_user  # noqa: F401

pytestmark = pytest.mark.django_db

# python3-saml refuses single-label host names such as Django's "testserver".
HOST = "127.0.0.1:8107"
BASE = f"http://{HOST}"


@pytest.fixture
def client():
    from django.test import Client

    return Client(HTTP_HOST=HOST)


@pytest.fixture
def boden(municipality, saml_idp, client):
    """Boden configured with the test IdP from its metadata XML, the SP registered at the IdP."""
    boden = municipality("Boden")
    sso.configure_saml(
        municipality=boden,
        metadata_xml=saml_idp.metadata,
        mapping={"role": "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"},
        manager_value="urn:yrkesresan:ifo-chef",
        base_url=BASE,
    )
    metadata = client.get("/accounts/saml/boden/metadata/")
    assert metadata.status_code == 200
    saml_idp.control(sp_metadata=metadata.content.decode(), mode="normal")
    return boden


def idp_users(idp, **users):
    idp.control(users=users)


def login_at_idp(client, idp, username, slug="boden", mode="normal"):
    """Start at the portal, log in at the IdP; returns the IdP's auto-post form (acs, response, relay)."""
    idp.control(mode=mode)
    start = client.post(f"/accounts/saml/{slug}/login/")
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(idp.url)
    browser = requests.Session()
    form = browser.get(start["Location"], timeout=10)
    assert form.status_code == 200, form.text
    ticket = re.search(r'name="ticket" value="([^"]+)"', form.text).group(1)
    posted = browser.post(
        f"{idp.url}/sso/login",
        data={"ticket": ticket, "username": username, "password": "hemligt"},
        timeout=10,
    )
    assert posted.status_code == 200, posted.text
    return {
        "acs": html.unescape(re.search(r'action="([^"]+)"', posted.text).group(1)),
        "SAMLResponse": re.search(r'name="SAMLResponse" value="([^"]+)"', posted.text).group(1),
        "RelayState": html.unescape(re.search(r'name="RelayState" value="([^"]*)"', posted.text).group(1)),
    }


def post_to_acs(client, form, acs=None):
    acs_path = urlparse(acs or form["acs"]).path
    response = client.post(acs_path, {"SAMLResponse": form["SAMLResponse"], "RelayState": form["RelayState"]})
    assert response.status_code == 302
    return client.get(response["Location"])


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_login_creates_a_social_worker_in_the_idps_municipality(client, boden, saml_idp):
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se", title="Socialsekreterare barn"))
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    assert finished.status_code == 302, finished.content[:2000]
    user = User.objects.get(email="anna.berg@boden.se")
    assert logged_in_user(client) == user
    assert user.municipality == boden
    assert user.is_social_worker and not user.is_manager
    assert (user.first_name, user.last_name, user.title) == ("Anna", "Berg", "Socialsekreterare barn")
    assert not user.has_usable_password()
    assert SocialAccount.objects.filter(user=user, provider="saml-boden").count() == 1


def counts():
    return User.objects.count(), SocialAccount.objects.count()


def test_an_existing_password_account_is_linked_not_duplicated(client, boden, saml_idp, make_person):
    from allauth.account.models import EmailAddress

    person = make_person(email="anna.berg@boden.se", municipality=boden, first_name="A", title="")
    person.set_password("ett-gammalt-losenord")
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    idp_users(saml_idp, anna=saml_user("Anna.Berg@boden.se"))
    before = User.objects.count()
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    person.refresh_from_db()
    assert logged_in_user(client) == person
    assert User.objects.count() == before
    assert SocialAccount.objects.get(provider="saml-boden").user == person
    assert (person.first_name, person.title) == ("Anna", "Socialsekreterare")
    assert not person.has_usable_password()  # SSO users have no portal password


def test_name_and_title_follow_the_idp_on_every_login(client, boden, saml_idp):
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    client.post("/accounts/logout/")
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se", last="Lind", title="Enhetschef"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    user = User.objects.get(email="anna.berg@boden.se")
    assert logged_in_user(client) == user
    assert (user.last_name, user.title) == ("Lind", "Enhetschef")
    assert User.objects.filter(email__startswith="anna.berg").count() == 1


def test_the_mapped_role_value_makes_a_manager(client, boden, saml_idp):
    idp_users(saml_idp, chef=saml_user("chef@boden.se", groups=["urn:yrkesresan:ifo-chef", "alla"]))
    post_to_acs(client, login_at_idp(client, saml_idp, "chef"))
    user = User.objects.get(email="chef@boden.se")
    assert user.is_manager and not user.is_social_worker
    assert user.municipality == boden


def test_an_address_outside_the_municipalitys_domains_is_refused(client, boden, saml_idp):
    idp_users(saml_idp, lars=saml_user("lars@lulea.se"))
    before = counts()
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "lars"))
    assert finished.status_code == 403
    assert "hör inte till Boden" in finished.content.decode()
    assert counts() == before and logged_in_user(client) is None


def test_the_idp_decides_the_municipality_not_the_address(client, boden, saml_idp, municipality, make_person):
    """Boden's IdP can never log in a person of Luleå, even one whose address is in boden.se."""
    lulea_person = make_person(email="flyttad@boden.se", municipality=municipality("Luleå"))
    idp_users(saml_idp, flyttad=saml_user("flyttad@boden.se"))
    before = counts()
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "flyttad"))
    assert finished.status_code == 403
    assert counts() == before and logged_in_user(client) is None
    lulea_person.refresh_from_db()
    assert lulea_person.municipality.name == "Luleå"


def test_an_assertion_for_another_municipalitys_sp_is_refused(client, boden, saml_idp, municipality):
    """Luleå has its own SP at the same IdP: its assertion posted to Boden's ACS is wrongly addressed."""
    lulea = municipality("Luleå")
    sso.configure_saml(municipality=lulea, metadata_xml=saml_idp.metadata, base_url=BASE)
    lulea_sp = sso.sp_urls(lulea, BASE)["entity_id"]
    saml_idp.control(sp_metadata=client.get("/accounts/saml/lulea/metadata/").content.decode())
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    before = counts()
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "anna", mode=f"audience:{lulea_sp}"))
    assert finished.status_code == 401
    assert counts() == before and logged_in_user(client) is None


# Each bad response is refused by allauth/python3-saml for its own reason (read from allauth's log).
BAD_RESPONSES = {
    "unsigned": "not signed",
    "tampered": "Signature validation failed",
    "expired": "expired",
    "audience:https://annan-tjanst.example.se/metadata": "is not a valid audience",
    "recipient": "instead of",
}


@pytest.mark.parametrize("mode", list(BAD_RESPONSES))
def test_a_bad_response_is_refused_and_creates_nothing(client, boden, saml_idp, mode, caplog):
    reason = BAD_RESPONSES[mode]
    if mode == "recipient":
        mode = f"recipient:{BASE}/accounts/saml/lulea/acs/"
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    before = counts()
    form = login_at_idp(client, saml_idp, "anna", mode=mode)
    with caplog.at_level("ERROR", logger="allauth.socialaccount.providers.saml.views"):
        finished = post_to_acs(client, form, acs=f"{BASE}/accounts/saml/boden/acs/")
    assert finished.status_code == 401
    assert logged_in_user(client) is None, mode
    assert counts() == before
    assert reason.lower() in caplog.text.lower(), caplog.text


def test_a_replayed_response_is_refused(client, boden, saml_idp):
    from django.test import Client

    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    form = login_at_idp(client, saml_idp, "anna")
    post_to_acs(client, form)
    assert logged_in_user(client) is not None
    client.post("/accounts/logout/")
    assert logged_in_user(client) is None
    # The same browser, and a stranger's, post the captured response again.
    post_to_acs(client, form)
    assert logged_in_user(client) is None
    stranger = Client(HTTP_HOST=HOST)
    post_to_acs(stranger, form)
    assert logged_in_user(stranger) is None
    assert User.objects.filter(email="anna.berg@boden.se").count() == 1


def test_an_inactive_person_cannot_log_in_through_sso(client, boden, saml_idp):
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    client.post("/accounts/logout/")
    User.objects.filter(email="anna.berg@boden.se").update(is_active=False)  # employment ended
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    assert finished.status_code == 403
    assert logged_in_user(client) is None


def test_an_sso_person_cannot_log_in_with_a_portal_password(client, boden, saml_idp):
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    client.post("/accounts/logout/")
    user = User.objects.get(email="anna.berg@boden.se")
    user.set_password("satt-via-glomt-losenord")
    user.save()
    response = client.post("/accounts/login/", {"login": user.email, "password": "satt-via-glomt-losenord"})
    assert logged_in_user(client) is None
    assert response.status_code == 403


def test_the_sp_metadata_validates_as_saml_metadata(client, boden):
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

    xml = client.get("/accounts/saml/boden/metadata/").content
    result = OneLogin_Saml2_XML.validate_xml(xml, "saml-schema-metadata-2.0.xsd")
    assert not isinstance(result, str), result
    text = xml.decode()
    assert f'entityID="{BASE}/accounts/saml/boden/metadata/"' in text
    assert f'Location="{BASE}/accounts/saml/boden/acs/"' in text
    assert "<ds:X509Certificate>" in text and 'WantAssertionsSigned="true"' in text


@pytest.mark.parametrize("idp_mfa", [False, True])
def test_a_project_leader_keeps_the_portals_second_factor_unless_the_idp_asserts_mfa(
    client, boden, saml_idp, make_person, idp_mfa
):
    from accounts.demo import ensure_totp

    leader = make_person(email="ledare@boden.se", municipality=boden, is_project_leader=True)
    ensure_totp(leader)
    idp_users(saml_idp, ledare=saml_user("ledare@boden.se", mfa=idp_mfa))
    finished = post_to_acs(client, login_at_idp(client, saml_idp, "ledare"))
    if idp_mfa:
        assert logged_in_user(client) == leader
        assert client.get("/").status_code == 200  # no detour to the MFA set-up either
    else:
        assert finished["Location"].startswith("/accounts/2fa/authenticate/")
        assert logged_in_user(client) is None


def test_names_from_the_idp_are_cleaned_like_typed_names(client, boden, saml_idp):
    """Given and family names (and the title) from the IdP go through core.text.clean_name, as form
    input does: a carriage return from the IdP can never reach an e-mail header."""
    idp_users(
        saml_idp,
        anna=saml_user(
            "anna.berg@boden.se", first="Anna\r\nBcc: x@example.se", last=" Berg\u200b ", title="Chef\tIFO"
        ),
    )
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    user = User.objects.get(email="anna.berg@boden.se")
    assert (user.first_name, user.last_name, user.title) == ("Anna Bcc: x@example.se", "Berg", "Chef IFO")
    # And on a later login, when the name follows the IdP.
    client.post("/accounts/logout/")
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se", first="Anna\u2028", last="Lind\u200e"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Anna", "Lind")


def test_logging_out_sends_a_signed_logout_request_and_ends_the_idps_session(client, boden, saml_idp):
    """SP-initiated single logout: the portal's session ends, the browser takes a signed LogoutRequest to
    the IdP, the IdP ends its session and answers the portal's SingleLogoutService."""
    idp_users(saml_idp, anna=saml_user("anna.berg@boden.se"))
    post_to_acs(client, login_at_idp(client, saml_idp, "anna"))
    assert logged_in_user(client) is not None
    assert "anna.berg@boden.se" in saml_idp.sessions["sessions"]

    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert out["Location"].startswith(f"{saml_idp.url}/slo/redirect?SAMLRequest=")
    assert "Signature=" in out["Location"]
    assert logged_in_user(client) is None  # the portal's own session ends whatever the IdP does

    at_idp = requests.get(out["Location"], allow_redirects=False, timeout=10)
    assert at_idp.status_code == 302, at_idp.text
    state = saml_idp.sessions
    assert state["logouts"][-1] == {
        "sp": f"{BASE}/accounts/saml/boden/metadata/",
        "name_id": "anna.berg@boden.se",
        "signed": True,
    }
    assert "anna.berg@boden.se" not in state["sessions"]
    back = urlparse(at_idp.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == f"{BASE}/accounts/saml/boden/sls/"
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 302 and done["Location"] == "/"


def test_without_single_logout_at_the_idp_the_portal_session_still_ends(client, municipality, make_person):
    from tests.accounts.idps import idp_metadata_xml

    lulea = municipality("Luleå")
    link = sso.configure_saml(municipality=lulea, metadata_xml=idp_metadata_xml(), base_url=BASE)
    person = make_person(municipality=lulea)
    client.force_login(person)
    session = client.session
    session[sso.LOGOUT_SESSION_KEY] = {"app": link.app_id, "name_id": person.email}
    session.save()
    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and out["Location"] == "/"
    assert logged_in_user(client) is None


def test_the_demo_idp_of_make_run_logs_boden_out_too(municipality, settings, tmp_path):
    """`make run`: demo_sso connects Boden and writes the SP metadata the demo IdP is started with, so
    the demo IdP accepts the portal's signed logout request (an IdP without it answers 400)."""
    import socket
    import sys

    from django.core.management import call_command
    from django.test import Client

    from tests.accounts.idps import ROOT, SamlIdP

    settings.DEBUG = True
    settings.SITE_URL = BASE
    municipality("Boden")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    call_command("demo_sso", idp_port=port, folder=str(tmp_path))
    assert "SingleLogoutService" in (tmp_path / "sp-boden.xml").read_text()
    idp = SamlIdP(
        [
            sys.executable,
            str(ROOT / "scripts" / "saml_idp.py"),
            *("--port", str(port), "--key", str(tmp_path / "idp.key"), "--cert", str(tmp_path / "idp.crt")),
            *("--sp-metadata", str(tmp_path / "sp-boden.xml")),
        ]
    )
    try:
        client = Client(HTTP_HOST=HOST)
        idp_users(idp, anna=saml_user("anna.lind@boden.se"))
        post_to_acs(client, login_at_idp(client, idp, "anna"))
        assert logged_in_user(client) is not None
        out = client.post("/accounts/logout/")
        at_idp = requests.get(out["Location"], allow_redirects=False, timeout=10)
        assert at_idp.status_code == 302, at_idp.text
        assert idp.sessions["logouts"][-1]["signed"] is True
    finally:
        idp.stop()
