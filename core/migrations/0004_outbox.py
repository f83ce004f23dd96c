"""The log of sent e-mails becomes the outbox: rows written before sending, delivered by core.outbox.

Every row already there was sent, so it gets the status "sent" and its send time as creation time."""

import django.utils.timezone
from django.db import migrations, models


def existing_rows_were_sent(apps, schema_editor):
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    OutboxEmail.objects.update(status="sent", created_at=models.F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_used_form_token")]

    operations = [
        migrations.RenameModel("SentEmail", "OutboxEmail"),
        migrations.AlterModelOptions(
            name="outboxemail",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "e-postmeddelande",
                "verbose_name_plural": "e-postmeddelanden",
            },
        ),
        migrations.AlterField(
            model_name="outboxemail",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="skickat"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="body",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="attachments",
            field=models.JSONField(blank=True, default=list, verbose_name="bilagor"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Väntar"),
                    ("sending", "Skickas"),
                    ("sent", "Skickat"),
                    ("failed", "Misslyckades"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="försök"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="not_before",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="nästa försök"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="påbörjat"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="skapat"),
        ),
        migrations.AddField(
            model_name="outboxemail",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="orsak"),
        ),
        migrations.RunPython(existing_rows_were_sent, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="outboxemail",
            index=models.Index(fields=["status", "not_before"], name="outbox_due"),
        ),
    ]
