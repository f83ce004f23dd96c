"""Sealing: small secrets the database must hold but must not show (a survey's unsent answers, the
portal's SAML signing keys), encrypted with a key derived from SECRET_KEY, which the database does not
hold. Whoever reads the database, a replica, a backup or the admin sees an unreadable token.

One key per purpose, so that a token of one kind never opens as another. SECRET_KEY_FALLBACKS still
open tokens sealed before a key rotation.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["InvalidToken", "seal", "unseal"]


def _fernet(secret: str, purpose: bytes) -> Fernet:
    key = hashlib.sha256(purpose + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: object, purpose: bytes) -> str:
    """`data` (JSON-serialisable) as an encrypted token (Fernet: it holds its creation time in seconds)."""
    return _fernet(settings.SECRET_KEY, purpose).encrypt(json.dumps(data).encode()).decode()


def unseal(token: str, purpose: bytes) -> object:
    """The data of a token sealed for `purpose` with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return json.loads(_fernet(secret, purpose).decrypt(token.encode()))
        except InvalidToken:
            continue
    raise InvalidToken("no key opens this sealed token")
