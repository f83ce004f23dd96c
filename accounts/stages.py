"""allauth's MFA login step, skipped only when the municipality's IdP asserted MFA for this very login.

The project leader and staff/admin accounts keep the portal's second factor when they log in through
SSO, unless their IdP says it already used one: OIDC `amr` (RFC 8176 values such as `mfa`, `otp`,
`hwk`) or, for SAML, the `authnmethodsreferences` attribute that ADFS and Entra ID release
(`accounts.sso.mapped_values`). A password login always asks for the portal's code.
"""

from allauth.mfa.stages import AuthenticateStage

from . import sso


def idp_asserted_mfa(login):
    sociallogin = (login.signal_kwargs or {}).get("sociallogin")
    account = getattr(sociallogin, "account", None)
    app = getattr(getattr(sociallogin, "provider", None), "app", None)
    if account is None or app is None or sso.municipality_of_app(app) is None:
        return False
    return sso.mapped_values(app, account.extra_data)["mfa"]


class AuthenticateUnlessIdPAssertedMFA(AuthenticateStage):
    def _should_handle(self, request):
        if idp_asserted_mfa(self.login):
            return False
        return super()._should_handle(request)
