"""Saved survey drafts are kept sealed (followup.sealing), no longer as readable JSON on the invitation."""

from django.db import migrations, models


def seal_drafts(apps, schema_editor):
    from followup.sealing import seal_draft

    Invitation = apps.get_model("followup", "Invitation")
    for invitation in Invitation.objects.exclude(draft={}).only("pk", "draft"):
        invitation.draft_sealed = seal_draft(invitation.draft)
        invitation.save(update_fields=["draft_sealed"])


class Migration(migrations.Migration):
    dependencies = [("followup", "0009_round_year_range")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="draft_sealed",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(seal_drafts, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="draft"),
    ]
