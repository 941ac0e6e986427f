import uuid

from django.db import migrations, models

from exchange_site.core.inline_keys import assign_inline_keys


def forwards(apps, schema_editor):
    assign_inline_keys(
        apps,
        "meetings",
        "MeetingMinutesPage",
        {"participants": "MeetingParticipant", "action_items": "ActionItem"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_exchangetripindexpage_allow_external_translation_and_more"),
        ("translation", "0004_translationsettings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=model_name,
                name="inline_key",
                field=models.UUIDField(null=True, editable=False, verbose_name="translation key"),
            )
            for model_name in ("meetingparticipant", "actionitem")
        ],
        migrations.RunPython(forwards, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=model_name,
                name="inline_key",
                field=models.UUIDField(
                    default=uuid.uuid4, editable=False, verbose_name="translation key"
                ),
            )
            for model_name in ("meetingparticipant", "actionitem")
        ],
    ]
