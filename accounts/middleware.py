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


class SSOFormActionMiddleware:
    """Lets the login forms lead to the municipalities' IdPs under the strict CSP.

    A browser applies `form-action` to every redirect that follows a form post, so "Fortsätt" on the login
    page (which the portal answers with a redirect to the IdP) is blocked by `form-action 'self'` unless the
    IdP's origin is listed. Only the pages that start a login get the origins: allauth's pages under
    /accounts/ and the e-mail-first page.
    """

    PATHS = ("/accounts/", "/konto/logga-in-med-kommunen/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PATHS):
            from .sso import form_action_origins

            origins = form_action_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response
