"""Middleware of the portal."""

import time
from functools import cached_property

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.shortcuts import render


class StaticCSPMiddleware(CSPMiddleware):
    """django-csp, with the policy string built once per process instead of on every response.

    The portal's policy has no nonce and no per-view changes, so the header is the same for every
    response; a response that does carry a per-view change (`@csp_update` and the like) or a request
    that used a nonce still goes through django-csp's own per-response path.
    """

    PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    @cached_property
    def _policy(self):
        return build_policy()  # from settings.CONTENT_SECURITY_POLICY, as django-csp does

    def process_response(self, request, response):
        simple = (
            not settings.DEBUG
            and HEADER not in response
            and getattr(request, "_csp_nonce", None) is None
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            and not any(hasattr(response, name) for name in self.PER_RESPONSE)
        )
        if not simple:
            return super().process_response(request, response)
        response[HEADER] = self._policy
        return response


class SessionIdleRefreshMiddleware:
    """Renews a session's idle expiry at most every SESSION_REFRESH_SECONDS instead of on every request.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on each request; here a request marks the
    session modified (so SessionMiddleware saves it with a fresh expiry) only when the renewal it last
    recorded is older than the refresh interval. A session thus ends at most SESSION_COOKIE_AGE seconds
    after the last request, and at least SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS after it.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.modified:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


class SwedishUnlessChosenMiddleware:
    """The portal speaks Swedish unless the person picks English with the language button.

    The browser's Accept-Language is ignored: a Swedish public-sector service answers in Swedish, and
    a half-translated page (library texts in English, ours in Swedish) helps nobody. The choice made
    with the button is kept in Django's language cookie, which LocaleMiddleware reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Django answers a GET to a POST-only address (require_POST) with an empty 405; show the portal's
    own Swedish error page instead, keeping the status and the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or response.streaming:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
