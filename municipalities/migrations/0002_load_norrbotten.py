"""Load Norrbottens Kommuner and its 14 municipalities (SCB population 2025-12-31)."""
from django.db import migrations


def load(apps, schema_editor):
    from municipalities.loading import load_norrbotten

    load_norrbotten(
        apps.get_model("municipalities", "Region"),
        apps.get_model("municipalities", "Municipality"),
        apps.get_model("municipalities", "EmailDomain"),
        apps.get_model("municipalities", "PopulationFigure"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
