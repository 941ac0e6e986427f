"""Every list of languages in the project is derived from the one table in
``exchange_site/core/languages.py``: a row added there is seen everywhere below."""

from django.conf import settings

from modeltranslation.translator import translator

from exchange_site.core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, LANGUAGE_TABLE
from exchange_site.translation.models import GlossaryEntry, TranslationStatus
from exchange_site.translation.providers import base, deep_translator, deepl

CODES = [language.code for language in LANGUAGE_TABLE]


def test_django_and_modeltranslation_settings_are_the_table():
    assert [code for code, _name in settings.LANGUAGES] == CODES, "settings.LANGUAGES"
    assert [str(name) for _code, name in settings.LANGUAGES] == [
        str(language.name) for language in LANGUAGE_TABLE
    ], "settings.LANGUAGES names"
    assert list(settings.MODELTRANSLATION_LANGUAGES) == CODES, "MODELTRANSLATION_LANGUAGES"
    assert list(settings.MODELTRANSLATION_FALLBACK_LANGUAGES) == CODES, "fallback chain"
    assert settings.LANGUAGE_CODE == settings.MODELTRANSLATION_DEFAULT_LANGUAGE == DEFAULT_LANGUAGE
    admin_languages = [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]
    assert admin_languages == CODES, "admin languages an editor may choose"


def test_every_translated_field_has_a_column_per_language():
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            missing = [code for code in CODES if not hasattr(model, f"{field}_{code}")]
            assert not missing, f"{model.__name__}.{field} lacks columns for {missing}"


def test_providers_know_every_language_by_their_own_codes():
    assert frozenset(CODES) == base.LANGUAGES, "providers' default language set"
    assert set(deepl.SOURCE_CODES) == set(deepl.TARGET_CODES) == set(CODES), "DeepL codes"
    assert [deepl.TARGET_CODES[language.code] for language in LANGUAGE_TABLE] == [
        language.deepl_target for language in LANGUAGE_TABLE
    ]
    assert {
        language.code: language.english_name.lower() for language in LANGUAGE_TABLE
    } == deep_translator.LANGUAGE_NAMES, "deep-translator's language names"


def test_reviewer_permissions_and_glossary_columns_follow_the_table():
    permissions = dict(TranslationStatus._meta.permissions)
    assert sorted(permissions) == sorted(f"review_{code}" for code in CODES), "review perms"
    for language in LANGUAGE_TABLE:
        assert language.english_name in permissions[f"review_{language.code}"]
    glossary_columns = [
        field.name for field in GlossaryEntry._meta.fields if field.name.startswith("term_")
    ]
    assert glossary_columns == [f"term_{code}" for code in CODES], "glossary columns"
    assert list(GlossaryEntry().terms()) == list(LANGUAGE_CODES)
