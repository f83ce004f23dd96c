"""Periodic reminders to the project leader about agreements that need attention."""

from celery import shared_task

from . import services


@shared_task
def send_agreement_reminders():
    """Beat sweep: mark ended agreements as expired, then e-mail project leaders about expiring or
    long-unsigned agreements, each once."""
    services.agreements_expire()
    return services.agreement_reminders_send()
