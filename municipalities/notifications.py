"""Who municipalities tells what: the project leaders, about agreements that expire or stay unsigned."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.outbox import Mail

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from .models import Agreement


def agreement_reminder(
    agreement: Agreement, threshold: str, leaders: Iterable[AbstractBaseUser], today: datetime.date
) -> list[Mail]:
    """One reminder per project leader; the key carries the date the threshold is counted from, so an
    agreement that is extended or sent again is reminded about again."""
    since = agreement.ends_on if threshold == "expiring" else agreement.sent_on
    context = {
        "agreement": agreement,
        "threshold": threshold,
        "days_left": (agreement.ends_on - today).days,
        "days_since_sent": (today - agreement.sent_on).days if agreement.sent_on else None,
    }
    key = f"agreement-reminder:{agreement.pk}:{threshold}:{since.isoformat()}"
    return [
        Mail(
            key=f"{key}:{leader.pk}",
            to=leader.email,
            template=f"municipalities/email/agreement_{threshold}",
            context=context,
        )
        for leader in leaders
    ]
