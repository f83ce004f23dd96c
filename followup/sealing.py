"""Sealed answers: a submitted questionnaire waits encrypted until the worker stores it with others.

The key is derived from SECRET_KEY, which the database does not hold: whoever reads the database, a
replica or a backup sees that someone answered (the invitation's date), and an unreadable token, but
not what they answered. `followup.services.responses_store_sealed` opens the tokens and writes the
responses in shuffled batches.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"yrkesresan.followup.sealed:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: dict[str, object]) -> str:
    """`data` (JSON-serialisable) as an encrypted token. Fernet's token holds its creation time in
    seconds; it is readable only with the key, and the token is deleted when its batch is stored."""
    return _fernet(settings.SECRET_KEY).encrypt(json.dumps(data).encode()).decode()


def unseal(token: str) -> dict[str, object]:
    """The data of a token sealed with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return json.loads(_fernet(secret).decrypt(token.encode()))
        except InvalidToken:
            continue
    raise InvalidToken("no key opens this sealed response")
