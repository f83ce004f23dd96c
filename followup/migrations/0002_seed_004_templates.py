"""Ships the survey templates for the seven effect goals of seed 004 part B (see followup/catalogue.py)."""
from django.db import migrations

from followup.catalogue import load_templates


def load(apps, schema_editor):
    load_templates(apps.get_model("followup", "SurveyTemplate"), apps.get_model("followup", "Question"))


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
