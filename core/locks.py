"""A lock one worker holds across many transactions, so that parallel runs of a task share the work
instead of doing the same part side by side."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import Error, connection

logger = logging.getLogger(__name__)


@contextmanager
def try_exclusive(name: str) -> Iterator[bool]:
    """Yield True if this process now holds the lock `name`, False if another process does.

    PostgreSQL's session-level advisory lock: it outlives the transactions inside the block and is
    released at its end, or by the server when the connection dies, so a killed worker never leaves it
    held. Other databases (SQLite in development and tests) have none: the block always runs. It only
    saves duplicate work: correctness must never rest on it.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [name])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])
            except Error:  # the connection is gone, and with it the lock
                logger.warning("Could not release lock %s; the closed connection released it", name)
