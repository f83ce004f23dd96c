"""Who the catalogue tells what: course leaders and trainers about the occasions they work on, and the
people of a trainer proposal about its decision. Each function composes core.outbox.Mail values and
sends nothing itself; the services hand them to core.outbox.enqueue inside their transaction.

Keys name the event: an occasion's change carries its staff revision (CourseOccasion.staff_revision,
raised once per change that tells anyone anything), a proposal's decision its event row. Composing the
same event again (a retry) adds nothing; the next real change has a new key and is sent.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from accounts.roles import Role
from core.outbox import Mail

from .calendar import occasion_calendar

if TYPE_CHECKING:
    from .models import CourseOccasion, TrainerProposalEvent

TEMPLATES = "courses/email/"

ASSIGNED, REMOVED, CHANGED, CANCELLED = "assigned", "removed", "changed", "cancelled"


def _calendar(occasion: CourseOccasion, cancelled: bool = False) -> list[tuple[str, bytes, str]]:
    return [("kursdagar.ics", occasion_calendar(occasion, cancelled=cancelled), "text/calendar")]


def _roles(person_id: int, leaders: Collection[int], trainers: Collection[int]) -> list[str]:
    return [name for name, ids in (("leader", leaders), ("trainer", trainers)) if person_id in ids]


def staff_notice_kind(
    before: Collection[str],
    after: Collection[str],
    *,
    schedule_changed: bool,
    cancelled: bool,
    reopened: bool,
) -> str | None:
    """What one person is told about one change of an occasion, from their roles on it before and
    after (lists of "leader"/"trainer"): ASSIGNED, REMOVED, CANCELLED, CHANGED, or None."""
    if after and not before:
        return ASSIGNED
    if before and not after:
        return REMOVED
    if not after:
        return None
    if cancelled:
        return CANCELLED
    if schedule_changed or reopened:
        return CHANGED
    if set(before) != set(after):
        return ASSIGNED  # a new role on the same occasion (trainer → course leader)
    return None


def occasion_staff(
    occasion: CourseOccasion,
    *,
    revision: int,
    old_leaders: Iterable[int],
    old_trainers: Iterable[int],
    schedule_changed: bool = False,
    cancelled: bool = False,
    reopened: bool = False,
) -> list[Mail]:
    """The e-mails to the occasion's course leaders and trainers, present and removed, about one change.

    `old_leaders` / `old_trainers` are the person ids before the change (empty for a new occasion).
    Each e-mail carries the occasion's .ics as it is now; a removed person's has every day cancelled,
    so their calendar drops the days.
    """
    leaders = set(occasion.course_leaders.values_list("pk", flat=True))
    trainers = set(occasion.trainers.values_list("pk", flat=True))
    everyone = leaders | trainers | set(old_leaders) | set(old_trainers)
    if not everyone:
        return []
    people = get_user_model().objects.filter(pk__in=everyone, is_active=True)
    days = list(occasion.days.all())
    context = {
        "occasion": occasion,
        "course": occasion.course,
        "days": [day for day in days if not day.is_cancelled],
        "cancelled_days": [day for day in days if day.is_cancelled],
    }
    current = functools.cache(functools.partial(_calendar, occasion))  # built once for all
    dropped = functools.cache(functools.partial(_calendar, occasion, True))
    mails = []
    for person in people.order_by("pk"):
        before = _roles(person.pk, set(old_leaders), set(old_trainers))
        after = _roles(person.pk, leaders, trainers)
        kind = staff_notice_kind(
            before, after, schedule_changed=schedule_changed, cancelled=cancelled, reopened=reopened
        )
        if kind is None:
            continue
        roles = after or before
        mails.append(
            Mail(
                key=f"occasion-staff:{occasion.pk}:r{revision}:{person.pk}:{kind}",
                to=person.email,
                template=f"{TEMPLATES}staff_{kind}",
                context={
                    **context,
                    "person": person,
                    "as_leader": "leader" in roles,
                    "as_trainer": "trainer" in roles,
                },
                attachments=dropped if kind == REMOVED else current,
            )
        )
    return mails


def proposal_received(event: TrainerProposalEvent) -> list[Mail]:
    """The region's project leaders hear of a new trainer proposal."""
    proposal = event.proposal
    leaders = get_user_model().objects.with_role(Role.PROJECT_LEADER)
    region_id = proposal.municipality.region_id
    leaders = leaders.filter(municipality__region_id=region_id) | leaders.filter(municipality__isnull=True)
    return [
        Mail(
            key=f"trainer-proposal-event:{event.pk}:leader:{leader.pk}",
            to=leader.email,
            template=f"{TEMPLATES}proposal_received",
            context={"proposal": proposal, "person": proposal.person, "leader": leader},
        )
        for leader in leaders.distinct().order_by("pk")
    ]


def proposal_decided(event: TrainerProposalEvent) -> list[Mail]:
    """The proposer and the proposed person hear of the project leader's decision (once each)."""
    proposal = event.proposal
    context = {"proposal": proposal, "event": event, "person": proposal.person}
    mails = [
        Mail(
            key=f"trainer-proposal-event:{event.pk}:person",
            to=proposal.person.email,
            template=f"{TEMPLATES}proposal_decided_person",
            context=context,
        )
    ]
    proposer = proposal.proposed_by
    if proposer is not None and proposer.is_active and proposer.pk != proposal.person_id:
        mails.append(
            Mail(
                key=f"trainer-proposal-event:{event.pk}:proposer",
                to=proposer.email,
                template=f"{TEMPLATES}proposal_decided_proposer",
                context={**context, "proposer": proposer},
            )
        )
    return mails
