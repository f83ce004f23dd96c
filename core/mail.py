"""Sending e-mail exactly once per event: each e-mail's key is recorded (SentEmail) with its send, and
the text comes from the sending app's `<prefix>_subject.txt` / `<prefix>_body.txt` templates."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import SentEmail

logger = logging.getLogger(__name__)

# Keys looked up per query when a batch asks which of its e-mails were already sent.
KEYS_PER_QUERY = 500


def render_email(template_prefix, context, language=None):
    """Render `<prefix>_subject.txt` and `<prefix>_body.txt` into (subject, body).

    In the portal's language (Swedish) unless told otherwise: the recipient has not chosen a language,
    and whatever language happens to be active in the sending thread must not decide for them.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return subject, body


def send_once(key, to, subject, body, attachments=(), connection=None, durable=False):
    """Send one e-mail unless a mail with this key was already sent; return True if sent now.

    The key row is inserted in the same transaction as the send: a second worker racing for the
    same key waits on the unique index and then finds it taken; a failed send rolls the row back so
    that a retry sends again. `durable` refuses to run inside another transaction (see send_each).
    """
    try:
        with transaction.atomic(durable=durable):
            SentEmail.objects.create(key=key, recipient=to, subject=subject[:255])
            message = EmailMultiAlternatives(subject=subject, body=body, to=[to], connection=connection)
            for filename, content, mimetype in attachments:
                message.attach(filename, content, mimetype)
            message.send()
    except IntegrityError:
        logger.info("E-mail %s already sent; not sending again", key)
        return False
    return True


def sent_keys(keys):
    """The subset of `keys` whose e-mail was already sent (a few queries however many keys)."""
    keys = list(keys)
    found = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        found.update(
            SentEmail.objects.filter(key__in=keys[start : start + KEYS_PER_QUERY]).values_list(
                "key", flat=True
            )
        )
    return found


def send_each(mails):
    """Send a batch of e-mails, each at most once; return how many were sent now.

    `mails` holds (key, to, compose) with compose() returning (subject, body, attachments); e-mails
    without an address are skipped. One lookup finds the keys already sent, so a retry renders and sends
    only the rest. Each e-mail is its own transaction: its SentEmail row commits right after its own
    send, never together with the others', so a crash half-way keeps what was sent recorded. The
    transactions are durable: called inside another transaction (which would batch the commits again)
    it raises instead. One mail connection serves the batch (one SMTP login, not one per e-mail).
    """
    mails = [(key, to, compose) for key, to, compose in mails if to]
    done = sent_keys(key for key, _to, _compose in mails)
    sent, connection = 0, None
    try:
        for key, to, compose in mails:
            if key in done:
                continue
            subject, body, attachments = compose()
            if connection is None:
                connection = get_connection()
                connection.open()
            sent += send_once(key, to, subject, body, attachments, connection=connection, durable=True)
    finally:
        if connection is not None:
            connection.close()
    return sent
