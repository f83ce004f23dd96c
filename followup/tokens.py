"""Personal answer links: the token is derived from a random nonce and the SECRET_KEY, only its hash is stored.

Deriving it (rather than storing it) lets a reminder carry the same link as the invitation without
the database ever holding a usable token.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import salted_hmac


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(nonce: str) -> str:
    return salted_hmac("followup.invitation", nonce, algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
