"""Real identity providers for the single sign-on tests, each a subprocess on a loopback port.

SAML: pysaml2's IdP (scripts/saml_idp.py) with its own key pair. OpenID Connect: the certified npm
`oidc-provider` (tests/accounts/oidc/server.mjs, installed by `npm ci` in that folder). Both pick a free
port themselves and print `READY <url>`. Missing Node packages skip locally and fail in CI.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
OIDC_DIR = Path(__file__).resolve().parent / "oidc"


class IdPProcess:
    def __init__(self, args, env=None, cwd=None):
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=None,  # the IdP's log goes to the test's captured output
            text=True,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError(f"IdP did not start: {line}")
        self.url = line.split(" ", 1)[1].strip()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class SamlIdP(IdPProcess):
    def control(self, **data):
        response = requests.post(f"{self.url}/_control", json=data, timeout=10)
        response.raise_for_status()

    @property
    def metadata(self):
        return requests.get(f"{self.url}/metadata", timeout=10).text

    @property
    def sessions(self):
        """{"sessions": [NameIDs logged in at the IdP], "logouts": [{"sp", "name_id", "signed"}]}."""
        return requests.get(f"{self.url}/_sessions", timeout=10).json()

    @property
    def last_response(self):
        return requests.get(f"{self.url}/_last", timeout=10).text


@pytest.fixture(scope="session")
def saml_idp():
    require_service(shutil.which("xmlsec1") is not None, "xmlsec1 (apt-get install xmlsec1)")
    idp = SamlIdP([sys.executable, str(ROOT / "scripts" / "saml_idp.py"), "--port", "0"])
    yield idp
    idp.stop()


OIDC_CLIENTS = {"lulea": ("portal-lulea", "hemlig-lulea"), "pitea": ("portal-pitea", "hemlig-pitea")}
# The test client's host (see test_sso_saml.HOST) and the live server's, where the browser tests run.
TEST_CLIENT_BASE = "http://127.0.0.1:8107"


class OidcIdP(IdPProcess):
    def users(self, **users):
        requests.post(f"{self.url}/_control", json={"users": users}, timeout=10).raise_for_status()


@pytest.fixture(scope="session")
def oidc_idp(live_server):
    node = shutil.which("node")
    require_service(node is not None, "Node.js (apt-get install nodejs)")
    require_service(
        (OIDC_DIR / "node_modules" / "oidc-provider").exists(),
        "oidc-provider (cd tests/accounts/oidc && npm ci)",
    )
    clients = [
        {
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uris": [
                f"{base}/accounts/oidc/oidc-{slug}/login/callback/"
                for base in (TEST_CLIENT_BASE, live_server.url)
            ],
            # Where its end_session_endpoint may send the browser back after single logout.
            "post_logout_redirect_uris": [f"{base}/" for base in (TEST_CLIENT_BASE, live_server.url)],
        }
        for slug, (client_id, secret) in OIDC_CLIENTS.items()
    ]
    idp = OidcIdP(
        [node, str(OIDC_DIR / "server.mjs")], cwd=OIDC_DIR, env={"OIDC_CLIENTS": json.dumps(clients)}
    )
    yield idp
    idp.stop()


def saml_user(email, first="Anna", last="Berg", title="Socialsekreterare", uid=None, groups=(), mfa=False):
    attributes = {"mail": [email], "givenName": [first], "sn": [last], "title": [title]}
    if groups:
        attributes["eduPersonEntitlement"] = list(groups)
    if mfa:
        attributes["http://schemas.microsoft.com/claims/authnmethodsreferences"] = [
            "http://schemas.microsoft.com/claims/multipleauthn"
        ]
    return {"password": "hemligt", "uid": uid or email, "attributes": attributes}


def oidc_user(email, first="Olle", last="Nilsson", title="Socialsekreterare", groups=()):
    return {"email": email, "given_name": first, "family_name": last, "title": title, "groups": list(groups)}


def idp_metadata_xml(entity_id="https://idp.example.se/metadata", days=365):
    """SAML IdP metadata with a fresh signing certificate valid `days` days, for tests without an IdP."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-IdP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    body = "".join(cert.public_bytes(serialization.Encoding.PEM).decode().splitlines()[1:-1])
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.se/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""
