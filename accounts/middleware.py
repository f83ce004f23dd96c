"""Sends a person who must use MFA but has not set it up to the set-up page before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

from .mfa import has_mfa, mfa_required

# What such a person may still reach: allauth (MFA set-up, logout), files, language and public pages.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/personuppgifter/", "/tillganglighet/")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            mfa_required(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.session.get("mfa_set_up")
            and not request.session.get("sso_mfa")  # the municipality's IdP asserted MFA (accounts.stages)
            and not self._remember(request, user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _remember(request, user):
        # One query per session: once the authenticator exists the session remembers it.
        if has_mfa(user):
            request.session["mfa_set_up"] = True
            return True
        return False
