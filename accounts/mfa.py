"""Who must use multi-factor authentication (allauth's TOTP and recovery codes), and whether they do."""

from allauth.mfa.models import Authenticator


def mfa_required(user):
    """The project leader sees everything, and staff reach the admin: both need a second factor."""
    return user.is_authenticated and (user.is_project_leader or user.is_staff or user.is_superuser)


def has_mfa(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
