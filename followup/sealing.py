"""Sealed answers: a submitted questionnaire waits encrypted until the worker stores it with others;
a saved draft is kept encrypted the same way (with a key of its own) until it is sent.

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

# One key per purpose, so that a token of one kind never opens as the other.
RESPONSE = b"yrkesresan.followup.sealed:"
DRAFT = b"yrkesresan.followup.draft:"


def _fernet(secret: str, purpose: bytes = RESPONSE) -> Fernet:
    key = hashlib.sha256(purpose + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: object, purpose: bytes = RESPONSE) -> str:
    """`data` (JSON-serialisable) as an encrypted token. Fernet's token holds its creation time in
    seconds; it is readable only with the key, and the token is deleted when its batch is stored."""
    return _fernet(settings.SECRET_KEY, purpose).encrypt(json.dumps(data).encode()).decode()


def unseal(token: str, purpose: bytes = RESPONSE) -> object:
    """The data of a token sealed with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return json.loads(_fernet(secret, purpose).decrypt(token.encode()))
        except InvalidToken:
            continue
    raise InvalidToken("no key opens this sealed response")


def seal_draft(answers: dict[str, object]) -> str:
    """A person's saved, unsent answers as a token ("" for none): only the link's owner reads them."""
    return seal(answers, DRAFT) if answers else ""


def unseal_draft(token: str) -> dict[str, object]:
    """The answers of a draft token; {} for none, or when no key opens it (SECRET_KEY was replaced)."""
    if not token:
        return {}
    try:
        return unseal(token, DRAFT)
    except InvalidToken:
        return {}
