"""Queueing a Celery task best-effort: a broker that is down delays the work, never fails the request.

Every task queued this way has a sweep on beat that finds the work again from the database (pending
outbox rows, queued report builds), so a message lost on the way to the broker is only late. The task is
named by its dotted path, so that a service never imports its app's tasks module (tasks import services).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Broker connection options for publishing from a request: give up within about a second.
FAIL_FAST = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}


def queue(name: str, *args: object) -> bool:
    """Queue the task `name` (e.g. "core.tasks.deliver_outbox") with `args` now; True if queued.

    Without a broker (development, tests) the task runs here and now, as Celery's eager mode does.
    """
    task = import_string(name)
    if task.app.conf.task_always_eager:
        task.apply(args=args, throw=True)
        return True
    try:
        # One attempt, not Celery's default of retrying the connection and the publish for seconds.
        with task.app.connection_for_write(transport_options=FAIL_FAST) as connection:
            task.apply_async(args=args, retry=False, connection=connection)
    except Exception:  # noqa: BLE001 – any broker failure; the beat sweep does the work later
        logger.warning("Could not queue %s%r; the beat sweep will pick it up", name, args, exc_info=True)
        return False
    return True


def queue_after_commit(name: str, *args: object) -> None:
    """Queue the task once the current transaction has committed (at once outside a transaction)."""
    transaction.on_commit(lambda: queue(name, *args))
