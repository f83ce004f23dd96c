"""Celery tasks of the accounts app."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.urls import reverse

from core.mail import render_email, send_once

from .models import User
from .roles import Role


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(user_id, invited_by_id):
    """E-mail an invited person a link to choose a password; sent once however often it runs."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    inviter = User.objects.filter(pk=invited_by_id).first()
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    subject, body = render_email(
        "accounts/email/invitation",
        {
            "user": user,
            "inviter": inviter,
            "link": settings.SITE_URL + path,
            "site_url": settings.SITE_URL,
        },
    )
    return send_once(f"invitation:{user.pk}", user.email, subject, body)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def warn_expiring_idp_certificates():
    """Beat task: tell the project leaders, once per certificate, that an IdP's signing certificate
    expires within SSO_CERTIFICATE_WARNING_DAYS days (so the municipality's new one is in place first)."""
    from .sso import certificates_expiring_soon

    sent = 0
    for link in certificates_expiring_soon():
        subject, body = render_email(
            "accounts/email/sso_certificate_expiry",
            {
                "municipality": link.municipality,
                "expires": link.certificate_expires,
                "link": settings.SITE_URL + reverse("accounts:sso_edit", args=[link.municipality_id]),
            },
        )
        for leader in User.objects.with_role(Role.PROJECT_LEADER):
            key = f"sso-certificate:{link.pk}:{link.certificate_expires.isoformat()}:{leader.pk}"
            sent += send_once(key, leader.email, subject, body)
        link.certificate_warned_for = link.certificate_expires
        link.save(update_fields=["certificate_warned_for"])
    return sent
