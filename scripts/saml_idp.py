"""A small, real SAML 2.0 identity provider (pysaml2) for the tests and the laptop demo.

    python scripts/saml_idp.py --port 0 --users users.json [--sp-metadata sp.xml ...]

It binds 127.0.0.1 (port 0 lets the OS choose), makes its own key pair unless --key/--cert are given,
prints `READY <base url>` on stdout and serves:

    GET  /metadata          the IdP's metadata (entity id, SSO and SLO endpoints, signing certificate)
    GET  /sso/redirect      an AuthnRequest (HTTP-Redirect binding) -> a login form
    POST /sso/login         user name + password -> a signed Response, auto-posted to the SP's ACS
    GET  /slo/redirect      a LogoutRequest (HTTP-Redirect, signed with the SP's key from its metadata;
                            unsigned or badly signed: 400) -> ends the IdP session, a LogoutResponse
                            back to the SP's SingleLogoutService
    GET  /_sessions         (tests only, JSON) the NameIDs logged in here and the logout requests seen
    POST /_control          (tests only, JSON) {"sp_metadata": xml} registers an SP;
                            {"mode": m} shapes the NEXT response: normal, unsigned, tampered, expired,
                            audience:<entity id>, recipient:<url>; {"users": {...}} replaces the users
    GET  /_last             the last SAMLResponse it issued (base64), for the replay test

Users (JSON): {"anna": {"password": "…", "attributes": {"mail": ["anna@boden.se"], "givenName": [...],
"sn": [...], "title": [...], "eduPersonEntitlement": [...]}}}. pysaml2 releases the attributes under
their urn:oid names. Only for tests and demos: it keeps everything in memory.
"""

import argparse
import base64
import contextlib
import datetime
import html
import json
import os
import re
import secrets
import sys
import tempfile
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

AUTHN_PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def make_key_pair(folder, name="Test IdP"):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=int(os.environ.get("IDP_CERT_DAYS", "365"))))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = os.path.join(folder, "idp.key"), os.path.join(folder, "idp.crt")
    with open(key_path, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class IdP:
    def __init__(self, base, key_path, cert_path, users, sp_metadata=()):
        self.base = base
        self.users = users
        self.sp_metadata = list(sp_metadata)
        self.pending = {}  # ticket -> parsed AuthnRequest data
        self.mode = "normal"
        self.last_response = ""
        self.sessions = {}  # NameID -> SP entity id, for every login until its single logout
        self.logouts = []  # {"sp", "name_id", "signed"} per LogoutRequest received
        self.lock = threading.Lock()
        self.key_path, self.cert_path = key_path, cert_path
        self.servers = {"normal": self._server(15), "expired": self._server(-20)}

    def _server(self, lifetime_minutes):
        config = IdPConfig()
        config.load(
            {
                "entityid": self.base + "/metadata",
                "service": {
                    "idp": {
                        "name": "Test-IdP",
                        "endpoints": {
                            "single_sign_on_service": [(self.base + "/sso/redirect", BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(self.base + "/slo/redirect", BINDING_HTTP_REDIRECT)],
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                    }
                },
                "key_file": self.key_path,
                "cert_file": self.cert_path,
                "xmlsec_binary": os.environ.get("XMLSEC_BINARY", "/usr/bin/xmlsec1"),
                "metadata": {"inline": self.sp_metadata} if self.sp_metadata else {},
                "allow_unknown_attributes": True,
            }
        )
        return Server(config=config)

    def add_sp(self, xml):
        self.sp_metadata.append(xml)
        for server in self.servers.values():
            server.metadata.load("inline", xml)

    # --- WSGI -----------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        form = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length).decode()
            if environ.get("CONTENT_TYPE", "").startswith("application/json"):
                form = json.loads(raw or "{}")
            else:
                form = {k: v[0] for k, v in parse_qs(raw).items()}
        try:
            if path == "/metadata":
                return self._respond(start_response, "200 OK", self.metadata(), "text/xml")
            if path == "/sso/redirect":
                return self._respond(start_response, "200 OK", self.login_form(query))
            if path == "/sso/login" and method == "POST":
                return self._respond(start_response, "200 OK", self.login(form))
            if path == "/slo/redirect":
                return self.logout(query, environ.get("QUERY_STRING", ""), start_response)
            if path == "/_sessions":
                body = json.dumps({"sessions": sorted(self.sessions), "logouts": self.logouts})
                return self._respond(start_response, "200 OK", body, "application/json")
            if path == "/_control" and method == "POST":
                return self._respond(start_response, "200 OK", self.control(form), "application/json")
            if path == "/_last":
                return self._respond(start_response, "200 OK", self.last_response, "text/plain")
        except Exception as error:  # a test IdP answers 400 with the reason
            return self._respond(
                start_response, "400 Bad Request", f"{type(error).__name__}: {error}", "text/plain"
            )
        return self._respond(start_response, "404 Not Found", "not found", "text/plain")

    @staticmethod
    def _respond(start_response, status, body, content_type="text/html; charset=utf-8"):
        data = body.encode() if isinstance(body, str) else body
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        return [data]

    def metadata(self):
        return entity_descriptor(self.servers["normal"].config).to_string().decode()

    def control(self, data):
        with self.lock:
            if "sp_metadata" in data:
                self.add_sp(data["sp_metadata"])
            if "mode" in data:
                self.mode = data["mode"]
            if "users" in data:
                self.users = data["users"]
        return json.dumps({"ok": True, "mode": self.mode})

    def login_form(self, query):
        request = self.servers["normal"].parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        message = request.message
        ticket = secrets.token_urlsafe(16)
        self.pending[ticket] = {
            "id": message.id,
            "acs": message.assertion_consumer_service_url,
            "sp": message.issuer.text,
            "relay_state": query.get("RelayState", ""),
        }
        return page(
            "Logga in hos kommunen (test-IdP)",
            f"""<form method="post" action="/sso/login">
<input type="hidden" name="ticket" value="{html.escape(ticket)}">
<p><label for="username">Användarnamn</label><br><input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Lösenord</label><br><input id="password" name="password" type="password"></p>
<p><button type="submit">Logga in</button></p></form>""",
        )

    def login(self, form):
        pending = self.pending.pop(form.get("ticket", ""), None)
        if pending is None:
            raise ValueError("unknown or used login ticket")
        user = self.users.get(form.get("username", ""))
        if user is None or user.get("password") != form.get("password"):
            raise ValueError("wrong user name or password")
        with self.lock:
            mode, self.mode = self.mode, "normal"
        audience = mode.split(":", 1)[1] if mode.startswith("audience:") else pending["sp"]
        destination = mode.split(":", 1)[1] if mode.startswith("recipient:") else pending["acs"]
        server = self.servers["expired" if mode == "expired" else "normal"]
        signed = mode != "unsigned"
        response = server.create_authn_response(
            {k: list(v) for k, v in user["attributes"].items()},
            in_response_to=pending["id"],
            destination=destination,
            sp_entity_id=audience,
            userid=form["username"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user.get("uid", form["username"])),
            authn={"class_ref": AUTHN_PASSWORD, "authn_auth": self.base + "/metadata"},
            sign_assertion=signed,
            sign_response=False,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        xml = str(response)
        with self.lock:
            self.sessions[user.get("uid", form["username"])] = pending["sp"]
        if mode == "tampered":
            email = user["attributes"]["mail"][0]
            local, domain = email.split("@")
            xml = xml.replace(email, f"{local}.annan@{domain}")
        encoded = base64.b64encode(xml.encode()).decode()
        self.last_response = encoded
        return page(
            "Skickar dig tillbaka",
            f"""<form method="post" action="{html.escape(pending["acs"])}" id="saml-post">
<input type="hidden" name="SAMLResponse" value="{encoded}">
<input type="hidden" name="RelayState" value="{html.escape(pending["relay_state"])}">
<p><button type="submit">Fortsätt till portalen</button></p></form>""",
        )

    def _sp_certificates(self, entity_id):
        """Every certificate registered for the SP (it may have been registered again with a new one)."""
        from cryptography import x509

        certificates = []
        for xml in reversed(self.sp_metadata):
            if f'entityID="{entity_id}"' in xml:
                for body in re.findall(r"X509Certificate>([^<]+)<", xml):
                    body = "".join(body.split())
                    pem = f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
                    certificates.append(x509.load_pem_x509_certificate(pem.encode()))
        return certificates

    def _redirect_signature_ok(self, raw_query, entity_id):
        """The HTTP-Redirect binding's signature (SAML bindings 3.4.4.1) over the raw query parts."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        parts = dict(part.split("=", 1) for part in raw_query.split("&") if "=" in part)
        if "Signature" not in parts or unquote(parts.get("SigAlg", "")) != SIG_RSA_SHA256:
            return False
        signed = "&".join(f"{k}={parts[k]}" for k in ("SAMLRequest", "RelayState", "SigAlg") if k in parts)
        signature = base64.b64decode(unquote(parts["Signature"]))
        for cert in self._sp_certificates(entity_id):
            try:
                cert.public_key().verify(signature, signed.encode(), padding.PKCS1v15(), hashes.SHA256())
            except (InvalidSignature, ValueError):
                continue
            return True
        return False

    def logout(self, query, raw_query, start_response):
        server = self.servers["normal"]
        request = server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        issuer = request.message.issuer.text
        name_id = request.message.name_id.text if request.message.name_id is not None else ""
        signed = self._redirect_signature_ok(raw_query, issuer)
        with self.lock:
            self.logouts.append({"sp": issuer, "name_id": name_id, "signed": signed})
            if not signed:
                raise ValueError("the LogoutRequest is not signed with the SP's key")
            self.sessions.pop(name_id, None)
        response = server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT], sign=False)
        destinations = server.metadata.single_logout_service(issuer, BINDING_HTTP_REDIRECT, "spsso")
        location = destinations[0]["location"] if destinations else None
        if not location:
            return self._respond(start_response, "200 OK", page("Utloggad", "<p>Du är utloggad.</p>"))
        info = server.apply_binding(
            BINDING_HTTP_REDIRECT, str(response), location, query.get("RelayState", ""), response=True
        )
        headers = dict(info["headers"])
        start_response("302 Found", [("Location", headers["Location"]), ("Content-Length", "0")])
        return [b""]


def page(title, body):
    return f"""<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--users", help="JSON file with the users")
    parser.add_argument("--key")
    parser.add_argument("--cert")
    parser.add_argument("--sp-metadata", action="append", default=[], help="SP metadata XML file")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="saml-idp-")
    key_path, cert_path = (args.key, args.cert) if args.key and args.cert else make_key_pair(folder)
    users = {}
    if args.users:
        with open(args.users) as f:
            users = json.load(f)
    sp_metadata = []
    for path in args.sp_metadata:
        with open(path) as f:
            sp_metadata.append(f.read())
    holder = {}
    httpd = make_server(
        "127.0.0.1", args.port, lambda e, s: holder["app"](e, s), ThreadingServer, handler_class=QuietHandler
    )
    base = f"http://127.0.0.1:{httpd.server_port}"
    holder["app"] = IdP(base, key_path, cert_path, users, sp_metadata)
    print(f"READY {base}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
