"""Enrollment.course: the occasion's course, copied so the database can enforce one booking per course."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_occasion_starts_on"),
        ("enrollment", "0005_interest_lists"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="course",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.course",
                verbose_name="kurs",
            ),
        ),
    ]
