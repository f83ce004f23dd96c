"""Messages to the participants of an occasion, its waiting list or the managers' network: who may
write to whom (`audiences_for`, `messageable_occasions`, `messageable_municipalities`), who receives one
(`message_recipients`), sending it once (`message_send`), and which messages a person may read in the log.

Sending writes the message, one recipient row per person and one outbox e-mail each, in one transaction;
the outbox key names the message and the person, and the form's one-time token is unique, so a double
click, a reload or a retried task never sends anything twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.errors import DomainError
from municipalities.access import municipalities_visible_to

from . import notifications
from .access import occasions_managed_by
from .models import Enrollment, Message, MessageRecipient

if TYPE_CHECKING:
    from courses.models import CourseOccasion
    from municipalities.models import Municipality

A = Message.Audience


def audiences_for(user: User) -> list[str]:
    """The audiences this person may write to: the project leader all three; a course leader the
    participants and waiting lists of their own occasions; nobody else any."""
    if user.has_role(Role.PROJECT_LEADER):
        return [A.PARTICIPANTS, A.WAITLIST, A.MANAGERS]
    if user.has_role(Role.COURSE_LEADER):
        return [A.PARTICIPANTS, A.WAITLIST]
    return []


def messageable_occasions(user: User) -> QuerySet[CourseOccasion]:
    """Occasions whose participants and waiting list this person may write to (as occasions_managed_by)."""
    return occasions_managed_by(user)


def messageable_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose managers this person may write to: the project leader's scope, nobody else."""
    if A.MANAGERS not in audiences_for(user):
        return municipalities_visible_to(user).none()
    return municipalities_visible_to(user)


def message_recipients(
    *, audience: str, occasion: CourseOccasion | None = None, municipality_ids: Iterable[int] = ()
) -> list[User]:
    """The people a message to this audience goes to, each once, active and with an address, by name.

    Participants are those holding a place (pending, approved, and after the course completed or not);
    the waiting list is those waiting; the managers' network is every active manager of the municipalities.
    """
    people = User.objects.filter(is_active=True).exclude(email="")
    if audience in (A.PARTICIPANTS, A.WAITLIST):
        if occasion is None:
            return []
        statuses = Enrollment.HOLDS_PLACE if audience == A.PARTICIPANTS else [Enrollment.Status.WAITLISTED]
        booked = Enrollment.objects.filter(occasion=occasion, status__in=statuses).values("person_id")
        people = people.filter(pk__in=booked)
    elif audience == A.MANAGERS:
        if not municipality_ids:
            return []
        people = people.filter(is_manager=True, municipality_id__in=list(municipality_ids))
    else:
        return []
    return list(people.select_related("municipality").order_by("last_name", "first_name", "pk"))


def _check_scope(
    sender: User, audience: str, occasion: CourseOccasion | None, municipality_ids: Sequence[int]
) -> None:
    """The sender may write to this audience about this occasion / these municipalities (DomainError)."""
    if audience not in audiences_for(sender):
        raise DomainError(_("Du kan inte skicka meddelanden till de mottagarna."))
    if audience in (A.PARTICIPANTS, A.WAITLIST):
        if occasion is None or not messageable_occasions(sender).filter(pk=occasion.pk).exists():
            raise DomainError(_("Välj ett kurstillfälle som du ansvarar för."))
    else:
        allowed = set(
            messageable_municipalities(sender).filter(pk__in=municipality_ids).values_list("pk", flat=True)
        )
        if not municipality_ids or allowed != set(municipality_ids):
            raise DomainError(_("Välj en eller flera kommuner."))


def recipient_key(message_id: int, person_id: int) -> str:
    return f"message:{message_id}:{person_id}"


def message_send(
    *,
    sender_id: int,
    token: str,
    audience: str,
    subject: str,
    body: str,
    occasion_id: int | None = None,
    municipality_ids: Iterable[int] = (),
) -> tuple[Message, bool]:
    """Send a message once: (message, created). The same token again returns the first message and
    sends nothing. Refused (DomainError) outside the sender's scope or without any recipient."""
    from courses.models import CourseOccasion

    sender = User.objects.get(pk=sender_id)
    existing = Message.objects.filter(token=token).first()
    if existing is not None:
        if existing.sender_id != sender_id:
            raise DomainError(_("Formuläret är inte giltigt längre. Skriv meddelandet igen."))
        return existing, False
    occasion = CourseOccasion.objects.filter(pk=occasion_id).first() if occasion_id else None
    municipality_ids = sorted(set(municipality_ids)) if audience == A.MANAGERS else []
    _check_scope(sender, audience, occasion, municipality_ids)
    if not subject.strip() or not body.strip():
        raise DomainError(_("Skriv både ämne och meddelande."))
    recipients = message_recipients(audience=audience, occasion=occasion, municipality_ids=municipality_ids)
    if not recipients:
        raise DomainError(_("Det finns ingen mottagare att skicka meddelandet till."))
    try:
        with transaction.atomic():
            message = Message.objects.create(
                token=token,
                sender=sender,
                audience=audience,
                occasion=occasion if audience != A.MANAGERS else None,
                subject=subject.strip(),
                body=body.strip(),
            )
            message.municipalities.set(municipality_ids)
            MessageRecipient.objects.bulk_create(
                [
                    MessageRecipient(message=message, person=person, key=recipient_key(message.pk, person.pk))
                    for person in recipients
                ]
            )
            outbox.enqueue(notifications.message(message, recipients))
    except IntegrityError:
        # The same form posted twice at once: the other post made the message; this one adds nothing.
        existing = Message.objects.filter(token=token, sender_id=sender_id).first()
        if existing is None:
            raise
        return existing, False
    return message, True


def message_preview(
    *, sender: User, subject: str, body: str, recipients: Sequence[User]
) -> tuple[str, str] | None:
    """(subject, body) of the e-mail as the first recipient will get it, or None without recipients."""
    if not recipients:
        return None
    draft = Message(sender=sender, subject=subject.strip(), body=body.strip())
    mail = notifications.message(draft, recipients[:1])[0]
    return outbox.render(mail.template, mail.context, mail.language)


def messages_visible_to(user: User) -> QuerySet[Message]:
    """The log: the project leader reads every message; a course leader those about their occasions and
    those they sent; nobody else any."""
    messages = Message.objects.select_related("sender", "occasion__course")
    if user.has_role(Role.PROJECT_LEADER):
        return messages
    if user.has_role(Role.COURSE_LEADER):
        return messages.filter(Q(occasion__in=messageable_occasions(user)) | Q(sender=user))
    return messages.none()
