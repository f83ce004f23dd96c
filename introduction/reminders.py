"""The introduction's reminders, each sent once (core.outbox keys): to the manager when a
newcomer's part is at risk (no booking that completes it in time, six weeks before the deadline) and when
a deadline has passed; to the newcomer when a planned item is due."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.outbox import Mail

from .models import Plan, PlanItem
from .selectors import progress_for

# A due item older than this is not reminded about any more (a plan written late sends no backlog).
ITEM_REMINDER_WINDOW = datetime.timedelta(days=7)


def _managers(person: User) -> list[User]:
    if (
        person.manager_id
        and person.manager.is_active
        and person.manager.municipality_id == person.municipality_id
    ):
        return [person.manager]
    return list(User.objects.with_role(Role.MANAGER).filter(municipality_id=person.municipality_id))


def _mail(key: str, to: str, template: str, context: dict[str, object]) -> Mail:
    return Mail(key=key, to=to, template=f"introduction/email/{template}", context=context)


def due_reminders(today: datetime.date) -> list[Mail]:
    """The Mail of every reminder due today, sent or not (core.outbox.send skips the sent ones)."""
    plans = list(
        Plan.objects.filter(signed_off_at__isnull=True, person__is_active=True).select_related(
            "person", "person__manager", "step"
        )
    )
    progress = progress_for(plans, today)
    mails = []
    for plan in plans:
        for part in progress[plan.pk]:
            if part.status not in ("at_risk", "overdue"):
                continue
            kind = "overdue" if part.status == "overdue" else "at_risk"
            for manager in _managers(plan.person):
                mails.append(
                    _mail(
                        f"introduction:{kind}:{plan.pk}:{part.number}:{part.deadline.isoformat()}:{manager.pk}",
                        manager.email,
                        kind,
                        {"plan": plan, "person": plan.person, "part": part, "manager": manager},
                    )
                )
    for item in PlanItem.objects.filter(
        plan__signed_off_at__isnull=True,
        plan__person__is_active=True,
        done_at__isnull=True,
        due_on__lte=today,
        due_on__gte=today - ITEM_REMINDER_WINDOW,
    ).select_related("plan__person", "course"):
        mails.append(
            _mail(
                f"introduction:item_due:{item.pk}:{item.due_on.isoformat()}",
                item.plan.person.email,
                "item_due",
                {"item": item, "plan": item.plan, "person": item.plan.person},
            )
        )
    return mails


def reminders_send(today: datetime.date | None = None) -> int:
    """Send the reminders due today that were not sent before; returns how many were sent now."""
    return outbox.send(due_reminders(today or timezone.localdate()))
