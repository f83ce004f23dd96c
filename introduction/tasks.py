"""Beat tasks of the introduction."""

import datetime

from celery import shared_task

from . import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminders(today=None):
    """Daily: at-risk and overdue parts to the manager, due items to the newcomer, each once."""
    return reminders.reminders_send(datetime.date.fromisoformat(today) if today else None)
