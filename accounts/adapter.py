"""allauth adapter: sign-up is open only to e-mail domains that a municipality has registered."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.utils.translation import gettext as _

from municipalities.models import EmailDomain

from .mfa import mfa_required


def municipality_for_email(email):
    domain = email.rsplit("@", 1)[-1].strip().lower()
    match = EmailDomain.objects.select_related("municipality").filter(domain=domain).first()
    return match.municipality if match else None


class AccountAdapter(DefaultAccountAdapter):
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
