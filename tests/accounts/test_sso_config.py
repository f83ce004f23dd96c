"""The project leader's single sign-on pages, the e-mail-first login start, and the certificate warning."""

import datetime

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import sso
from accounts.models import IdentityProvider
from accounts.tasks import warn_expiring_idp_certificates
from tests.accounts.idps import idp_metadata_xml

pytestmark = pytest.mark.django_db

MAPPING = {
    "email": "urn:oid:0.9.2342.19200300.100.1.3",
    "first_name": "urn:oid:2.5.4.42",
    "last_name": "urn:oid:2.5.4.4",
    "title": "",
    "role": "",
    "manager_value": "",
}


@pytest.fixture
def leader_client(client, demo_people):
    client.force_login(demo_people["projektledare@demo.se"])
    return client


def test_the_project_leader_configures_saml_from_uploaded_metadata(leader_client, municipality):
    boden = municipality("Boden")
    upload = SimpleUploadedFile("idp.xml", idp_metadata_xml(days=200).encode(), content_type="text/xml")
    response = leader_client.post(
        f"/konto/inloggning/{boden.pk}/", {"protocol": "saml", "metadata_file": upload, **MAPPING}
    )
    assert response.status_code == 302
    link = IdentityProvider.objects.get(municipality=boden)
    app = link.app
    assert (app.provider, app.client_id, app.provider_id) == ("saml", "boden", "saml-boden")
    assert app.settings["idp"]["entity_id"] == "https://idp.example.se/metadata"
    assert app.settings["advanced"]["want_assertion_signed"] is True
    assert app.settings["advanced"]["reject_idp_initiated_sso"] is True
    # The test certificate is made in UTC: compare with the UTC date (near midnight Swedish time differs).
    utc_today = datetime.datetime.now(datetime.UTC).date()
    assert link.certificate_expires == utc_today + datetime.timedelta(days=200)
    page = leader_client.get(f"/konto/inloggning/{boden.pk}/").content.decode()
    assert "https://idp.example.se/metadata" in page and "/accounts/saml/boden/acs/" in page
    download = leader_client.get(f"/konto/inloggning/{boden.pk}/sp-metadata.xml")
    assert download["Content-Disposition"] == 'attachment; filename="yrkesresan-sp-boden.xml"'
    assert b"AssertionConsumerService" in download.content


def test_the_project_leader_configures_openid_connect(leader_client, municipality):
    pitea = municipality("Piteå")
    response = leader_client.post(
        f"/konto/inloggning/{pitea.pk}/",
        {
            "protocol": "oidc",
            "issuer": "https://login.pitea.se",
            "client_id": "yrkesresan",
            "secret": "s3cret",
            "email": "email",
            "first_name": "given_name",
            "last_name": "family_name",
            "role": "groups",
            "manager_value": "IFO-chef",
        },
    )
    assert response.status_code == 302
    app = SocialApp.objects.get(provider="openid_connect")
    assert (app.provider_id, app.client_id, app.secret) == ("oidc-pitea", "yrkesresan", "s3cret")
    assert app.settings["server_url"] == "https://login.pitea.se"
    assert app.settings["yr_manager_value"] == "IFO-chef"
    # An empty secret on the next save keeps the stored one.
    leader_client.post(
        f"/konto/inloggning/{pitea.pk}/",
        {"protocol": "oidc", "issuer": "https://login.pitea.se", "client_id": "yrkesresan", "email": "email"},
    )
    assert SocialApp.objects.get(pk=app.pk).secret == "s3cret"


def test_unreadable_metadata_is_refused_in_swedish_and_nothing_is_stored(leader_client, municipality):
    boden = municipality("Boden")
    upload = SimpleUploadedFile("idp.xml", b"<inte-metadata/>", content_type="text/xml")
    response = leader_client.post(
        f"/konto/inloggning/{boden.pk}/", {"protocol": "saml", "metadata_file": upload, **MAPPING}
    )
    assert response.status_code == 200
    assert "Metadata" in response.content.decode()
    assert not SocialApp.objects.exists() and not IdentityProvider.objects.exists()


def test_others_may_not_configure(client, demo_people, municipality):
    client.force_login(demo_people["chef.lulea@demo.se"])
    assert client.get(f"/konto/inloggning/{municipality('Boden').pk}/").status_code == 403


def test_an_address_of_a_municipality_with_sso_goes_straight_to_its_idp(municipality):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1:8107")  # python3-saml refuses the single-label "testserver"
    sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml())
    response = client.post("/konto/logga-in-med-kommunen/", {"email": "Anna@Boden.se"})
    assert response.status_code == 302
    assert response["Location"].startswith("https://idp.example.se/sso?SAMLRequest=")
    other = client.post("/konto/logga-in-med-kommunen/", {"email": "anna@kiruna.se"})
    assert other.status_code == 302 and other["Location"].startswith("/accounts/login/")


def test_the_login_page_offers_the_municipalities_with_sso(client, municipality):
    sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml())
    page = client.get("/accounts/login/").content.decode()
    assert "Logga in med din kommun" in page
    assert 'action="/accounts/saml/boden/login/"' in page


def test_the_certificate_warning_is_sent_once_30_days_ahead(municipality, demo_people, settings):
    settings.SSO_CERTIFICATE_WARNING_DAYS = 30
    sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml(days=20))
    sso.configure_saml(municipality=municipality("Kiruna"), metadata_xml=idp_metadata_xml(days=90))
    mail.outbox.clear()
    assert warn_expiring_idp_certificates() == 1
    assert [m.to for m in mail.outbox] == [["projektledare@demo.se"]]
    assert "Boden" in mail.outbox[0].subject
    assert warn_expiring_idp_certificates() == 0
    assert len(mail.outbox) == 1
    # A new certificate that also expires soon is a new warning.
    sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml(days=25))
    assert warn_expiring_idp_certificates() == 1


def test_anonymising_a_person_removes_their_sso_link(demo_people, municipality):
    from accounts.services import person_anonymise

    link = sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml())
    person = demo_people["styrgrupp@demo.se"]
    SocialAccount.objects.create(
        user=person, provider=link.app.provider_id, uid="x", extra_data={"mail": ["a"]}
    )
    person_anonymise(person, by=demo_people["projektledare@demo.se"])
    assert not SocialAccount.objects.filter(user=person).exists()


def test_the_login_pages_csp_lets_the_forms_lead_to_the_idps_only_there(client, municipality):
    sso.configure_saml(municipality=municipality("Boden"), metadata_xml=idp_metadata_xml())
    login_csp = client.get("/accounts/login/")["Content-Security-Policy"]
    form_action = next(part for part in login_csp.split(";") if "form-action" in part)
    assert "'self'" in form_action and "https://idp.example.se" in form_action
    other_csp = client.get("/")["Content-Security-Policy"]
    assert "idp.example.se" not in other_csp


def test_the_sp_certificate_is_shown_with_its_expiry_and_the_private_key_nowhere(
    leader_client, municipality, admin_client
):
    """The project leader sees the portal's SP certificate and when it expires; its private key is
    neither on that page nor in the SocialApp's settings (which the Django admin shows) nor in the
    database in the clear."""
    from django.db import connection

    boden = municipality("Boden")
    link = sso.configure_saml(municipality=boden, metadata_xml=idp_metadata_xml())
    page = leader_client.get(f"/konto/inloggning/{boden.pk}/").content.decode()
    certificate = link.sp_certificate
    assert "BEGIN CERTIFICATE" in certificate
    assert "".join(certificate.splitlines()[1:3]) in "".join(page.split())
    expires = sso.certificate_expiry(certificate)
    assert expires > datetime.date.today() + datetime.timedelta(days=3000)
    from django.utils.formats import date_format

    assert "SP-certifikatet går ut" in page and date_format(expires, "DATE_FORMAT") in page
    assert "PRIVATE KEY" not in page

    app = SocialApp.objects.get(pk=link.app_id)
    assert "PRIVATE KEY" not in str(app.settings)
    admin_page = admin_client.get(f"/admin/socialaccount/socialapp/{app.pk}/change/")
    assert admin_page.status_code == 200 and "PRIVATE KEY" not in admin_page.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_identityprovider")
        rows = str(cursor.fetchall())
        cursor.execute("SELECT settings FROM socialaccount_socialapp")
        rows += str(cursor.fetchall())
    assert "PRIVATE KEY" not in rows
    # The key still signs: the login request to the IdP is signed, and reconfiguring keeps the key pair.
    again = sso.configure_saml(municipality=boden, metadata_xml=idp_metadata_xml())
    assert again.sp_certificate == certificate
    assert "PRIVATE KEY" in sso.saml_settings(again.app)["advanced"]["private_key"]


def test_names_from_an_openid_connect_provider_are_cleaned_like_typed_names():
    """The same cleaning as core.forms.NameField for the OIDC claims (the SAML path is tested against
    the real IdP in test_sso_saml.py)."""
    app = SocialApp(provider=sso.OIDC, settings={})
    claims = {
        "email": "Olle@Lulea.se",
        "given_name": "Olle\r\nBcc: x@example.se",
        "family_name": "Nilsson\u200b",
    }
    values = sso.mapped_values(app, {"id_token": {}, "userinfo": claims})
    assert (values["email"], values["first_name"], values["last_name"]) == (
        "olle@lulea.se",
        "Olle Bcc: x@example.se",
        "Nilsson",
    )
