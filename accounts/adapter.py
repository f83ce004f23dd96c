"""allauth adapters: sign-up is open only to e-mail domains that a municipality has registered, and a
single sign-on login is accepted only within the municipality whose IdP sent it (accounts.sso)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthProcess
from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.clientip import client_ip
from municipalities.models import EmailDomain

from . import sso
from .mfa import mfa_required
from .models import User

logger = logging.getLogger(__name__)


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

    def pre_login(self, request, user, **kwargs):
        # A person who logs in through the municipality's IdP has no portal password: a password set
        # through "forgot password" would bypass the IdP (and its end of employment), so it is refused.
        signal_kwargs = kwargs.get("signal_kwargs") or {}
        if not signal_kwargs.get("sociallogin"):
            request.session.pop("sso_mfa", None)  # only the IdP login that asserted MFA counts
            request.session.pop(sso.LOGOUT_SESSION_KEY, None)
        if not signal_kwargs.get("sociallogin") and sso.is_sso_user(user):
            return render(
                request,
                "accounts/sso_refused.html",
                {"reason": _("Du loggar in via din kommuns inloggning, inte med lösenord i portalen.")},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)

    def get_login_stages(self):
        # allauth's MFA step, except when the municipality's IdP asserted MFA for this login (accounts.stages).
        return [
            "accounts.stages.AuthenticateUnlessIdPAssertedMFA"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def get_logout_redirect_url(self, request):
        # Asked before the session ends: a person who came through their municipality's IdP is sent on
        # to its single logout, which sends them back here (accounts.sso.logout_redirect_url).
        return_to = super().get_logout_redirect_url(request)
        if request.user.is_authenticated:
            return sso.logout_redirect_url(request, request.build_absolute_uri(return_to)) or return_to
        return return_to

    def send_password_reset_mail(self, user, email, context):
        if sso.is_sso_user(user):
            logger.info("No password reset for SSO user %s", user.pk)
            return
        super().send_password_reset_mail(user, email, context)

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


def refuse(request, reason, **log):
    """Stop a single sign-on login with a Swedish reason; nothing has been stored at this point."""
    logger.warning("SSO login refused: %s %s", reason, log)
    raise ImmediateHttpResponse(render(request, "accounts/sso_refused.html", {"reason": reason}, status=403))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: the IdP decides the municipality; accounts are made or linked just in time."""

    def list_apps(self, request, provider=None, client_id=None):
        # The SAML apps get their SP private key in memory (it is stored sealed, not in their settings).
        return [sso.attach_sp_key(app) for app in super().list_apps(request, provider, client_id)]

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # An IdP account is tied to its person by the rules below, never to whoever is logged in.
            refuse(
                request, _("Inloggningen via kommunen kopplas till ditt konto när du loggar in via kommunen.")
            )
        app = sociallogin.provider.app
        municipality = sso.municipality_of_app(app) if app else None
        if municipality is None or not municipality.identity_provider.enabled:
            refuse(
                request, _("Inloggningen hör inte till någon ansluten kommun."), app=getattr(app, "pk", None)
            )
        values = sso.mapped_values(app, sociallogin.account.extra_data)
        email = values["email"]
        if "@" not in email:
            refuse(
                request,
                _("Din kommuns inloggning skickade ingen e-postadress. Kontakta kommunens IT-avdelning."),
            )
        domain = email.rsplit("@", 1)[1]
        if not municipality.email_domains.filter(domain=domain).exists():
            refuse(
                request,
                _(
                    "Adressen %(email)s hör inte till %(municipality)s. Du kan bara logga in med en "
                    "e-postadress i kommunens egna domäner."
                )
                % {"email": email, "municipality": municipality.name},
                municipality=municipality.pk,
            )
        # The address the IdP vouches for is the one allauth stores and looks up.
        sociallogin.email_addresses = [EmailAddress(email=email, verified=True, primary=True)]
        user = (
            sociallogin.user if sociallogin.is_existing else User.objects.filter(email__iexact=email).first()
        )
        if user is not None and user.municipality_id != municipality.pk:
            # Never log in or move a person of another municipality through this IdP.
            refuse(
                request,
                _(
                    "Det finns redan en person med adressen %(email)s i en annan kommun. Kontakta projektledaren."
                )
                % {"email": email},
                municipality=municipality.pk,
                user=user.pk,
            )
        if user is not None and not sso.may_log_in_through_sso(user):
            refuse(request, _("Ditt konto är inte längre aktivt i portalen."), user=user.pk)
        if user is not None:
            self._follow_idp(user, values)
            if not sociallogin.is_existing:
                # A password account with the same address is linked, not duplicated; from now on the
                # IdP is its way in (no portal password).
                user.set_unusable_password()
                user.save(update_fields=["password"])
                EmailAddress.objects.update_or_create(
                    user=user,
                    email__iexact=email,
                    defaults={"email": email, "verified": True, "primary": True},
                )
                sociallogin.connect(request, user)
        else:
            sociallogin.user.email = email
        request.session["sso_mfa"] = values["mfa"]
        sso.remember_login(request, app, sociallogin)

    @staticmethod
    def _follow_idp(user, values):
        """Name and title follow the IdP on every login; a mapped manager role is added, never removed."""
        changed = []
        for field in ("first_name", "last_name", "title"):
            if values[field] and getattr(user, field) != values[field]:
                setattr(user, field, values[field])
                changed.append(field)
        if values["is_manager"] and not user.is_manager:
            user.is_manager = True
            changed.append("is_manager")
        if changed:
            user.save(update_fields=changed)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        values = sso.mapped_values(sociallogin.provider.app, sociallogin.account.extra_data)
        user.email = values["email"] or user.email
        user.first_name = values["first_name"] or user.first_name
        user.last_name = values["last_name"] or user.last_name
        user.title = values["title"]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        app = sociallogin.provider.app
        values = sso.mapped_values(app, sociallogin.account.extra_data)
        user.municipality = sso.municipality_of_app(app)
        # Just in time: a social worker, or a manager when the IdP's role attribute says so.
        user.is_manager = values["is_manager"]
        user.is_social_worker = not values["is_manager"]
        return super().save_user(request, sociallogin, form)

    def send_notification_mail(self, *args, **kwargs):
        # "A third-party account was connected" means nothing to staff who just logged in through
        # their municipality; allauth's account mails (password reset etc.) are unaffected.
        return None
