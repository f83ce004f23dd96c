"""Who accounts tells what: an invited person gets a link to choose a password; the project leaders are
warned before a municipality's identity provider certificate expires."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from core.outbox import Mail

if TYPE_CHECKING:
    from .models import IdentityProvider, User


def invitation(user: User, inviter: User | None) -> list[Mail]:
    """The invitation e-mail; its key makes it go out once however often the invitation is composed."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return [
        Mail(
            key=f"invitation:{user.pk}",
            to=user.email,
            template="accounts/email/invitation",
            context={"user": user, "inviter": inviter, "link": settings.SITE_URL + path},
        )
    ]


def sso_certificate_expiry(link: IdentityProvider, leaders: Iterable[User]) -> list[Mail]:
    """Each project leader, once per certificate, when an IdP's signing certificate expires soon."""
    context = {
        "municipality": link.municipality,
        "expires": link.certificate_expires,
        "link": settings.SITE_URL + reverse("accounts:sso_edit", args=[link.municipality_id]),
    }
    return [
        Mail(
            key=f"sso-certificate:{link.pk}:{link.certificate_expires.isoformat()}:{leader.pk}",
            to=leader.email,
            template="accounts/email/sso_certificate_expiry",
            context=context,
        )
        for leader in leaders
    ]
