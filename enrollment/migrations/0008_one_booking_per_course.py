import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0007_fill_enrollment_course")]

    operations = [
        migrations.AlterField(
            model_name="enrollment",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.course",
                verbose_name="kurs",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrollment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "approved", "waitlisted"])),
                fields=("person", "course"),
                name="one_booking_per_person_and_course",
            ),
        ),
    ]
