"""Answer.round: a copy of the response's round, filled for the answers there are. Made NOT NULL and
indexed in 0006 (a separate transaction: PostgreSQL refuses ALTER TABLE while the deferred foreign-key
checks of this UPDATE are pending)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_round(apps, schema_editor):
    Answer = apps.get_model("followup", "Answer")
    Response = apps.get_model("followup", "Response")
    round_of_response = Response.objects.filter(pk=models.OuterRef("response_id")).values("round_id")[:1]
    Answer.objects.filter(round__isnull=True).update(round=models.Subquery(round_of_response))


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0004_erfaren_invitation_steps'),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='round',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='followup.surveyround'),
        ),
        migrations.RunPython(fill_round, migrations.RunPython.noop),
    ]
