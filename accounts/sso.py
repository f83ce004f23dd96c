"""Single sign-on per municipality through allauth's SAML 2.0 and OpenID Connect providers.

Each municipality may have one identity provider (IdP). It is stored as allauth's own `SocialApp`
(provider `saml` or `openid_connect`, with everything allauth reads in `SocialApp.settings`) and linked
to the municipality by `IdentityProvider`. The IdP decides the municipality: the login adapter
(`accounts.adapter.SocialAccountAdapter`) asks `municipality_of_app`, never the typed e-mail.

SAML: allauth's provider (python3-saml, strict mode) checks the signature, the audience, the recipient
and destination, the validity window and that the response answers a request this browser started
(`InResponseTo` must match a stashed state, which is used once: a replayed response finds none).
We require signed assertions and refuse IdP-initiated logins.
"""

import datetime
import secrets
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialAccount, SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.sealing import seal, unseal
from core.text import clean_name, one_line

from .models import IdentityProvider

SAML = "saml"
OIDC = "openid_connect"

# Where the fields come from unless the project leader says otherwise: the standard SAML attribute
# names (urn:oid, as Sambi, ADFS and Entra ID can release them) and the standard OIDC claims.
DEFAULT_MAPPING = {
    SAML: {
        "email": "urn:oid:0.9.2342.19200300.100.1.3",
        "first_name": "urn:oid:2.5.4.42",
        "last_name": "urn:oid:2.5.4.4",
        "title": "urn:oid:2.5.4.12",
        "role": "",
    },
    OIDC: {"email": "email", "first_name": "given_name", "last_name": "family_name", "title": "", "role": ""},
}
MAPPED_FIELDS = ("email", "first_name", "last_name", "title", "role")

# Multi-factor authentication asserted by the IdP: OIDC `amr` values (RFC 8176) and the SAML
# authentication-method attribute that ADFS and Entra ID release.
MFA_AMR_VALUES = {"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "pin", "sc"}
SAML_AUTHN_METHODS_ATTRIBUTE = "http://schemas.microsoft.com/claims/authnmethodsreferences"
SAML_MFA_METHODS = {"http://schemas.microsoft.com/claims/multipleauthn"}


class SSOError(ValueError):
    """A single sign-on configuration that cannot be accepted; its message is Swedish and shown as is.

    (Becomes a subclass of core's one domain error type once that lands.)
    """


def org_slug(municipality):
    return slugify(municipality.name) or str(municipality.pk)


def may_log_in_through_sso(user):
    """Whether this person may still log in through their municipality's IdP.

    An inactive account never may. A person with an employment history may only while one of their
    employments is still open today (the IdP may be slower to close the account than HR is to end the
    employment); a person with no recorded employment yet (created at their first SSO login) may.
    """
    if not user.is_active:
        return False
    employments = user.employments.all()
    if not employments.exists():
        return True
    today = timezone.localdate()
    return employments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).exists()


def municipality_of_app(app):
    """The municipality whose IdP this SocialApp is, or None (then nobody logs in through it)."""
    link = IdentityProvider.objects.select_related("municipality").filter(app_id=app.pk).first()
    return link.municipality if link else None


def provider_for_domain(domain):
    """The IdentityProvider of the municipality that registered this e-mail domain, or None."""
    return (
        IdentityProvider.objects.select_related("app", "municipality")
        .filter(municipality__email_domains__domain=domain.strip().lower(), enabled=True)
        .first()
    )


def claims_of(app, extra_data):
    """The IdP's claims/attributes as {name: [values]} (SAML keeps lists; OIDC merges token and userinfo)."""
    if app.provider == SAML:
        return {key: list(values) for key, values in (extra_data or {}).items()}
    data = {}
    if isinstance(extra_data, dict) and ("id_token" in extra_data or "userinfo" in extra_data):
        data.update(extra_data.get("id_token") or {})
        data.update(extra_data.get("userinfo") or {})
    else:
        data.update(extra_data or {})
    return {key: value if isinstance(value, list) else [value] for key, value in data.items()}


def mapped_values(app, extra_data):
    """{email, first_name, last_name, title, is_manager, mfa} read through the app's attribute mapping."""
    claims = claims_of(app, extra_data)
    mapping = {**DEFAULT_MAPPING[app.provider], **app.settings.get("yr_mapping", {})}

    def first(field):
        name = mapping.get(field)
        values = claims.get(name) if name else None
        return str(values[0]).strip() if values else ""

    manager_value = (app.settings.get("yr_manager_value") or "").strip()
    role_values = [str(v).strip() for v in claims.get(mapping.get("role") or "", [])]
    if app.provider == SAML:
        mfa = bool(SAML_MFA_METHODS & set(claims.get(SAML_AUTHN_METHODS_ATTRIBUTE, [])))
    else:
        mfa = bool(MFA_AMR_VALUES & {str(v) for v in claims.get("amr", [])})
    # Names and title are cleaned as typed names are (core.forms.NameField): an IdP is input too.
    return {
        "email": first("email").lower(),
        "first_name": clean_name(first("first_name"))[:80].strip(),
        "last_name": clean_name(first("last_name"))[:80].strip(),
        "title": one_line(first("title"))[:120].strip(),
        "is_manager": bool(manager_value) and manager_value in role_values,
        "mfa": mfa,
    }


FORM_ACTION_CACHE_KEY = "sso:form-action-origins"


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def form_action_origins():
    """The origins the login forms' redirects lead to (each IdP's SSO service), for the CSP; cached."""
    origins = cache.get(FORM_ACTION_CACHE_KEY)
    if origins is None:
        origins = sorted(
            {
                origin
                for settings_ in IdentityProvider.objects.filter(enabled=True).values_list(
                    "app__settings", flat=True
                )
                if (origin := (settings_ or {}).get("yr_sso_origin"))
            }
        )
        cache.set(FORM_ACTION_CACHE_KEY, origins, 300)
    return origins


def is_sso_user(user):
    return SocialAccount.objects.filter(user=user, provider__in=_provider_ids()).exists()


def _provider_ids():
    return list(IdentityProvider.objects.values_list("app__provider_id", flat=True))


# --- certificates -------------------------------------------------------------------------------


def certificate_from_text(text):
    """Parse a PEM or bare base64 certificate (as in SAML metadata); None if it is not one."""
    text = (text or "").strip()
    if not text:
        return None
    if "BEGIN CERTIFICATE" not in text:
        body = "".join(text.split())
        text = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
    try:
        return x509.load_pem_x509_certificate(text.encode())
    except ValueError:
        return None


def certificate_expiry(text):
    cert = certificate_from_text(text)
    return cert.not_valid_after_utc.date() if cert else None


def new_sp_key_pair(common_name):
    """A self-signed key pair for the portal as SAML service provider (signs requests, in metadata)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


# --- the SP's private key -------------------------------------------------------------------------

SP_KEY_PURPOSE = b"yrkesresan.accounts.sp-key:"


def sp_private_key(link):
    """The municipality's SP private key (PEM), opened from its sealed copy; "" if there is none."""
    return unseal(link.sp_private_key_sealed, SP_KEY_PURPOSE) if link.sp_private_key_sealed else ""


def attach_sp_key(app):
    """Put the SP's private key into this SocialApp's settings in memory (never saved), for allauth's
    SAML provider to sign with. The stored settings, which the Django admin shows, never hold it."""
    if app.provider != SAML or (app.settings.get("advanced") or {}).get("private_key"):
        return app
    link = IdentityProvider.objects.filter(app_id=app.pk).first() if app.pk else None
    key = sp_private_key(link) if link else ""
    if key:
        app.settings = {**app.settings, "advanced": {**app.settings.get("advanced", {}), "private_key": key}}
    return app


# --- SAML metadata ------------------------------------------------------------------------------


def parse_idp_metadata(*, xml=None, url=None):
    """{entity_id, sso_url, slo_url, x509cert} from an IdP's metadata XML or URL; SSOError if unusable."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    try:
        if url:
            data = OneLogin_Saml2_IdPMetadataParser.parse_remote(url, timeout=10)
        else:
            data = OneLogin_Saml2_IdPMetadataParser.parse(xml)
    except Exception as error:  # noqa: BLE001 — any unreadable metadata gets the same message
        raise SSOError(_("Metadata gick inte att läsa: %(error)s") % {"error": str(error)[:200]}) from error
    idp = data.get("idp") or {}
    cert = idp.get("x509cert") or (idp.get("x509certMulti", {}).get("signing") or [""])[0]
    sso_url = (idp.get("singleSignOnService") or {}).get("url")
    if not idp.get("entityId") or not sso_url:
        raise SSOError(_("Metadata saknar IdP:ns entity id eller inloggningsadress (SingleSignOnService)."))
    if certificate_from_text(cert) is None:
        raise SSOError(_("Metadata saknar ett giltigt signeringscertifikat för IdP:n."))
    return {
        "entity_id": idp["entityId"],
        "sso_url": sso_url,
        "slo_url": (idp.get("singleLogoutService") or {}).get("url", ""),
        "x509cert": cert,
    }


def sp_urls(municipality, base_url=None):
    """The portal's SAML service-provider addresses for this municipality."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    slug = org_slug(municipality)
    return {
        "entity_id": base + reverse("saml_metadata", args=[slug]),
        "acs_url": base + reverse("saml_acs", args=[slug]),
        "sls_url": base + reverse("saml_sls", args=[slug]),
    }


def sp_metadata_xml(app, request, base_url=None):
    """The SP metadata XML as allauth's SAML provider builds it (entity id, ACS, certificate), with the
    addresses under SITE_URL: the file goes to the municipality's IT department, whatever host served it."""
    from allauth.socialaccount.providers.saml.utils import build_saml_config
    from onelogin.saml2.settings import OneLogin_Saml2_Settings

    link = IdentityProvider.objects.select_related("municipality").get(app=app)
    urls = sp_urls(link.municipality, base_url)
    config = build_saml_config(request, saml_settings(app), app.client_id)
    config["sp"]["assertionConsumerService"]["url"] = urls["acs_url"]
    config["sp"]["singleLogoutService"]["url"] = urls["sls_url"]
    onelogin_settings = OneLogin_Saml2_Settings(settings=config, sp_validation_only=True)
    metadata = onelogin_settings.get_sp_metadata()
    errors = onelogin_settings.validate_metadata(metadata)
    if errors:
        raise SSOError(", ".join(errors))
    return metadata.decode() if isinstance(metadata, bytes) else metadata


# --- configuration (the project leader's page calls these) --------------------------------------


def _mapping_settings(mapping, manager_value):
    return {
        "yr_mapping": {field: (mapping.get(field) or "").strip() for field in MAPPED_FIELDS},
        "yr_manager_value": (manager_value or "").strip(),
    }


@transaction.atomic
def configure_saml(
    *, municipality, metadata_xml="", metadata_url="", mapping=None, manager_value="", base_url=None
):
    """Configure (or reconfigure) the municipality's SAML IdP from its metadata; returns IdentityProvider."""
    if not metadata_xml and not metadata_url:
        raise SSOError(_("Ange IdP:ns metadata-adress eller ladda upp dess metadata-fil."))
    idp = parse_idp_metadata(xml=metadata_xml or None, url=metadata_url or None)
    mapping = {**DEFAULT_MAPPING[SAML], **(mapping or {})}
    if not mapping.get("email"):
        raise SSOError(_("Ange vilket attribut som bär e-postadressen."))
    link = IdentityProvider.objects.select_related("app").filter(municipality=municipality).first()
    app = link.app if link and link.app.provider == SAML else None
    if app and link.sp_private_key_sealed:
        key_pem, cert_pem = sp_private_key(link), link.sp_certificate
    else:
        key_pem, cert_pem = new_sp_key_pair(f"Yrkesresan {municipality.name}")
    slug = org_slug(municipality)
    urls = sp_urls(municipality, base_url)
    idp_settings = {"entity_id": idp["entity_id"]}
    if metadata_url:
        # allauth fetches and caches it (4 h) itself; a rotated IdP certificate then just works.
        idp_settings["metadata_url"] = metadata_url
    else:
        idp_settings.update(sso_url=idp["sso_url"], x509cert=idp["x509cert"])
        if idp["slo_url"]:
            idp_settings["slo_url"] = idp["slo_url"]
    allauth_mapping = {
        "uid": [],
        "email": [mapping["email"]],
        "first_name": [mapping["first_name"]] if mapping.get("first_name") else [],
        "last_name": [mapping["last_name"]] if mapping.get("last_name") else [],
    }
    app_settings = {
        "idp": idp_settings,
        "sp": {"entity_id": urls["entity_id"]},
        "attribute_mapping": {key: value for key, value in allauth_mapping.items() if value},
        "verified_email": True,
        "email_authentication": False,
        "yr_sso_origin": _origin(idp["sso_url"]),
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "want_message_signed": False,
            "want_attribute_statement": True,
            "reject_idp_initiated_sso": True,
            "reject_deprecated_algorithm": True,
            "authn_request_signed": True,
            "logout_request_signed": True,
            "logout_response_signed": True,
            # The private key is not here: attach_sp_key adds it in memory when allauth needs it.
            "x509cert": cert_pem,
        },
        **_mapping_settings(mapping, manager_value),
    }
    return _store(
        municipality=municipality,
        link=link,
        app=app,
        provider=SAML,
        provider_id=f"saml-{slug}",
        client_id=slug,
        secret="",
        app_settings=app_settings,
        certificate_expires=certificate_expiry(idp["x509cert"]),
        protocol=IdentityProvider.Protocol.SAML,
        sp_certificate=cert_pem,
        sp_private_key_sealed=seal(key_pem, SP_KEY_PURPOSE),
    )


@transaction.atomic
def configure_oidc(*, municipality, issuer, client_id, secret="", mapping=None, manager_value=""):
    """Configure (or reconfigure) the municipality's OpenID Connect provider; returns IdentityProvider."""
    issuer = (issuer or "").strip().rstrip("/")
    # Plain http only on this machine's loopback (the tests' and the demo's provider).
    loopback = issuer.startswith(("http://127.0.0.1:", "http://localhost:"))
    if not (issuer.startswith("https://") or loopback):
        raise SSOError(_("Utfärdaren (issuer) måste vara en adress som börjar med https://."))
    if not (client_id or "").strip():
        raise SSOError(_("Ange klient-id."))
    link = IdentityProvider.objects.select_related("app").filter(municipality=municipality).first()
    app = link.app if link and link.app.provider == OIDC else None
    if app and not secret:
        secret = app.secret  # an empty secret field keeps the stored one
    mapping = {**DEFAULT_MAPPING[OIDC], **(mapping or {})}
    app_settings = {
        "server_url": issuer,
        "yr_sso_origin": _origin(issuer),
        "verified_email": True,
        "email_authentication": False,
        "oauth_pkce_enabled": True,
        **_mapping_settings(mapping, manager_value),
    }
    return _store(
        municipality=municipality,
        link=link,
        app=app,
        provider=OIDC,
        provider_id=f"oidc-{org_slug(municipality)}",
        client_id=client_id.strip(),
        secret=secret,
        app_settings=app_settings,
        certificate_expires=None,
        protocol=IdentityProvider.Protocol.OIDC,
        sp_certificate="",
        sp_private_key_sealed="",
    )


def _store(*, municipality, link, app, provider, provider_id, client_id, secret, app_settings, **fields):
    if link and link.app.provider != provider:
        # Switching protocol: the old app (and the accounts linked through it) go; people stay.
        old_app = link.app
        link.delete()
        old_app.delete()
        link = None
    if app is None:
        app = SocialApp(provider=provider)
    app.provider_id = provider_id
    app.name = municipality.name
    app.client_id = client_id
    app.secret = secret
    app.settings = app_settings
    app.save()
    if link is None:
        link = IdentityProvider(municipality=municipality, app=app)
    for name, value in fields.items():
        setattr(link, name, value)
    link.enabled = True
    link.save()
    cache.delete(FORM_ACTION_CACHE_KEY)
    return link


def remove_identity_provider(*, municipality):
    link = IdentityProvider.objects.select_related("app").filter(municipality=municipality).first()
    if link is None:
        return False
    app = link.app
    link.delete()
    app.delete()
    cache.delete(FORM_ACTION_CACHE_KEY)
    return True


def random_secret():
    return secrets.token_urlsafe(32)


# --- certificate expiry (the beat task accounts.tasks.warn_expiring_idp_certificates) -------------


def refresh_certificate_expiry(link):
    """Re-read the expiry of an IdP fetched by metadata URL (its certificate may have been rotated)."""
    idp = link.app.settings.get("idp", {})
    if link.protocol != IdentityProvider.Protocol.SAML:
        return link.certificate_expires
    if idp.get("metadata_url"):
        try:
            expires = certificate_expiry(parse_idp_metadata(url=idp["metadata_url"])["x509cert"])
        except SSOError:
            return link.certificate_expires  # unreachable today: keep what we knew
    else:
        expires = certificate_expiry(idp.get("x509cert", ""))
    if expires != link.certificate_expires:
        link.certificate_expires = expires
        link.save(update_fields=["certificate_expires"])
    return expires


def certificates_expiring_soon(today=None):
    """IdPs whose signing certificate expires within the warning window and were not warned about it."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=settings.SSO_CERTIFICATE_WARNING_DAYS)
    links = IdentityProvider.objects.filter(enabled=True, protocol=IdentityProvider.Protocol.SAML)
    due = []
    for link in links.select_related("app", "municipality"):
        expires = refresh_certificate_expiry(link)
        if expires and expires <= limit and link.certificate_warned_for != expires:
            due.append(link)
    return due


# --- single logout (SP-initiated) ---------------------------------------------------------------

LOGOUT_SESSION_KEY = "sso_logout"


def remember_login(request, app, sociallogin):
    """Keep in the session what the IdP needs to end its own session when the person logs out here:
    the app and, for SAML, the NameID the IdP sent (allauth's uid: no uid attribute is mapped)."""
    data = {"app": app.pk}
    if app.provider == SAML:
        data["name_id"] = sociallogin.account.uid
    request.session[LOGOUT_SESSION_KEY] = data


def _oidc_end_session_endpoint(app):
    """The provider's end_session_endpoint from its discovery document (cached), or None."""
    import requests

    issuer = app.settings.get("server_url", "").rstrip("/")
    key = f"sso:oidc-end-session:{issuer}"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5)
            response.raise_for_status()
            endpoint = response.json().get("end_session_endpoint") or ""
        except (requests.RequestException, ValueError):
            return None  # unreachable now: the portal's own session ends anyway; not cached
        cache.set(key, endpoint, 3600)
    return endpoint or None


def logout_redirect_url(request, return_to):
    """Where the browser goes when the person logs out, if they logged in through an IdP that offers
    single logout: a signed SAML LogoutRequest to the IdP's SingleLogoutService, or the OpenID Connect
    provider's end_session_endpoint; the IdP sends them back to `return_to`. None otherwise (no SSO
    login, or no logout at the IdP): the portal's session ends in any case (allauth's logout)."""
    data = request.session.get(LOGOUT_SESSION_KEY)
    if not data:
        return None
    app = SocialApp.objects.filter(pk=data.get("app")).first()
    if app is None:
        return None
    try:
        if app.provider == SAML:
            return _saml_logout_url(request, app, data, return_to)
        if app.provider == OIDC:
            endpoint = _oidc_end_session_endpoint(app)
            if not endpoint:
                return None
            from django.utils.http import urlencode

            query = urlencode({"client_id": app.client_id, "post_logout_redirect_uri": return_to})
            return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    except Exception:  # noqa: BLE001 — a broken IdP must never keep a person logged in here
        import logging

        logging.getLogger(__name__).exception("Single logout request for app %s failed", app.pk)
    return None


def _saml_logout_url(request, app, data, return_to):
    from allauth.socialaccount.providers.saml.utils import build_saml_config, prepare_django_request
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    config = build_saml_config(request, saml_settings(app), app.client_id)
    if not (config["idp"].get("singleLogoutService") or {}).get("url"):
        return None
    auth = OneLogin_Saml2_Auth(prepare_django_request(request), config)
    return auth.logout(return_to=return_to, name_id=data.get("name_id"))


def saml_settings(app):
    """The app's settings as allauth's SAML provider reads them: with the SP's private key."""
    return attach_sp_key(app).settings
