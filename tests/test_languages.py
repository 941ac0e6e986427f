"""Language columns, per-page fallback to the source language, and its visibility."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from wagtail.users.models import UserProfile

import polib
import pytest
from modeltranslation.translator import translator

from exchange_site.core.i18n import displayed_language
from home.models import HomePage
from libraries.models import PartnerLibraryPage
from meetings.models import ActionItem, ExchangeTripPage, MeetingMinutesPage
from practices.models import PracticePage
from tests import factories

LANGUAGE_CODES = ["en", "da", "de", "fr"]


def test_the_four_languages_are_configured():
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGE_CODES


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (PracticePage, {"title", "slug", "seo_title", "search_description", "summary", "body"}),
        (MeetingMinutesPage, {"title", "summary", "agenda", "decisions", "next_meeting_notes"}),
        (
            ExchangeTripPage,
            {"title", "introduction", "programme", "practical_information", "checklist"},
        ),
        (PartnerLibraryPage, {"title", "profile"}),
        (HomePage, {"title", "introduction", "body"}),
        (ActionItem, {"description"}),
    ],
)
def test_every_translatable_field_has_a_column_per_language(model, fields):
    registered = translator.get_options_for_model(model).all_fields
    missing_registrations = fields - set(registered)
    assert not missing_registrations, f"{model.__name__} does not translate {missing_registrations}"
    column_names = {field.name for field in model._meta.get_fields()}
    for field in fields:
        for code in LANGUAGE_CODES:
            assert f"{field}_{code}" in column_names, f"{model.__name__}.{field}_{code} missing"


def get_html(client, page, language: str) -> str:
    with translation.override(language):
        url = page.url
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_untranslated_page_falls_back_to_its_source_language_visibly(
    client, danish_practice, language
):
    html = get_html(client, danish_practice, language)
    assert '<h1 lang="da">Verdensmål til hverdagsmål</h1>' in html, (
        "the Danish title should be shown, marked as Danish"
    )
    assert 'lang="da">Vi gør verdensmålene håndgribelige' in html
    assert 'class="notice notice--fallback"' in html, "readers must be told about the fallback"
    assert 'href="/da/' in html and 'hreflang="da"' in html, "the notice should link the original"


def test_source_language_shows_no_fallback_notice(client, danish_practice):
    html = get_html(client, danish_practice, "da")
    assert "Verdensmål til hverdagsmål" in html
    assert "notice--fallback" not in html


def test_a_human_translation_replaces_the_fallback_field_by_field(client, danish_practice):
    danish_practice.title_en = "Global goals as everyday goals"
    danish_practice.save()
    html = get_html(client, danish_practice, "en")
    assert '<h1 lang="en">Global goals as everyday goals</h1>' in html
    assert 'lang="da">Vi gør verdensmålene' in html, "the untranslated summary still falls back"
    assert 'data-fallback-fields="summary body"' in html, (
        "the notice should name exactly the untranslated fields"
    )


def test_fallback_prefers_the_source_language_over_the_global_chain(danish_practice):
    danish_practice.summary_de = None
    with translation.override("fr"):
        assert danish_practice.summary.startswith("Vi gør verdensmålene")
        assert displayed_language(danish_practice, "summary") == "da"


def test_inline_objects_fall_back_to_their_page_source_language(site_tree, dresden):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="de",
        title=None,
        title_de="Austausch",
        summary=None,
        summary_de="Digitaler Austausch",
        host_library=dresden,
    )
    item = factories.ActionItemFactory(
        page=minutes, description=None, description_de="Einladung verschicken"
    )
    with translation.override("fr"):
        assert item.description == "Einladung verschicken"
        assert displayed_language(item, "description") == "de"


def test_source_language_title_is_required_and_english_is_not(admin_client, site_tree):
    url = f"/admin/pages/add/libraries/partnerlibrarypage/{site_tree.libraries.pk}/"
    data = {
        "source_language": "da",
        "title_en": "Ballerup Libraries",
        "slug_en": "ballerup",
        "city": "Ballerup",
        "country": "DK",
        "main_language": "da",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200, "the form should be shown again with an error"
    assert "This field is required in the page&#x27;s source language (Danish)." in (
        response.content.decode()
    )
    assert not PartnerLibraryPage.objects.exists()


def test_new_page_defaults_to_the_editors_language(admin_client, site_tree, django_user_model):
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="editor"))
    profile.preferred_language = "de"
    profile.save()
    url = f"/admin/pages/add/practices/practicepage/{site_tree.practices.pk}/"
    response = admin_client.get(url)
    form = response.context["form"]
    assert form.initial["source_language"] == "de"


@pytest.mark.parametrize("language", ["da", "de", "fr"])
def test_ui_catalogue_is_complete(language):
    """Every UI string has a reviewed translation with the same placeholders."""
    catalogue = polib.pofile(
        Path(__file__).parent.parent / "locale" / language / "LC_MESSAGES" / "django.po"
    )
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated UI strings {untranslated[:5]}"
    assert not fuzzy, f"{language}: fuzzy (unchecked) UI strings {fuzzy[:5]}"
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(placeholder.findall(text)) == set(placeholder.findall(entry.msgid)), (
                f"{language}: placeholders differ in {entry.msgid!r} → {text!r}"
            )
