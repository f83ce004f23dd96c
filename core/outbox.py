"""The outbox: every e-mail of the portal is a row first, written in the same transaction as the change
it reports, and delivered afterwards.

Composition and delivery are apart. Each app's `notifications.py` decides who gets which e-mail: it
builds `Mail`s (a key naming the event, the address, a template name and its context) and hands them to
`enqueue`, inside the service's transaction. `render` turns a template name and context into subject and
body; it is the one place where an edited template would be looked up. `deliver` sends a batch of rows.

What is promised (README, "Security and operations"):
- A change that commits has its e-mail rows committed with it; a change that rolls back has none.
- After the commit a delivery task is queued best-effort (core.queue): a broker that is down is logged,
  never raised to the request, and the beat sweep `core.tasks.deliver_pending` sends what is pending.
- Each row is claimed (status "sending", committed) before its e-mail goes to the SMTP server, and
  marked "sent" right after, retrying the database for a while if the connection was lost. A row is
  claimed by one worker at a time (select_for_update(skip_locked=True)). So an e-mail is never sent
  twice because two workers raced or a task ran twice; it is sent a second time only if the database
  stayed unreachable between the SMTP server's acceptance and the mark (longer than the retries) and the
  claim's lease ran out; that repeat carries the same Message-ID (derived from the key), so mail
  programs and servers that look at it treat it as the same message.
- An e-mail the SMTP server refused for a passing reason is tried again with growing pauses; one that
  can never be sent (a bad address, a refused recipient) or that failed MAX_ATTEMPTS times is "failed",
  and the project leader sees it, with the reason, on the page of failed e-mails and can try again.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import functools
import hashlib
import logging
import smtplib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import TypeVar

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize

from .models import NotificationTemplate, OutboxEmail
from .queue import queue_after_commit
from .text import header_safe

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# One delivery task sends at most this many e-mails over one SMTP connection.
BATCH_SIZE = 100
# Keys looked up per query.
KEYS_PER_QUERY = 500
# A passing SMTP failure is tried again after 1, 2, 4 … minutes (at most RETRY_CAP); then "failed".
MAX_ATTEMPTS = 8
RETRY_CAP = timedelta(hours=6)
# A claim older than this is taken to belong to a worker that died; the sweep claims the row again.
CLAIM_LEASE = timedelta(minutes=15)
# Database errors while claiming or marking: tried again this many times, pausing 0.5, 1, 2 … s.
DB_ATTEMPTS = 7

# Failures that another attempt cannot mend.
PERMANENT = (BadHeaderError, ValueError, UnicodeError, smtplib.SMTPRecipientsRefused)

S = OutboxEmail.Status

_silenced = contextvars.ContextVar("outbox_silenced", default=False)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Compose nothing while the block runs (the demo data's made-up events e-mail nobody)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


@dataclass(frozen=True)
class Mail:
    """One e-mail as an app's notifications.py composes it; `attachments` is a list of
    (filename, content, mimetype) or a callable returning one (called only if the e-mail is new)."""

    key: str
    to: str
    template: str
    context: dict
    attachments: object = ()
    language: str | None = None


# Functions of a list of Mails that return those still wanted (a kind switched off for an occasion is
# left out): registered by the apps that know why (enrollment's per-occasion switches).
_filters = []


def register_filter(function: Callable[[list[Mail]], list[Mail]]) -> None:
    if function not in _filters:
        _filters.append(function)


def _wanted(mails: list[Mail]) -> list[Mail]:
    for function in _filters:
        if not mails:
            break
        mails = function(mails)
    return mails


def render(
    template: str,
    context: dict[str, object],
    language: str | None = None,
    *,
    edited: dict[str, NotificationTemplate] | None = None,
) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` into (subject, body), or the project
    leader's edited text of this kind and language (core.mailtemplates), when there is one.

    In the portal's language (Swedish) unless told otherwise: the recipient has not chosen a language,
    and whatever language happens to be active in the composing thread must not decide for them. The
    subject is one safe header line, whatever the names in it contain. `edited` is
    mailtemplates.edited_rows() of a batch (looked up here when not given).
    """
    from . import mailtemplates

    context = {"site_url": settings.SITE_URL, **context}
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        texts = mailtemplates.render_edited(template, context, language, edited)
        if texts is not None:
            subject, body = texts
        else:
            subject = render_to_string(f"{template}_subject.txt", context)
            body = render_to_string(f"{template}_body.txt", context)
    # Plain str, never the SafeString the engine returns: the text is plain (its templates turn
    # autoescaping off), so a page that shows it (a preview, a log) must escape it.
    return str.__str__(header_safe(subject)), str.__str__(body)


def html_part(body: str) -> str:
    """The HTML part of an e-mail: its plain text escaped, with paragraphs and links. Nothing anyone
    typed (a name, a message, an edited template) can become markup or script."""
    return f"<!DOCTYPE html>\n<html><body>{linebreaks(urlize(body, autoescape=True), autoescape=False)}</body></html>"


def message_id(key: str) -> str:
    """The Message-ID of the e-mail with this key: the same on every attempt, so a repeat is recognisable."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "yrkesresan.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def known_keys(keys: Iterable[str]) -> set[str]:
    """The subset of `keys` that already have a row (pending, sent or failed), a query per 500 keys."""
    found = set()
    for chunk in _chunks(keys, KEYS_PER_QUERY):
        found.update(OutboxEmail.objects.filter(key__in=chunk).order_by().values_list("key", flat=True))
    return found


def _stored_attachments(attachments: object) -> list[dict[str, str]]:
    if callable(attachments):
        attachments = attachments()
    stored = []
    for filename, content, mimetype in attachments:
        data = content.encode() if isinstance(content, str) else bytes(content)
        stored.append(
            {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(data).decode("ascii")}
        )
    return stored


def _row(mail: Mail, edited: dict[str, NotificationTemplate]) -> OutboxEmail:
    subject, body = render(mail.template, mail.context, mail.language, edited=edited)
    return OutboxEmail(
        key=mail.key,
        recipient=mail.to,
        subject=subject,
        body=body,
        attachments=_stored_attachments(mail.attachments),
    )


def enqueue(mails: Iterable[Mail], *, deliver: bool = True) -> list[str]:
    """Write the e-mails as pending rows in the current transaction and return their keys; a key that
    already has a row is left as it is (composing an event again adds nothing). Mails without an address
    are skipped. With `deliver`, one delivery task per batch is queued after the commit (best-effort).

    No lookup first: in a request the keys are new (they name the event being made), and one query
    fewer under the occasion lock is worth rendering a rare duplicate; `send` looks up first.
    """
    if _silenced.get():
        return []
    rows = {mail.key: mail for mail in _wanted([mail for mail in mails if mail.to])}
    if not rows:
        return []
    from .mailtemplates import edited_rows

    edited = edited_rows({mail.template for mail in rows.values()})  # one query for the batch
    OutboxEmail.objects.bulk_create(
        [_row(mail, edited) for mail in rows.values()], ignore_conflicts=True, batch_size=KEYS_PER_QUERY
    )
    keys = list(rows)
    if deliver:
        for batch in _chunks(keys, BATCH_SIZE):
            queue_after_commit("core.tasks.deliver_outbox", batch)
    return keys


def send(mails: Iterable[Mail]) -> int:
    """For tasks that compose in the worker (reminders, sweeps): write the e-mails not yet in the
    outbox (rendering only those), then deliver every pending one of these keys here, batch by batch.
    Returns how many e-mails were sent now."""
    mails = [mail for mail in mails if mail.to]
    keys = [mail.key for mail in mails]
    with transaction.atomic(durable=True):
        known = known_keys(keys)
        enqueue([mail for mail in mails if mail.key not in known], deliver=False)
    return sum(deliver(batch) for batch in _chunks(keys, BATCH_SIZE))


def _with_db_retry(work: Callable[[], _T]) -> _T | None:
    """Run `work`; if the database connection is lost, reconnect and run it again (DB_ATTEMPTS times)."""
    for attempt in range(DB_ATTEMPTS):
        try:
            return work()
        except (OperationalError, InterfaceError):
            if attempt == DB_ATTEMPTS - 1 or db_connection.in_atomic_block:
                raise
            logger.warning("Database unavailable (attempt %s); reconnecting", attempt + 1, exc_info=True)
            db_connection.close()
            time.sleep(0.5 * 2**attempt)
    return None  # not reached


def _claim(keys: Iterable[str] | None, limit: int) -> list[OutboxEmail]:
    now = timezone.now()
    due = Q(status=S.PENDING, not_before__lte=now) | Q(status=S.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    with transaction.atomic(durable=True):
        rows = OutboxEmail.objects.select_for_update(skip_locked=True).filter(due)
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        rows = list(rows.order_by("pk")[:limit])
        OutboxEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    for row in rows:
        row.attempts += 1
    return rows


def _message(row: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=header_safe(row.subject),
        body=row.body,
        to=[row.recipient],
        headers={"Message-ID": message_id(row.key)},
    )
    message.attach_alternative(html_part(row.body), "text/html")
    for attachment in row.attachments:
        content = base64.b64decode(attachment["content"])
        if attachment["mimetype"].startswith("text/"):
            content = content.decode()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _mark_sent(row: OutboxEmail) -> None:
    OutboxEmail.objects.filter(pk=row.pk, status=S.SENDING).update(
        status=S.SENT, sent_at=timezone.now(), body="", attachments=[], last_error=""
    )


@contextlib.contextmanager
def _marks_not_waiting_for_the_disk() -> Iterator[None]:
    """While a batch is sent, the marks' commits do not wait for their WAL record to reach the disk
    (PostgreSQL's synchronous_commit off, on this connection until the batch ends).

    Waiting cost 7–19 ms per e-mail on a busy machine (10 000 reminders took 200 s). A worker that dies
    loses nothing by it (the commit is in the server); only a crash of PostgreSQL itself can lose the
    marks of its last fraction of a second, and those rows are then sent once more after the claim's
    lease, with the same Message-ID — the case the module docstring allows."""
    if db_connection.vendor != "postgresql":
        yield
        return
    _with_db_retry(lambda: _set_synchronous_commit("off"))
    try:
        yield
    finally:
        with contextlib.suppress(OperationalError, InterfaceError):  # a lost connection took it along
            _set_synchronous_commit("on")


def _set_synchronous_commit(value: str) -> None:
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO " + ("off" if value == "off" else "DEFAULT"))


def _mark_not_sent(row: OutboxEmail, error: Exception, permanent: bool) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    if permanent or row.attempts >= MAX_ATTEMPTS:
        OutboxEmail.objects.filter(pk=row.pk, status=S.SENDING).update(status=S.FAILED, last_error=reason)
        logger.error("E-mail %s failed for good: %s", row.key, reason)
        return
    pause = min(timedelta(minutes=2 ** (row.attempts - 1)), RETRY_CAP)
    OutboxEmail.objects.filter(pk=row.pk, status=S.SENDING).update(
        status=S.PENDING, not_before=timezone.now() + pause, last_error=reason
    )
    logger.warning("E-mail %s not sent (%s); trying again in %s", row.key, reason, pause)


def deliver(keys: Iterable[str] | None = None, *, limit: int = BATCH_SIZE) -> int:
    """Claim up to `limit` due rows (with these `keys`, or any) and send them over one SMTP connection;
    return how many were sent now. Safe to run twice and side by side: a claimed row is skipped."""
    return _send_rows(_with_db_retry(functools.partial(_claim, keys, limit)))


def deliver_due(max_batches: int = 100) -> int:
    """The sweep: deliver whatever is due, batch by batch, until nothing is left (or `max_batches`)."""
    total = 0
    for _ in range(max_batches):
        rows = _with_db_retry(functools.partial(_claim, None, BATCH_SIZE))
        if not rows:
            break
        total += _send_rows(rows)
    return total


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.warning("Could not close the mail connection", exc_info=True)


def _send_rows(rows: list[OutboxEmail] | None) -> int:
    if not rows:
        return 0
    with _marks_not_waiting_for_the_disk():
        return _send_claimed(rows)


def _send_claimed(rows: Iterable[OutboxEmail]) -> int:
    sent, connection = 0, None
    try:
        for row in rows:
            try:
                message = _message(row)
                if connection is None:
                    connection = get_connection()
                    connection.open()
                message.connection = connection
                message.send()
            except PERMANENT as error:
                _with_db_retry(functools.partial(_mark_not_sent, row, error, True))
                continue
            except (smtplib.SMTPException, OSError) as error:
                _with_db_retry(functools.partial(_mark_not_sent, row, error, False))
                if connection is not None:  # it may be broken: the next e-mail opens a fresh one
                    _close(connection)
                    connection = None
                continue
            _with_db_retry(functools.partial(_mark_sent, row))
            sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return sent


@transaction.atomic
def retry(outbox_id: int) -> bool:
    """A failed e-mail goes back to the queue (the project leader's button); True if it was failed."""
    row = OutboxEmail.objects.select_for_update().filter(pk=outbox_id, status=S.FAILED).first()
    if row is None:
        return False
    row.status, row.not_before, row.attempts = S.PENDING, timezone.now(), 0
    row.save(update_fields=["status", "not_before", "attempts"])
    queue_after_commit("core.tasks.deliver_outbox", [row.key])
    return True
