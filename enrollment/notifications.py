"""Who is told what about enrollments: each function composes the e-mails of one event as
core.outbox.Mail values (key, address, template, context) and sends nothing itself.

Services hand them to core.outbox.enqueue inside their transaction; the reminder tasks hand them to
core.outbox.send. Each key names the event, so composing the same event again adds no e-mail.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from accounts.models import User
from accounts.roles import Role
from core.outbox import Mail
from courses.calendar import occasion_calendar
from courses.models import CourseOccasion
from courses.selectors import coming_occasions_of_course

from .models import Enrollment

if TYPE_CHECKING:
    from .models import EnrollmentEvent, Interest, Message

S = Enrollment.Status
# Ended by the person or for them (the codebase issue gives these groups a name on the model).
CANCELLED = (S.CANCELLED, S.LATE_CANCELLED, S.WITHDRAWN)
TEMPLATES = "enrollment/email/"


def _mail(key: str, to: str, template: str, context: dict[str, object], attachments: object = ()) -> Mail:
    return Mail(key=key, to=to, template=TEMPLATES + template, context=context, attachments=attachments)


def _ics_attachment(occasion: CourseOccasion) -> list[tuple[str, bytes, str]]:
    return [("kursdagar.ics", occasion_calendar(occasion), "text/calendar")]


def _next_occasion(occasion: CourseOccasion) -> CourseOccasion | None:
    """The course's next occasion open for sign-up (or planned) with a day still to come, if any."""
    others = CourseOccasion.objects.exclude(pk=occasion.pk).filter(
        status__in=[CourseOccasion.Status.OPEN, CourseOccasion.Status.PLANNED]
    )
    return coming_occasions_of_course(others, occasion.course).first()


def managers_for(enrollment: Enrollment) -> list[User]:
    """The named manager, or every manager of the person's municipality when none is named."""
    if enrollment.manager_id and enrollment.manager.is_active:
        return [enrollment.manager]
    if not enrollment.person.municipality_id:
        return []
    return list(
        User.objects.with_role(Role.MANAGER).filter(municipality_id=enrollment.person.municipality_id)
    )


def enrollment_event(event: EnrollmentEvent) -> list[Mail]:
    """The e-mails that belong to one state change of an enrollment (an EnrollmentEvent)."""
    enrollment, person = event.enrollment, event.enrollment.person
    occasion = enrollment.occasion
    context = {
        "enrollment": enrollment,
        "person": person,
        "occasion": occasion,
        "course": occasion.course,
        "event": event,
        "days": list(occasion.days.filter(is_cancelled=False)),
    }
    key = f"enrollment-event:{event.pk}"
    promoted = event.from_status == S.WAITLISTED
    mails = []
    if event.to_status == S.PENDING:
        if promoted:
            mails.append(_mail(f"{key}:person", person.email, "promoted_pending", context))
        mails += [
            _mail(
                f"{key}:manager:{manager.pk}",
                manager.email,
                "request_to_manager",
                {**context, "manager": manager},
            )
            for manager in managers_for(enrollment)
        ]
    elif event.to_status == S.APPROVED:
        template = "promoted" if promoted else "approved"
        mails.append(
            _mail(
                f"{key}:person", person.email, template, context, functools.partial(_ics_attachment, occasion)
            )
        )
    elif event.to_status == S.WAITLISTED:
        mails.append(_mail(f"{key}:person", person.email, "waitlisted", context))
    elif event.to_status == S.NOT_ADMITTED:
        # The occasion was completed with them still waiting: point them to the course's next occasion.
        context = {**context, "next_occasion": _next_occasion(occasion)}
        mails.append(_mail(f"{key}:person", person.email, "not_admitted", context))
    elif event.to_status == S.REJECTED:
        template = "declined_closed" if event.actor_id is None else "rejected"
        mails.append(_mail(f"{key}:person", person.email, template, context))
    elif event.to_status in CANCELLED:
        mails.append(_mail(f"{key}:person", person.email, "cancelled", context))
        mails += [
            _mail(
                f"{key}:manager:{manager.pk}",
                manager.email,
                "cancelled_manager_copy",
                {**context, "manager": manager},
            )
            for manager in managers_for(enrollment)
            if manager.pk != person.pk
        ]
    return mails


# Told that their occasion is cancelled: their bookings were ended with the cancellation
# (services.occasion_cancel_enrollments), so both the new and the earlier statuses count.
TOLD_OF_CANCELLATION = [S.OCCASION_CANCELLED, S.PENDING, S.APPROVED, S.WAITLISTED]


def occasion_cancelled(occasion: CourseOccasion) -> list[Mail]:
    """Everyone booked or waiting is told that the occasion is cancelled."""
    context = {"occasion": occasion, "course": occasion.course}
    return [
        _mail(
            f"occasion-cancelled:{occasion.pk}:{enrollment.person_id}",
            enrollment.person.email,
            "occasion_cancelled",
            {**context, "person": enrollment.person},
        )
        for enrollment in occasion.enrollments.filter(status__in=TOLD_OF_CANCELLATION).select_related(
            "person"
        )
    ]


def occasion_changed(occasion: CourseOccasion, change_id: str) -> list[Mail]:
    """The booked are told that date, time or place changed; `change_id` names the change (once each)."""
    days = list(occasion.days.all())
    context = {
        "occasion": occasion,
        "course": occasion.course,
        "days": [day for day in days if not day.is_cancelled],
        "cancelled_days": [day for day in days if day.is_cancelled],
    }
    calendar = functools.cache(functools.partial(_ics_attachment, occasion))  # built once for all
    return [
        _mail(
            f"occasion-changed:{occasion.pk}:{change_id}:{enrollment.person_id}",
            enrollment.person.email,
            "occasion_changed",
            {**context, "person": enrollment.person},
            calendar,
        )
        for enrollment in occasion.enrollments.filter(status=S.APPROVED).select_related("person")
    ]


def reminder_key(enrollment_id: int) -> str:
    return f"reminder:{enrollment_id}"


def leader_reminder_key(occasion_id: int, leader_id: int) -> str:
    return f"reminder-leader:{occasion_id}:{leader_id}"


def occasion_reminders(occasion: CourseOccasion) -> list[Mail]:
    """Before the first course day: each approved participant and each course leader, once."""
    participants = list(occasion.enrollments.filter(status=S.APPROVED).select_related("person"))
    context = {
        "occasion": occasion,
        "course": occasion.course,
        "days": list(occasion.days.filter(is_cancelled=False)),
    }
    calendar = functools.cache(functools.partial(_ics_attachment, occasion))  # built once, if needed
    mails = [
        _mail(
            reminder_key(enrollment.pk),
            enrollment.person.email,
            "reminder",
            {**context, "person": enrollment.person},
            calendar,
        )
        for enrollment in participants
    ]
    mails += [
        _mail(
            leader_reminder_key(occasion.pk, leader.pk),
            leader.email,
            "reminder_leader",
            {**context, "person": leader, "count": len(participants)},
        )
        for leader in occasion.course_leaders.all()
    ]
    return mails


def closing_soon(pending: Iterable[Enrollment]) -> list[Mail]:
    """Each manager, once per occasion, about their staff's requests still pending before sign-up closes."""
    by_manager = {}
    for enrollment in pending:
        for manager in managers_for(enrollment):
            by_manager.setdefault((manager, enrollment.occasion), []).append(enrollment)
    return [
        _mail(
            f"closing-soon:{occasion.pk}:{manager.pk}",
            manager.email,
            "closing_soon",
            {"manager": manager, "occasion": occasion, "course": occasion.course, "enrollments": enrollments},
        )
        for (manager, occasion), enrollments in by_manager.items()
    ]


def interest_open(interest: Interest, occasion: CourseOccasion) -> list[Mail]:
    """A person on a course's interest list: an occasion of the course is open for sign-up (once)."""
    return [
        _mail(
            f"interest:{interest.pk}:{occasion.pk}",
            interest.person.email,
            "interest_open",
            {"person": interest.person, "course": interest.course, "occasion": occasion},
        )
    ]


MESSAGE_TEMPLATE = TEMPLATES + "message"


def message(message: Message, recipients: Iterable[User]) -> list[Mail]:
    """A written message (enrollment.messaging): one e-mail per recipient, keyed by message and person."""
    from .messaging import recipient_key

    return [
        _mail(
            recipient_key(message.pk, person.pk),
            person.email,
            "message",
            {"message": message, "sender": message.sender, "person": person},
        )
        for person in recipients
    ]
