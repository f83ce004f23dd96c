"""A guard against a create form sent twice (back button + send again, double click).

The form carries a one-time token (`{% load once %}{% once_token %}`); the view is decorated with
`@once_per_form` and calls `done(request, url)` when it created something. The token is then stored
with that URL in the same transaction as the creation, so a replay, even a concurrent one, creates
nothing and is redirected to what the first post created, with an info message.
A post without a token (an old page, a test) is handled as before.
"""

from __future__ import annotations

import datetime
import functools
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

FIELD = "once_token"
KEEP = datetime.timedelta(days=7)  # a page older than this is not replayed from the back button
# What new_token() makes; anything else (a tampered field, a NUL byte PostgreSQL refuses) counts as no token.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def done(request: HttpRequest, url: object) -> None:
    """The view created something at `url`; a replay of this post goes there."""
    request._once_url = str(url)


def _replay(request: HttpRequest, token: str) -> HttpResponse | None:
    from .models import UsedFormToken

    used = UsedFormToken.objects.filter(user=request.user, token=token).first()
    if used is None:
        return None
    messages.info(
        request,
        _("Formuläret var redan skickat, så inget nytt skapades. Här är det som skapades första gången."),
    )
    return redirect(used.url)


def once_per_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        from .models import UsedFormToken

        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN_SHAPE.fullmatch(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        replay = _replay(request, token)
        if replay is not None:
            return replay
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                url = getattr(request, "_once_url", None)
                if url:
                    UsedFormToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
                    UsedFormToken.objects.create(user=request.user, token=token, url=url)
        except IntegrityError:
            # A concurrent post with the same token won: ours is rolled back, go where it went.
            replay = _replay(request, token)
            if replay is None:
                raise
            return replay
        return response

    return wrapped
