"""The one table of the exchange's languages; every other list of languages derives from it.

``LANGUAGES`` and the modeltranslation settings, the providers' language codes,
the reviewers' per-language permissions and the glossary's columns are all
read from ``LANGUAGE_TABLE``. Adding a language means adding a row here (and
its catalogue in ``locale/``), then ``makemigrations`` for the new columns.

This module imports nothing from Django but lazy gettext, so settings can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    """One language of the exchange, with the codes other systems know it by."""

    #: Django's language code: URL prefix, modeltranslation column suffix (``title_da``).
    code: str
    #: Display name, translated into the interface language.
    name: Promise
    #: English name, for permission names and deep-translator's language tables.
    english_name: str
    #: DeepL's source and target codes (DeepL wants a regional variant for English targets).
    deepl_source: str
    deepl_target: str
    #: Locale for Open Graph / schema.org (``da_DK``).
    locale: str
    #: The language in the phrases the reader notices put it in, translated as a whole
    #: because case and article change with the phrase ("aus dem Dänischen", "du danois"):
    #: "from Danish" (machine-translated from), "into Danish" (not yet translated into),
    #: "in Danish" (shown in, read the original in).
    from_phrase: Promise
    into_phrase: Promise
    in_phrase: Promise
    #: Whether slugs spell å, ä, ö, ü out as letters of their own (aa, ae, oe, ue), as
    #: Danish and German do, or drop the accent like any other (French).
    spells_out_umlauts: bool = True


LANGUAGE_TABLE: tuple[Language, ...] = (
    Language(
        "en", _("English"), "English", "EN", "EN-GB", "en_GB",
        _("from English"), _("into English"), _("in English"),
    ),
    Language(
        "da", _("Danish"), "Danish", "DA", "DA", "da_DK",
        _("from Danish"), _("into Danish"), _("in Danish"),
    ),
    Language(
        "de", _("German"), "German", "DE", "DE", "de_DE",
        _("from German"), _("into German"), _("in German"),
    ),
    Language(
        "fr", _("French"), "French", "FR", "FR", "fr_FR",
        _("from French"), _("into French"), _("in French"),
        spells_out_umlauts=False,
    ),
)  # fmt: skip

#: The technical default: the language of the base columns and of untranslated UI.
DEFAULT_LANGUAGE = "en"

LANGUAGE_CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGE_TABLE)
LANGUAGES_BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGE_TABLE}


def django_languages() -> list[tuple[str, Promise]]:
    """``settings.LANGUAGES``: (code, translated name) for every language."""
    return [(language.code, language.name) for language in LANGUAGE_TABLE]


def language(code: str) -> Language:
    """The table row for ``code``; a ``KeyError`` names an unknown code."""
    return LANGUAGES_BY_CODE[code]
