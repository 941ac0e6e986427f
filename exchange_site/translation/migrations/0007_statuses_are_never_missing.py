"""A translation status always records a state; "missing" was never one the code wrote.

A field without a translation has no status row. A row could only be
"missing" by being created without a state (the old default); the pipeline
treated such a row exactly like no row, so those rows are deleted.
"""

from django.db import migrations, models


def delete_missing_rows(apps, schema_editor):
    apps.get_model("translation", "TranslationStatus").objects.filter(state="missing").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0006_memory_entries_record_their_provider"),
    ]

    operations = [
        migrations.RunPython(delete_missing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="translationstatus",
            name="state",
            field=models.CharField(
                choices=[("machine", "Machine draft"), ("reviewed", "Reviewed"), ("outdated", "Outdated")],
                max_length=10,
            ),
        ),
    ]
