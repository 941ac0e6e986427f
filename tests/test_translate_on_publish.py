"""Translate-on-publish per page type: chosen in Settings → Translation, from every page type.

The pipeline knows the page types only through the core's registry, so a new
content type appears in the setting without the pipeline naming it.
"""

from django.contrib.contenttypes.models import ContentType

from exchange_site.core.registry import exchange_page_models
from exchange_site.translation.models import TranslationJob, TranslationSettings
from meetings.models import MeetingMinutesPage
from practices.models import PracticePage

SETTINGS_URL = "/admin/settings/translation/translationsettings/"


def test_the_setting_offers_every_exchange_page_type_and_nothing_else(admin_client, site_tree):
    html = admin_client.get(SETTINGS_URL, follow=True).content.decode()
    for model in exchange_page_models():
        page_type = ContentType.objects.get_for_model(model)
        assert f'value="{page_type.pk}"' in html, f"{model.__name__} is not offered"
    user_type = ContentType.objects.get(app_label="auth", model="user")
    assert f'name="not_translated_on_publish" value="{user_type.pk}"' not in html, (
        "only page types of the exchange may be chosen"
    )


def test_an_opted_out_page_type_is_not_translated_on_publish(
    admin_client, settings, danish_practice, django_capture_on_commit_callbacks
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }
    practice_type = ContentType.objects.get_for_model(PracticePage)
    minutes_type = ContentType.objects.get_for_model(MeetingMinutesPage)
    form = {
        "show_machine_drafts": "on",
        "unedited_confirmation_threshold": "80",
        "not_translated_on_publish": [str(practice_type.pk), str(minutes_type.pk)],
        # the (empty) monthly budgets inline
        "budgets-TOTAL_FORMS": "0",
        "budgets-INITIAL_FORMS": "0",
        "budgets-MIN_NUM_FORMS": "0",
        "budgets-MAX_NUM_FORMS": "1000",
    }
    edit_url = admin_client.get(SETTINGS_URL, follow=True).request["PATH_INFO"]
    response = admin_client.post(edit_url, form)
    assert response.status_code == 302, f"the settings form should save: {response.content[:300]}"
    chosen = set(TranslationSettings.load().not_translated_on_publish.all())
    assert chosen == {practice_type, minutes_type}, f"saved choice: {chosen}"

    with django_capture_on_commit_callbacks(execute=True):
        danish_practice.save_revision().publish()
    assert not TranslationJob.objects.exists(), "an opted-out type queued a job on publish"
    with django_capture_on_commit_callbacks(execute=True):
        danish_practice.library.save_revision().publish()
    assert TranslationJob.objects.filter(page=danish_practice.library).count() == 1, (
        "libraries are still translated on publish"
    )
