"""A person's enrollments, attendance, steps and certificates for the GDPR export, and how they are
anonymised: the rows stay for the statistics, free text and the manager link go."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Ref

from .models import Enrollment, EnrollmentEvent, MessageRecipient, StepPlacement


def _occasion(occasion):
    """{"id", "name"}: the course and its first day in words, e.g. "Samtal med barn (2 december 2026)"."""
    first = min((day.date for day in occasion.days.all()), default=None)
    return Ref(
        pk=occasion.pk, name=f"{occasion.course.name} ({date_format(first) if first else occasion.pk})"
    )


def _enrollments(person):
    return (
        Enrollment.objects.filter(person=person)
        .select_related("occasion__course", "manager")
        .prefetch_related("occasion__days", "events__actor", "attendance__day")
    )


def collect_enrollments(person):
    return [
        {
            "occasion": _occasion(enrollment.occasion),
            "status": enrollment.get_status_display(),
            "reason": enrollment.reason,
            "manager": Ref(enrollment.manager) if enrollment.manager_id else None,
            "requested_at": enrollment.requested_at,
            "decided_at": enrollment.decided_at,
            "events": [
                {
                    "at": event.at,
                    "from": event.get_from_status_display(),
                    "to": event.get_to_status_display(),
                    "reason": event.reason,
                    "by": Ref(event.actor) if event.actor_id else None,
                }
                for event in enrollment.events.all()
            ],
            "attendance": [
                {"day": mark.day.date, "present": mark.present} for mark in enrollment.attendance.all()
            ],
        }
        for enrollment in _enrollments(person)
    ]


def collect_steps(person):
    return [
        {"journey": placement.journey.name, "step": placement.step.name, "since": placement.since}
        for placement in StepPlacement.objects.filter(person=person).select_related("journey", "step")
    ]


def collect_certificates(person):
    return [
        {"occasion": _occasion(enrollment.occasion)}
        for enrollment in _enrollments(person).filter(status=Enrollment.Status.COMPLETED)
    ]


def collect_messages(person):
    """Messages written in the portal that the person received (enrollment.messaging)."""
    received = MessageRecipient.objects.filter(person=person).select_related("message__sender")
    return [
        {
            "subject": recipient.message.subject,
            "sent_at": recipient.message.created_at,
            "from": Ref(recipient.message.sender) if recipient.message.sender_id else None,
        }
        for recipient in received.order_by("message__created_at", "pk")
    ]


def anonymise_enrollments(person, placeholder):
    # Rows, states, attendance and steps stay (statistics). Motivations and decision reasons are free
    # text that may describe the person, so they go; so does the link to the manager they named.
    Enrollment.objects.filter(person=person).update(reason="", manager=None)
    EnrollmentEvent.objects.filter(enrollment__person=person).update(reason="")


def register():
    personal_data.register(
        "enrollments",
        collect_enrollments,
        anonymise_enrollments,
        title=_("Anmälningar"),
        purpose=_(
            "För att planera kursdagarna, hålla reda på din plats och din närvaro och ge dig kursintyg."
        ),
    )
    personal_data.register(
        "step_placements",
        collect_steps,
        title=_("Steg på yrkesresan"),
        purpose=_("För att följa din yrkesresa och föreslå nästa steg, även om du byter kommun."),
    )
    personal_data.register(
        "messages",
        collect_messages,
        title=_("Meddelanden"),
        purpose=_("För att visa vem som skickade vilket meddelande till dig och när."),
    )
    personal_data.register(
        "certificates",
        collect_certificates,
        title=_("Kursintyg"),
        purpose=_("För att du ska kunna ladda ned dina kursintyg och för att de ska gå att kontrollera."),
    )
