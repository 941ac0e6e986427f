"""Start-up checks of MACHINE_TRANSLATION: one id per mistake, none for the shipped settings."""

from django.conf import settings
from django.core.checks import Error, run_checks
from django.core.checks import Warning as CheckWarning
from django.test import override_settings

import pytest

from exchange_site.translation.checks import check_machine_translation

BASE = "exchange_site.translation.providers"
SECRET = "5f1c0b6e-2d3a-4c7e-9a8b-1e2f3a4b5c6d:fx"


def config(**changes) -> dict:
    """The shipped configuration with some keys replaced."""
    return {**settings.MACHINE_TRANSLATION, **changes}


def provider(class_name: str, **options) -> dict:
    return {"CLASS": f"{BASE}.{class_name}", "OPTIONS": {"TIMEOUT": 5, **options}}


def ids(machine_translation: dict) -> list[str]:
    with override_settings(MACHINE_TRANSLATION=machine_translation):
        return [message.id for message in check_machine_translation()]


def test_the_shipped_settings_pass():
    assert ids(settings.MACHINE_TRANSLATION) == []
    translation_messages = [m for m in run_checks() if m.id.startswith("translation.")]
    assert translation_messages == [], "the check is registered and finds nothing to report"


def test_the_check_runs_with_every_command():
    with override_settings(MACHINE_TRANSLATION=config(DEFAULT="nowhere")):
        found = [message.id for message in run_checks()]
    assert "translation.E001" in found


def test_default_must_name_a_configured_provider():
    assert ids(config(DEFAULT="deepl-pro")) == ["translation.E001"]


def test_provider_class_must_import():
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "typo": {"CLASS": f"{BASE}.deepl.DeepLTranslater"},
        "no-class": {"OPTIONS": {}},
    }
    assert ids(config(PROVIDERS=providers)) == ["translation.E002", "translation.E002"]


def test_provider_class_must_be_a_machine_translator():
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "wrong": {"CLASS": "django.utils.text.slugify"},
        "other-class": {"CLASS": "django.db.models.Model"},
    }
    assert ids(config(PROVIDERS=providers)) == ["translation.E003", "translation.E003"]


@pytest.mark.parametrize(
    "value",
    [SECRET, "https://libretranslate.example.org", "deepl_api_key", "DEEPL API KEY", "", None, 42],
)
def test_env_options_hold_the_names_of_variables_not_values(value):
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "deepl": provider("deepl.DeepLTranslator", API_KEY_ENV=value),
    }
    with override_settings(MACHINE_TRANSLATION=config(PROVIDERS=providers)):
        [message] = check_machine_translation()
    assert message.id == "translation.E004" and isinstance(message, Error)
    assert "name of an environment variable here, not the value" in str(message.hint)
    assert SECRET not in str(message.msg) + str(message.hint), "a pasted key is never repeated"


def test_language_pairs_need_known_codes_and_configured_providers(monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    pairs = {
        "da>de": "deepl",  # fine
        "*>fr": "pseudo",  # fine
        "da-de": "deepl",  # no ">"
        "da>sv": "deepl",  # unknown language
        "*>*": "deepl",  # every pair: that is DEFAULT
        "de>en": "deepl-pro",  # unknown provider
    }
    found = ids(config(LANGUAGE_PAIRS=pairs, DEFAULT="pseudo"))
    assert sorted(found) == [
        "translation.E005",
        "translation.E005",
        "translation.E005",
        "translation.E006",
        "translation.W001",  # deepl is in use and DEEPL_API_KEY is not set here
    ]


def test_unknown_languages_in_a_providers_languages_option():
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "google": provider("deep_translator.GoogleTranslator", LANGUAGES=["da", "de", "sv"]),
    }
    assert ids(config(PROVIDERS=providers)) == ["translation.E007"]


def test_providers_must_be_configured():
    assert ids(config(PROVIDERS={})) == ["translation.E008"]


def test_a_provider_in_use_without_its_variable_is_a_warning(monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    with override_settings(MACHINE_TRANSLATION=config(DEFAULT="deepl")):
        [message] = check_machine_translation()
    assert message.id == "translation.W001" and isinstance(message, CheckWarning)
    assert "DEEPL_API_KEY" in str(message.msg)
    monkeypatch.setenv("DEEPL_API_KEY", SECRET)
    assert ids(config(DEFAULT="deepl")) == []


def test_only_providers_in_use_need_their_variables(monkeypatch):
    monkeypatch.delenv("MICROSOFT_TRANSLATOR_KEY", raising=False)
    monkeypatch.delenv("LIBRETRANSLATE_URL", raising=False)
    assert ids(config(DEFAULT="pseudo")) == [], "configured but unused: nothing to warn about"
    found = ids(config(DEFAULT="pseudo", LANGUAGE_PAIRS={"*>da": "microsoft", "da>*": "microsoft"}))
    assert found == ["translation.W001"], "once per provider"
    assert ids(config(DEFAULT="libretranslate")) == ["translation.W001"]


def test_a_fixed_url_stands_in_for_the_url_variable(monkeypatch):
    monkeypatch.delenv("LIBRETRANSLATE_URL", raising=False)
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "libretranslate": provider(
            "deep_translator.LibreTranslateTranslator", URL="http://127.0.0.1:5000"
        ),
    }
    assert ids(config(DEFAULT="libretranslate", PROVIDERS=providers)) == []


def test_a_provider_in_use_without_the_option_naming_its_variable():
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"] | {
        "deepl": provider("deepl.DeepLTranslator"),
    }
    assert ids(config(DEFAULT="deepl", PROVIDERS=providers)) == ["translation.W002"]
