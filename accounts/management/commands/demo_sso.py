"""Connect the demo municipality Boden to the local demo IdP (scripts/saml_idp.py), for `make run`.

Only with DEBUG on. Makes the demo IdP's key pair under var/demo-idp/ once (the IdP started by
`make run` signs with it) and configures Boden's SAML login from the matching metadata. Idempotent.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import sso
from accounts.models import IdentityProvider
from municipalities.models import Municipality

DEMO_MUNICIPALITY = "Boden"


def demo_idp_metadata(base, cert_pem):
    body = "".join(line for line in cert_pem.strip().splitlines() if "CERTIFICATE" not in line)
    redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{base}/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="{redirect}" Location="{base}/slo/redirect"/>
    <md:SingleSignOnService Binding="{redirect}" Location="{base}/sso/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


class Command(BaseCommand):
    help = "Kopplar demokommunen Boden till den lokala demo-IdP:n (bara med DEBUG på)."

    def add_arguments(self, parser):
        parser.add_argument("--idp-port", type=int, default=8001)
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "var" / "demo-idp"))

    def handle(self, *args, idp_port, folder, **options):
        if not settings.DEBUG:
            raise CommandError("demo_sso är bara för en bärbar dator med DEBUG på.")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        key_path, cert_path = folder / "idp.key", folder / "idp.crt"
        if not (key_path.exists() and cert_path.exists()):
            key_pem, cert_pem = sso.new_sp_key_pair("Demo-IdP Boden")
            key_path.write_text(key_pem)
            key_path.chmod(0o600)
            cert_path.write_text(cert_pem)
        base = f"http://127.0.0.1:{idp_port}"
        boden = Municipality.objects.get(name=DEMO_MUNICIPALITY)
        link = IdentityProvider.objects.filter(municipality=boden).select_related("app").first()
        wanted = {"entity_id": f"{base}/metadata", "x509cert": cert_path.read_text()}
        idp = link.app.settings.get("idp", {}) if link else {}
        if link is None or idp.get("entity_id") != wanted["entity_id"] or not _same_cert(idp, wanted):
            sso.configure_saml(
                municipality=boden,
                metadata_xml=demo_idp_metadata(base, cert_path.read_text()),
                mapping={"role": "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"},
                manager_value="urn:yrkesresan:ifo-chef",
            )
        # The demo IdP reads the portal's SP metadata (--sp-metadata in the Makefile): it checks the
        # signature of the portal's logout requests with its certificate and answers its SLO address.
        link = IdentityProvider.objects.select_related("app").get(municipality=boden)
        (folder / "sp-boden.xml").write_text(sso.sp_metadata_xml(link.app, _request()))
        self.stdout.write(
            f"SSO-demo: {DEMO_MUNICIPALITY} loggar in via demo-IdP:n på {base} "
            "(anna.lind@boden.se eller chef@boden.se, användare anna/chef, lösenord yrkesresan)"
        )


def _same_cert(idp, wanted):
    def norm(text):
        return "".join(line for line in (text or "").splitlines() if "CERTIFICATE" not in line).replace(
            " ", ""
        )

    return norm(idp.get("x509cert")) == norm(wanted["x509cert"])


def _request():
    """A request for SITE_URL's host: allauth builds the SP's addresses from one (sso.sp_metadata_xml
    then puts them under SITE_URL)."""
    from urllib.parse import urlsplit

    from django.http import HttpRequest

    parts = urlsplit(settings.SITE_URL)
    request = HttpRequest()
    request.META = {
        "HTTP_HOST": parts.netloc,
        "SERVER_NAME": parts.hostname,
        "SERVER_PORT": str(parts.port or 80),
        "PATH_INFO": "/",
    }
    return request
