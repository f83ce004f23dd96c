"""Periodic reminders to the project leader about agreements that need attention."""
from celery import shared_task

from . import services


@shared_task
def send_agreement_reminders():
    """Beat sweep: e-mail project leaders about expiring or long-unsigned agreements, each once."""
    return services.agreement_reminders_send()
