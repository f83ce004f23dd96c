"""Expected new hires per month (#15): each yearly figure of ExpectedRecruitment is spread over its twelve
months (as evenly as whole people allow, so the year's sum is the old figure), then the yearly model goes.
Backwards, the months are added up again."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def _spread(total, months=12):
    # A frozen copy of reports.volume.spread_over_months (migrations do not import app code).
    cumulative = [(total * n + months // 2) // months for n in range(months + 1)]
    return [cumulative[n + 1] - cumulative[n] for n in range(months)]


def years_to_months(apps, schema_editor):
    ExpectedRecruitment = apps.get_model("reports", "ExpectedRecruitment")
    ExpectedHires = apps.get_model("reports", "ExpectedHires")
    ExpectedHires.objects.bulk_create(
        ExpectedHires(municipality_id=row.municipality_id, month=datetime.date(row.year, number, 1), hires=hires)
        for row in ExpectedRecruitment.objects.all()
        for number, hires in enumerate(_spread(row.new_staff), start=1)
    )


def months_to_years(apps, schema_editor):
    ExpectedRecruitment = apps.get_model("reports", "ExpectedRecruitment")
    ExpectedHires = apps.get_model("reports", "ExpectedHires")
    totals = {}
    for row in ExpectedHires.objects.all():
        key = (row.municipality_id, row.month.year)
        totals[key] = totals.get(key, 0) + row.hires
    ExpectedRecruitment.objects.bulk_create(
        ExpectedRecruitment(municipality_id=municipality_id, year=year, new_staff=total)
        for (municipality_id, year), total in totals.items()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('municipalities', '0003_contact_agreement_costsplit'),
        ('reports', '0003_one_open_build_per_year'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlanningSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('summer_months', models.CharField(blank=True, default='6,7,8', max_length=40, verbose_name='månader utan kursdagar')),
                ('default_capacity', models.PositiveSmallIntegerField(default=20, verbose_name='platser per tillfälle om kursen saknar tillfällen')),
            ],
            options={
                'verbose_name': 'inställningar för planeringen',
                'verbose_name_plural': 'inställningar för planeringen',
            },
        ),
        migrations.CreateModel(
            name='ExpectedHires',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='månad')),
                ('hires', models.PositiveIntegerField(verbose_name='förväntade nyanställda')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='municipalities.municipality', verbose_name='kommun')),
            ],
            options={
                'verbose_name': 'förväntade nyanställda',
                'verbose_name_plural': 'förväntade nyanställda',
                'ordering': ['municipality', 'month'],
            },
        ),
        migrations.AddConstraint(
            model_name='expectedhires',
            constraint=models.UniqueConstraint(fields=('municipality', 'month'), name='reports_hires_unique'),
        ),
        migrations.AddConstraint(
            model_name='expectedhires',
            constraint=models.CheckConstraint(condition=models.Q(('month__day', 1)), name='reports_hires_first_of_month'),
        ),
        migrations.RunPython(years_to_months, months_to_years),
        migrations.DeleteModel(
            name='ExpectedRecruitment',
        ),
    ]
