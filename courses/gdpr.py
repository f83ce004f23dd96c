"""A person's trainer profile, the occasions they lead and the proposals of them as trainer, for the GDPR
export; anonymising ends the profile's calendar link (the occasions keep them as an anonymous leader)
and empties the proposals' free text (their status stays for the recruiting figures)."""

import secrets

from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Ref

from .models import CourseOccasion, TrainerProfile, TrainerProposal, TrainerProposalEvent


def collect_trainer(person):
    profile = TrainerProfile.objects.filter(person=person).prefetch_related("courses").first()
    led = (
        CourseOccasion.objects.filter(course_leaders=person).select_related("course").prefetch_related("days")
    )
    trained = CourseOccasion.objects.filter(trainers=person).select_related("course").prefetch_related("days")
    return {
        "profile": (
            {
                "courses": [course.name for course in profile.courses.all()],
                "trained_on": profile.trained_on,
                "is_active": profile.is_active,
            }
            if profile
            else None
        ),
        "occasions_led": [_occasion(occasion) for occasion in led],
        "occasions_as_trainer": [_occasion(occasion) for occasion in trained],
        "proposals": [
            {
                "status": proposal.get_status_display(),
                "proposed_on": proposal.created_at.date(),
                "areas": proposal.areas,
                "motivation": proposal.motivation,
                "decisions": [
                    {"status": event.get_to_status_display(), "on": event.at.date(), "note": event.note}
                    for event in proposal.events.all()
                ],
            }
            for proposal in TrainerProposal.objects.filter(person=person).prefetch_related("events")
        ],
    }


def _occasion(occasion):
    """An occasion by its course and first day: {"id", "name", "first_day"}; the PDF shows the name and day."""
    first = min((day.date for day in occasion.days.all()), default=None)
    return Ref(pk=occasion.pk, name=occasion.course.name, first_day=first)


def anonymise_trainer(person, placeholder):
    for profile in TrainerProfile.objects.filter(person=person):
        profile.is_active = False
        profile.calendar_token = secrets.token_urlsafe()
        profile.save(update_fields=["is_active", "calendar_token"])
    TrainerProposal.objects.filter(person=person).update(areas="", motivation="")
    TrainerProposalEvent.objects.filter(proposal__person=person).update(note="")


def register():
    personal_data.register(
        "trainer",
        collect_trainer,
        anonymise_trainer,
        title=_("Kursledare och utbildare"),
        purpose=_("För att planera vem som leder kurserna och räkna utbildarna per kommun."),
    )
