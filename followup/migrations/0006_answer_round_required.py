"""Answer.round becomes required and is indexed with question, value and response, so that the results
of a year are read from one index range."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0005_answer_round'),
    ]

    operations = [
        migrations.AlterField(
            model_name='answer',
            name='round',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='followup.surveyround'),
        ),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(fields=['round', 'question', 'value', 'response'],
                               name='answer_round_question'),
        ),
    ]
