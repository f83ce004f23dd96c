"""Give the Erfaren survey's invitations the step they were sent for.

Until now "Skicka nu"/"Bjud in nytillkomna" stored no step, so results filtered by step left them out.
An invitation gets the Erfaren step the person was on when invited (their latest placement with the
Erfaren slug from before the invitation); one with no such placement is left as it is.

Responses carry no link to their invitation. Those without a step in an Erfaren round get the step
only when every invitation of the round is now on one and the same step: then every response of the
round came from that step, so setting it says nothing about anyone. Otherwise they are left alone.
"""
from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Invitation = apps.get_model("followup", "Invitation")
    Response = apps.get_model("followup", "Response")
    StepPlacement = apps.get_model("enrollment", "StepPlacement")
    slug = getattr(settings, "FOLLOWUP_ERFAREN_STEP_SLUG", "erfaren")
    for invitation in Invitation.objects.filter(round__template__kind="erfaren_yearly", step__isnull=True):
        placement = (StepPlacement.objects.filter(person_id=invitation.person_id, step__slug=slug,
                                                  since__lte=invitation.created_at.date())
                     .order_by("-since", "-pk").first())
        if placement is not None:
            invitation.step_id = placement.step_id
            invitation.save(update_fields=["step"])
    rounds = Response.objects.filter(round__template__kind="erfaren_yearly", step__isnull=True)
    for round_id in set(rounds.values_list("round_id", flat=True)):
        steps = set(Invitation.objects.filter(round_id=round_id).values_list("step_id", flat=True))
        if len(steps) == 1 and None not in steps:
            Response.objects.filter(round_id=round_id, step__isnull=True).update(step_id=steps.pop())


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0003_invitation_last_reminded_on"),
        ("enrollment", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
