"""Start-up checks of ``settings.MACHINE_TRANSLATION``.

A mistake there otherwise shows only when a job runs, as a failed job in the
admin (or, for a key pasted where the name of its environment variable
belongs, as a secret in the settings file). These checks run with every
management command and at server start:

- errors (``translation.E001``–``E008``) for a configuration that cannot
  work: an unknown DEFAULT or pair provider, a CLASS that does not import or
  is no ``MachineTranslator``, an ``*_ENV`` option holding something other
  than a variable's name, a malformed language pair, unknown languages;
- a provider's own checks of its OPTIONS (``MachineTranslator.check_configuration``:
  ``translation.E021`` for a ``MAX_CONCURRENT_REQUESTS`` or ``BATCH_SIZE`` that
  is no whole number of at least 1; ``E020``, ``W020`` for the LLM provider);
- a warning (``translation.W001``, ``W002``) when a provider in use (the
  DEFAULT or one named in LANGUAGE_PAIRS) lacks an environment variable it
  needs: the site runs, but its translation jobs would fail.

Messages never repeat an option's value: it may be a key.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from exchange_site.core.languages import LANGUAGE_CODES

from .providers.base import MachineTranslator

ENVIRONMENT_VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]*")
ANY_LANGUAGE = "*"


def _known_codes() -> str:
    return ", ".join((*LANGUAGE_CODES, ANY_LANGUAGE))


def _provider_classes(providers: dict) -> tuple[dict[str, type], list[CheckMessage]]:
    """Each provider's class, where it imports and is a ``MachineTranslator`` (E002, E003)."""
    classes, messages = {}, []
    for name, config in providers.items():
        path = config.get("CLASS", "") if isinstance(config, dict) else ""
        try:
            translator_class = import_string(str(path))
        except ImportError as error:
            messages.append(
                Error(
                    _("The CLASS of translation provider “%(provider)s” cannot be imported.")
                    % {"provider": name},
                    hint=str(error) or None,
                    id="translation.E002",
                )
            )
            continue
        if not (
            isinstance(translator_class, type) and issubclass(translator_class, MachineTranslator)
        ):
            messages.append(
                Error(
                    _(
                        "The CLASS of translation provider “%(provider)s” is not a "
                        "MachineTranslator."
                    )
                    % {"provider": name},
                    hint=_("Name a subclass of %(base)s.")
                    % {"base": "exchange_site.translation.providers.base.MachineTranslator"},
                    id="translation.E003",
                )
            )
            continue
        classes[name] = translator_class
    return classes, messages


def _options(config: dict) -> dict:
    options = config.get("OPTIONS", {}) if isinstance(config, dict) else {}
    return options if isinstance(options, dict) else {}


def _option_errors(name: str, options: dict) -> list[CheckMessage]:
    """``*_ENV`` options that are not variable names (E004); unknown LANGUAGES (E007)."""
    messages = []
    for option, value in options.items():
        if option.endswith("_ENV") and not (
            isinstance(value, str) and ENVIRONMENT_VARIABLE.fullmatch(value)
        ):
            messages.append(
                Error(
                    _(
                        "OPTIONS[“%(option)s”] of translation provider “%(provider)s” is not "
                        "the name of an environment variable."
                    )
                    % {"option": option, "provider": name},
                    hint=_("Put the name of an environment variable here, not the value."),
                    id="translation.E004",
                )
            )
    unknown = sorted(set(options.get("LANGUAGES", ())) - set(LANGUAGE_CODES))
    if unknown:
        messages.append(
            Error(
                _(
                    "The LANGUAGES option of translation provider “%(provider)s” has unknown "
                    "language codes: %(unknown)s."
                )
                % {"provider": name, "unknown": ", ".join(map(str, unknown))},
                hint=_("Known codes: %(known)s.") % {"known": ", ".join(LANGUAGE_CODES)},
                id="translation.E007",
            )
        )
    return messages


def _pair_errors(pairs: dict, providers: dict) -> list[CheckMessage]:
    """Malformed or unknown language pairs (E005) and unknown pair providers (E006)."""
    messages = []
    for key, provider in pairs.items():
        source, separator, target = str(key).partition(">")
        known = set(LANGUAGE_CODES) | {ANY_LANGUAGE}
        if not separator or source not in known or target not in known or source == target:
            messages.append(
                Error(
                    _(
                        "LANGUAGE_PAIRS key “%(key)s” is not “source>target” with known "
                        "language codes or “*”."
                    )
                    % {"key": key},
                    hint=_("Known codes: %(known)s.") % {"known": _known_codes()},
                    id="translation.E005",
                )
            )
        if provider not in providers:
            messages.append(
                Error(
                    _(
                        "LANGUAGE_PAIRS[“%(key)s”] names “%(provider)s”, which is not a "
                        "configured translation provider."
                    )
                    % {"key": key, "provider": provider},
                    hint=_("Configured providers: %(providers)s.")
                    % {"providers": ", ".join(providers)},
                    id="translation.E006",
                )
            )
    return messages


def _environment_warnings(name: str, translator_class: type, options: dict) -> list[CheckMessage]:
    """Environment variables a provider in use needs but does not have (W001, W002)."""
    messages = []
    for option in translator_class.needed_environment(options):
        variable = options.get(option)
        if not isinstance(variable, str) or not ENVIRONMENT_VARIABLE.fullmatch(variable):
            if variable is None:
                messages.append(
                    CheckWarning(
                        _(
                            "Translation provider “%(provider)s” needs OPTIONS[“%(option)s”], "
                            "the name of an environment variable; without it its jobs fail."
                        )
                        % {"provider": name, "option": option},
                        id="translation.W002",
                    )
                )
            continue  # a malformed name is E004 already
        if not os.environ.get(variable):
            messages.append(
                CheckWarning(
                    _(
                        "Translation provider “%(provider)s” needs the environment variable "
                        "%(variable)s, which is not set; its jobs will fail."
                    )
                    % {"provider": name, "variable": variable},
                    hint=_("Set it for the web server and the task worker alike."),
                    id="translation.W001",
                )
            )
    return messages


@register()
def check_machine_translation(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Validate ``settings.MACHINE_TRANSLATION``; see the module docstring."""
    config = getattr(settings, "MACHINE_TRANSLATION", None)
    providers = config.get("PROVIDERS") if isinstance(config, dict) else None
    if not isinstance(providers, dict) or not providers:
        return [
            Error(
                _("MACHINE_TRANSLATION needs a PROVIDERS dictionary with at least one provider."),
                id="translation.E008",
            )
        ]
    messages: list[CheckMessage] = []
    default = config.get("DEFAULT")
    if default not in providers:
        messages.append(
            Error(
                _(
                    "MACHINE_TRANSLATION[“DEFAULT”] is “%(name)s”, which is not a configured "
                    "translation provider."
                )
                % {"name": default},
                hint=_("Configured providers: %(providers)s.")
                % {"providers": ", ".join(providers)},
                id="translation.E001",
            )
        )
    classes, class_errors = _provider_classes(providers)
    messages += class_errors
    for name, provider_config in providers.items():
        messages += _option_errors(name, _options(provider_config))
        if name in classes:
            messages += classes[name].check_configuration(name, _options(provider_config))
    pairs = config.get("LANGUAGE_PAIRS") or {}
    if not isinstance(pairs, dict):
        pairs = {str(pairs): None}  # reported as a malformed pair
    messages += _pair_errors(pairs, providers)
    in_use = [default, *pairs.values()]
    for name in dict.fromkeys(in_use):  # once each, in order
        if name in classes:
            messages += _environment_warnings(name, classes[name], _options(providers[name]))
    return messages
