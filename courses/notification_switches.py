"""Kinds of notification switched off for one occasion (the project leader's choice on the occasion's
e-mail page): e-mails of those kinds about the occasion are not composed.

The kinds are kept on the occasion row (`CourseOccasion.notifications_off`), so the outbox filter
`leave_out_switched_off` reads them from the occasion already in the e-mail's context, without a query
under the occasion lock.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from core import mailtemplates
from core.outbox import Mail

from .locks import lock_occasion
from .models import CourseOccasion

# A kind's shipped text is about an occasion when it uses one of these names.
ABOUT_AN_OCCASION = {"occasion", "course", "days", "enrollment", "enrollments"}
# Written messages are never switched off (enrollment.notifications.MESSAGE_TEMPLATE).
NEVER_OFF = {"enrollment/email/message"}


def switchable_kinds() -> list[mailtemplates.Kind]:
    """The kinds of notification that are about an occasion, and so can be switched off for one."""
    return sorted(
        (
            kind
            for kind in mailtemplates.kinds().values()
            if kind.roots & ABOUT_AN_OCCASION and kind.name not in NEVER_OFF
        ),
        key=lambda kind: kind.name,
    )


def occasion_notifications_set(*, occasion_id: int, kinds_off: Iterable[str]) -> list[str]:
    """Switch these kinds off for the occasion and every other kind on again; returns those off."""
    known = {kind.name for kind in switchable_kinds()}
    wanted = sorted(set(kinds_off) & known)
    with transaction.atomic():
        occasion = lock_occasion(occasion_id)
        occasion.notifications_off = wanted
        occasion.save(update_fields=["notifications_off", "updated_at"])
    return wanted


def leave_out_switched_off(mails: list[Mail]) -> list[Mail]:
    """The outbox filter: e-mails of a kind switched off for the occasion in their context are left out."""
    return [
        mail
        for mail in mails
        if not (
            isinstance(mail.context.get("occasion"), CourseOccasion)
            and mail.template in (mail.context["occasion"].notifications_off or ())
        )
    ]
