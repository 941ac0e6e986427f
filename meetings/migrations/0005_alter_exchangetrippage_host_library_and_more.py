"""The foreign keys follow the partner libraries into their app (state only: the
tables were renamed in ``home.0005``, and the constraints follow a rename)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('libraries', '0001_initial'),
        ('meetings', '0004_inline_translation_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='exchangetrippage',
                name='host_library',
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hosted_trips', to='libraries.partnerlibrarypage', verbose_name='host library'),
            ),
            migrations.AlterField(
                model_name='meetingminutespage',
                name='host_library',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hosted_meetings', to='libraries.partnerlibrarypage', verbose_name='host library'),
            ),
            migrations.AlterField(
                model_name='meetingminutespage',
                name='participating_libraries',
                field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='meetings', to='libraries.partnerlibrarypage', verbose_name='participating libraries'),
            ),
            migrations.AlterField(
                model_name='meetingparticipant',
                name='library',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='libraries.partnerlibrarypage', verbose_name='library'),
            ),
            ],
        ),
    ]
