"""Pluggable machine-translation providers, chosen by ``settings.MACHINE_TRANSLATION``.

    MACHINE_TRANSLATION = {
        "DEFAULT": "pseudo",
        "PROVIDERS": {"deepl": {"CLASS": "...DeepLTranslator", "OPTIONS": {...}}, ...},
        "LANGUAGE_PAIRS": {"da>de": "deepl", "*>fr": "google"},
        "MEMORY_EQUIVALENTS": [["libretranslate", "libretranslate-eu"]],
    }

Each provider is a small class (see ``base.MachineTranslator``); OPTIONS
name the environment variables that hold URLs and keys, so no secret is ever
in settings, the database or a log.
"""

from __future__ import annotations

import os
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from ..errors import TranslationError, UnsupportedLanguagePair
from .base import MachineTranslator


def provider_settings() -> dict:
    return settings.MACHINE_TRANSLATION


def provider_names() -> list[str]:
    return list(provider_settings()["PROVIDERS"])


def is_configured(name: str) -> bool:
    """True when every environment variable the provider needs is set (pseudo needs none).

    What an editor may choose: a provider without its key or server address
    would only fail the job.
    """
    config = provider_settings()["PROVIDERS"][name]
    options = config.get("OPTIONS", {})
    needed = import_string(config["CLASS"]).needed_environment(options)
    return all(
        isinstance(options.get(option), str) and os.environ.get(options[option])
        for option in needed
    )


def configured_provider_names() -> list[str]:
    """The providers an editor is offered (``is_configured``), in settings order."""
    return [name for name in provider_names() if is_configured(name)]


@cache
def _load(name: str, settings_key: str) -> MachineTranslator:
    """One instance per provider and configuration (``settings_key`` changes with OPTIONS)."""
    config = provider_settings()["PROVIDERS"][name]
    translator_class = import_string(config["CLASS"])
    return translator_class(name=name, options=config.get("OPTIONS", {}))


def memory_providers(name: str) -> set[str]:
    """Providers whose machine translations ``name`` may reuse from the memory.

    Itself, and those configured in the same ``MEMORY_EQUIVALENTS`` group
    (e.g. one LibreTranslate model on two servers); a pseudo provider is never
    equivalent to anything but itself.
    """
    config = provider_settings()
    reusable = {name}
    for group in config.get("MEMORY_EQUIVALENTS", []):
        if name in group:
            reusable |= {
                other
                for other in group
                if other in config["PROVIDERS"]
                and import_string(config["PROVIDERS"][other]["CLASS"]).real_translation
                and import_string(config["PROVIDERS"][name]["CLASS"]).real_translation
            }
    return reusable


def get_provider(name: str | None, source: str, target: str) -> MachineTranslator:
    """The provider to use for a language pair: the one asked for, the pair's, or the default."""
    config = provider_settings()
    if name is None:
        pairs = config.get("LANGUAGE_PAIRS", {})
        name = next(
            (
                pairs[key]
                for key in (f"{source}>{target}", f"*>{target}", f"{source}>*")
                if key in pairs
            ),
            config["DEFAULT"],
        )
    if name not in config["PROVIDERS"]:
        raise TranslationError(f"Unknown translation provider {name!r}.")
    provider = _load(name, repr(sorted(config["PROVIDERS"][name].get("OPTIONS", {}).items())))
    if not provider.can_translate(source, target):
        raise UnsupportedLanguagePair(
            f"{provider.display_name} cannot translate from {source} to {target}."
        )
    return provider


def reset_providers() -> None:
    """Forget constructed providers (after settings change, e.g. in tests)."""
    _load.cache_clear()
