"""Celery tasks of the core app."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from .mail import render_email, send_once
from .models import AccessibilityReport


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_accessibility_report(report_id):
    """Tell every project leader about a reported accessibility problem, once each."""
    report = AccessibilityReport.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    subject, body = render_email(
        "core/email/accessibility_report", {"report": report, "site_url": settings.SITE_URL}
    )
    leaders = get_user_model().objects.filter(is_project_leader=True, is_active=True)
    return sum(
        send_once(f"accessibility-report:{report.pk}:{leader.pk}", leader.email, subject, body)
        for leader in leaders
    )
