"""Sending e-mail exactly once per event, from templates that the project leader can edit."""
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import SentEmail

logger = logging.getLogger(__name__)


def render_email(template_prefix, context, language=None):
    """Render `<prefix>_subject.txt` and `<prefix>_body.txt` into (subject, body).

    In the portal's language (Swedish) unless told otherwise: the recipient has not chosen a language,
    and whatever language happens to be active in the sending thread must not decide for them.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return subject, body


def send_once(key, to, subject, body, attachments=()):
    """Send one e-mail unless a mail with this key was already sent; return True if sent now.

    The key row is inserted in the same transaction as the send: a second worker racing for the
    same key waits on the unique index and then finds it taken; a failed send rolls the row back so
    that a retry sends again.
    """
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key, recipient=to, subject=subject[:255])
            message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
            for filename, content, mimetype in attachments:
                message.attach(filename, content, mimetype)
            message.send()
    except IntegrityError:
        logger.info("E-mail %s already sent; not sending again", key)
        return False
    return True
