"""Memory entries are unique per provider; existing rows get the provenance they show.

Machine rows made before the provider was recorded (blank provider) are
labelled ``pseudo`` when their text carries the pseudo marker ("[DE] …");
the other blank ones stay blank, which no provider reuses. Reviewed rows
never carry a provider.
"""

from django.db import migrations, models


def label_existing_rows(apps, schema_editor):
    entry = apps.get_model("translation", "TranslationMemoryEntry")
    entry.objects.filter(origin="reviewed").exclude(provider="").update(provider="")
    pseudo = [
        row.pk
        for row in entry.objects.filter(origin="machine", provider="").only(
            "pk", "target_language", "target_text"
        )
        if row.target_text.startswith(f"[{row.target_language.upper()}] ")
    ]
    entry.objects.filter(pk__in=pseudo).update(provider="pseudo")


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0005_job_heartbeat"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="translationmemoryentry",
            name="unique_memory_entry",
        ),
        migrations.RunPython(label_existing_rows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="translationmemoryentry",
            constraint=models.UniqueConstraint(
                fields=("source_hash", "source_language", "target_language", "origin", "provider"),
                name="unique_memory_entry_per_provider",
            ),
        ),
    ]
