"""Sealed answers: a submitted questionnaire waits encrypted until the worker stores it with others;
a saved draft is kept encrypted the same way (with a key of its own) until it is sent.

The key is derived from SECRET_KEY, which the database does not hold: whoever reads the database, a
replica or a backup sees that someone answered (the invitation's date), and an unreadable token, but
not what they answered. `followup.services.responses_store_sealed` opens the tokens and writes the
responses in shuffled batches.
"""

from __future__ import annotations

from core import sealing
from core.sealing import InvalidToken

# One key per purpose, so that a token of one kind never opens as the other.
RESPONSE = b"yrkesresan.followup.sealed:"
DRAFT = b"yrkesresan.followup.draft:"


def seal(data: object, purpose: bytes = RESPONSE) -> str:
    """`data` (JSON-serialisable) as an encrypted token (core.sealing); a submission's token is deleted
    when its batch is stored."""
    return sealing.seal(data, purpose)


def unseal(token: str, purpose: bytes = RESPONSE) -> object:
    """The data of a token sealed with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    return sealing.unseal(token, purpose)


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
