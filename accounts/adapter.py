"""allauth adapter: sign-up is open only to e-mail domains that a municipality has registered."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.clientip import client_ip
from municipalities.models import EmailDomain

from .mfa import mfa_required


def municipality_for_email(email):
    domain = email.rsplit("@", 1)[-1].strip().lower()
    match = EmailDomain.objects.select_related("municipality").filter(domain=domain).first()
    return match.municipality if match else None


class AccountAdapter(DefaultAccountAdapter):
    """Failed logins are limited per address (login_failed: 10/m/ip), per account *at that address*
    (login_failed: 5/5m/key, the key below), and per account from all addresses together
    (login_failed_account). So an attacker's failures lock out only the attacker's own address: the
    account's owner elsewhere logs in as usual. Only a spread attack from many addresses reaches the
    account-wide limit, and then the owner can still log in with a code sent to their e-mail
    (ACCOUNT_LOGIN_BY_CODE_ENABLED), which no number of wrong passwords blocks."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": gettext_lazy(
            "För många misslyckade inloggningar. Vänta några minuter, eller välj ”Skicka mig en "
            "inloggningskod” och logga in med koden som kommer med e-post."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}@{client_ip(request)}"

    def _account_key(self, request, **credentials):
        return super()._get_login_attempts_cache_key(request, **credentials)

    def pre_authenticate(self, request, **credentials):
        if not ratelimit.consume(
            request,
            action="login_failed_account",
            key=self._account_key(request, **credentials),
            dry_run=True,
        ):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        # Counted only when the password was wrong: a correct login never uses up the account's limit.
        ratelimit.consume(
            request, action="login_failed_account", key=self._account_key(request, **credentials)
        )
        super().authentication_failed(request, **credentials)

    def clean_email(self, email):
        email = super().clean_email(email).lower()
        if municipality_for_email(email) is None:
            raise forms.ValidationError(
                _(
                    "Adressen %(domain)s hör inte till någon ansluten kommun. Använd din e-postadress "
                    "i kommunen, eller be den regionala projektledaren om en inbjudan."
                )
                % {"domain": email.rsplit("@", 1)[-1]}
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.municipality = municipality_for_email(user.email)
        # Staff who register themselves are social workers; other roles are given by the project leader.
        user.is_social_worker = True
        if commit:
            user.save()
        return user


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Those who must use MFA cannot switch it off; they can set up a new authenticator app instead.
        return not mfa_required(authenticator.user)
