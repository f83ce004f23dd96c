"""The SP's private key moves out of SocialApp.settings (shown by the Django admin) into a sealed field."""

from django.db import migrations, models


def move_keys(apps, schema_editor):
    from core.sealing import seal

    IdentityProvider = apps.get_model("accounts", "IdentityProvider")
    for link in IdentityProvider.objects.select_related("app"):
        advanced = dict(link.app.settings.get("advanced") or {})
        key = advanced.pop("private_key", "")
        if not key:
            continue
        link.sp_certificate = advanced.get("x509cert", "")
        link.sp_private_key_sealed = seal(key, b"yrkesresan.accounts.sp-key:")
        link.save(update_fields=["sp_certificate", "sp_private_key_sealed"])
        link.app.settings = {**link.app.settings, "advanced": advanced}
        link.app.save(update_fields=["settings"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_employment_and_introduction_roles"), ("socialaccount", "__latest__")]

    operations = [
        migrations.AddField(
            model_name="identityprovider",
            name="sp_certificate",
            field=models.TextField(blank=True, default="", verbose_name="SP-certifikat"),
        ),
        migrations.AddField(
            model_name="identityprovider",
            name="sp_private_key_sealed",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(move_keys, migrations.RunPython.noop),
    ]
