"""Translate-on-publish is chosen per page type (a list of opted-out types) instead
of five switches named after content apps; earlier choices are carried over."""

import exchange_site.translation.models
from django.db import migrations, models


#: The old switches and the page types (app label, model) each one covered.
SWITCHES = {
    "translate_practices_on_publish": [("practices", "practicepage")],
    "translate_minutes_on_publish": [("meetings", "meetingminutespage")],
    "translate_trips_on_publish": [("meetings", "exchangetrippage")],
    "translate_libraries_on_publish": [("libraries", "partnerlibrarypage")],
    "translate_other_pages_on_publish": [
        ("home", "homepage"),
        ("libraries", "partnerlibraryindexpage"),
        ("practices", "practiceindexpage"),
        ("meetings", "meetingindexpage"),
        ("meetings", "exchangetripindexpage"),
    ],
}


def carry_over_switches(apps, schema_editor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    TranslationSettings = apps.get_model("translation", "TranslationSettings")
    for choices in TranslationSettings.objects.all():
        for switch, page_types in SWITCHES.items():
            if not getattr(choices, switch):
                for app_label, model in page_types:
                    page_type, _created = ContentType.objects.get_or_create(
                        app_label=app_label, model=model
                    )
                    choices.not_translated_on_publish.add(page_type)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('translation', '0007_statuses_are_never_missing'),
        ('libraries', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='translationsettings',
            name='not_translated_on_publish',
            field=models.ManyToManyField(blank=True, help_text='Publishing a page of a ticked type queues no machine translation; its Translations view can still translate it.', limit_choices_to=exchange_site.translation.models.exchange_page_types, related_name='+', to='contenttypes.contenttype', verbose_name='page types not machine-translated on publish'),
        ),
        migrations.RunPython(carry_over_switches, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='translationsettings',
            name='translate_libraries_on_publish',
        ),
        migrations.RemoveField(
            model_name='translationsettings',
            name='translate_minutes_on_publish',
        ),
        migrations.RemoveField(
            model_name='translationsettings',
            name='translate_other_pages_on_publish',
        ),
        migrations.RemoveField(
            model_name='translationsettings',
            name='translate_practices_on_publish',
        ),
        migrations.RemoveField(
            model_name='translationsettings',
            name='translate_trips_on_publish',
        ),
    ]
