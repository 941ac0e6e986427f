"""The foreign keys follow the partner libraries into their app (state only: the
tables were renamed in ``home.0005``, and the constraints follow a rename)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('libraries', '0001_initial'),
        ('practices', '0003_practiceindexpage_allow_external_translation_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='practicepage',
                name='library',
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='practices', to='libraries.partnerlibrarypage', verbose_name='owning library'),
            ),
            ],
        ),
    ]
