"""Celery tasks of the accounts app."""

from celery import shared_task

from core import outbox

from . import notifications
from .models import User
from .roles import Role
from .sso import certificates_expiring_soon


@shared_task
def warn_expiring_idp_certificates():
    """Beat task: tell the project leaders, once per certificate, that an IdP's signing certificate
    expires within SSO_CERTIFICATE_WARNING_DAYS days (so the municipality's new one is in place first)."""
    leaders = list(User.objects.with_role(Role.PROJECT_LEADER))
    sent = 0
    for link in certificates_expiring_soon():
        sent += outbox.send(notifications.sso_certificate_expiry(link, leaders))
        link.certificate_warned_for = link.certificate_expires
        link.save(update_fields=["certificate_warned_for"])
    return sent
