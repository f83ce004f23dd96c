"""Celery tasks of the core app: delivering the outbox."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import outbox


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def deliver_outbox(keys):
    """Send the outbox rows with these keys (one batch, one SMTP connection); queued after the commit
    that wrote them."""
    return outbox.deliver(keys)


@shared_task
def deliver_pending():
    """Beat sweep: send whatever is due (rows whose task was lost with the broker, retries, old claims)."""
    return outbox.deliver_due()
