"""A newcomer's introduction plan, its items and ticks, and their digital completions for the GDPR
export, and how they are anonymised: the plan's dates and municipality stay for the statistics; the
items (free text, ticks, who was responsible) and the links to mentor and 1:e socialsekreterare go."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Labelled, Ref

from .models import DigitalCompletion, Plan, PlanItem

PLAN_LABELS = {
    "municipality": _("anställd i kommun"),
    "step": _("steg"),
    "starting_point": _("utgångsläge"),
    "starts_on": _("anställd från"),
    "mentor": _("mentor/fadder"),
    "first_social_worker": _("1:e socialsekreterare"),
    "signed_off_at": _("godkänd"),
    "signed_off_by": _("godkänd av"),
    "items": _("punkter"),
}
ITEM_LABELS = {
    "what": _("vad"),
    "responsible": _("ansvarig"),
    "due_on": _("datum"),
    "done_at": _("klar"),
    "done_by": _("bockad av"),
}
COMPLETION_LABELS = {"course": _("kurs"), "completed_on": _("slutförd")}


def _ref(person):
    return Ref(person) if person is not None else None


def collect_plan(person):
    plan = (
        Plan.objects.filter(person=person)
        .select_related("municipality", "step", "mentor", "first_social_worker", "signed_off_by")
        .first()
    )
    if plan is None:
        return None
    items = PlanItem.objects.filter(plan=plan).select_related("course", "responsible", "done_by")
    return Labelled(
        {
            "municipality": str(plan.municipality),
            "step": str(plan.step),
            "starting_point": plan.get_starting_point_display(),
            "starts_on": plan.starts_on,
            "mentor": _ref(plan.mentor),
            "first_social_worker": _ref(plan.first_social_worker),
            "signed_off_at": plan.signed_off_at,
            "signed_off_by": _ref(plan.signed_off_by),
            "items": [
                Labelled(
                    {
                        "what": item.label,
                        "responsible": _ref(item.responsible),
                        "due_on": item.due_on,
                        "done_at": item.done_at,
                        "done_by": _ref(item.done_by),
                    },
                    ITEM_LABELS,
                )
                for item in items
            ],
        },
        PLAN_LABELS,
    )


def collect_digital(person):
    return [
        Labelled({"course": c.course.name, "completed_on": c.completed_on}, COMPLETION_LABELS)
        for c in DigitalCompletion.objects.filter(person=person).select_related("course")
    ]


def anonymise_plan(person, placeholder):
    PlanItem.objects.filter(plan__person=person).delete()
    Plan.objects.filter(person=person).update(
        mentor=None, first_social_worker=None, created_by=None, signed_off_by=None
    )
    # Where the person was named as responsible or ticked an item on someone else's plan.
    PlanItem.objects.filter(responsible=person).update(responsible=None)
    PlanItem.objects.filter(done_by=person).update(done_by=None)
    Plan.objects.filter(mentor=person).update(mentor=None)
    Plan.objects.filter(first_social_worker=person).update(first_social_worker=None)


def register():
    personal_data.register("introduction_plan", collect_plan, anonymise_plan, title=_("Introduktionsplan"))
    personal_data.register(
        "digital_completions", collect_digital, title=_("Digitala delar slutförda i Totara")
    )
