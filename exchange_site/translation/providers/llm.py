"""A large language model behind an OpenAI-compatible ``/chat/completions`` endpoint.

Works with hosted services and with self-hosted servers (vLLM, llama.cpp,
Ollama, LocalAI) that speak the same protocol. Written by hand on ``requests``
rather than with the ``openai`` package: one POST with a JSON body is all it
takes, and ``requests`` is what ``..http.provider_http`` bounds (whole-request
deadline, answer size limit, no redirects), so this provider gets the same
fault handling as every other without a second HTTP stack to tame.

One request carries a batch of segments as a JSON array (``{"id", "text"}``);
the system prompt gives the languages, the page title and the glossary terms
found in the batch as context, and asks for the same array back. The answer is
checked segment by segment — every id sent answered once, no id invented, the
placeholders (``<g1>…</g1>``, ``<x2/>``) exactly those sent — and a batch with
any segment wrong is refused, naming the segments, instead of stored: an LLM
that drops, merges or renumbers segments must not shift translations onto the
wrong text.

OPTIONS: ``URL_ENV`` (base URL up to ``/v1``), ``MODEL_ENV`` (model name),
``API_KEY_ENV`` (optional: self-hosted servers often need none), ``BATCH_SIZE``,
``JSON_MODE`` (send ``response_format: json_object``, for servers that support
it). The key travels only in the ``Authorization`` header and is never part of
a message. A URL whose host is a loopback or private-network IP address (or
``localhost``) keeps text on the site's own network, so the provider counts as
on-server and private pages may use it.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections import Counter
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error
from django.core.checks import Warning as CheckWarning
from django.utils.translation import gettext_lazy as _

import requests

from exchange_site.core.languages import language

from ..errors import (
    MalformedResponse,
    MarkupMismatch,
    ProviderUnavailable,
    QuotaExceeded,
    RateLimited,
)
from ..http import provider_http, retry_after_seconds
from ..placeholders import placeholders
from .base import MachineTranslator, current_context, whole_number_errors

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_PROMPT = """You translate pages of a knowledge-exchange wiki shared by public libraries \
from {source} to {target}.
The user sends JSON: {{"segments": [{{"id": "...", "text": "..."}}]}}.
Answer with JSON only, no commentary: {{"translations": [{{"id": "...", "text": "..."}}]}}, \
one entry for every segment, with the same ids.
Tags such as <g1>...</g1> and <x2/> are placeholders for formatting, links and fixed terms: \
keep every one of them exactly as written, each exactly once, around the words they belong to.
Keep the register of a professional librarian writing for colleagues."""


def is_on_site_network(url: str) -> bool:
    """True when ``url``'s host is ``localhost`` or a loopback or private-network IP address.

    Host names other than ``localhost`` are not resolved: a name can point
    elsewhere tomorrow, an address written in the settings cannot.
    """
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


class OpenAICompatibleTranslator(MachineTranslator):
    """See the module docstring."""

    display_name = "LLM"
    batch_size = 20
    max_chars = 8000
    required_environment = ("URL_ENV", "MODEL_ENV")

    def __init__(self, name: str, options: dict) -> None:
        super().__init__(name, options)
        self.batch_size = int(options.get("BATCH_SIZE", self.batch_size))
        self.json_mode = bool(options.get("JSON_MODE", False))

    @classmethod
    def check_configuration(cls, name: str, options: dict) -> list[CheckMessage]:
        return super().check_configuration(name, options) + check_configuration(
            name, options, os.environ
        )

    @property
    def external(self) -> bool:
        """Read at every use: the URL comes from the environment."""
        return not is_on_site_network(self.env("URL_ENV"))

    @property
    def endpoint(self) -> str:
        return self.secret("URL_ENV").rstrip("/") + "/chat/completions"

    def _messages(self, source: str, target: str, texts: list[str]) -> list[dict]:
        system = _PROMPT.format(
            source=language(source).english_name, target=language(target).english_name
        )
        context = current_context()
        if context.title:
            system += f"\nThe page is titled: {context.title}"
        terms = context.terms  # those found in the segments, sent as placeholders
        if terms:
            system += "\nGlossary of the partnership (use these renderings):\n" + "\n".join(
                f"- {source_term} → {target_term}" for source_term, target_term in terms
            )
        batch = {
            "source": source,
            "target": target,
            "segments": [{"id": str(n), "text": text} for n, text in enumerate(texts, 1)],
        }
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": json.dumps(batch, ensure_ascii=False)},
        ]

    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        body = {
            "model": self.secret("MODEL_ENV"),
            "temperature": 0,
            "messages": self._messages(source, target, texts),
        }
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        headers = {"Content-Type": "application/json"}
        if key := self.env("API_KEY_ENV"):
            headers["Authorization"] = f"Bearer {key}"
        with provider_http(self.timeout):
            try:
                response = requests.post(
                    self.endpoint, json=body, headers=headers, timeout=self.timeout
                )
            except requests.Timeout:
                raise ProviderUnavailable(
                    f"The provider did not answer within {self.timeout:g} seconds."
                ) from None
            except requests.ConnectionError:
                raise ProviderUnavailable("The provider could not be reached.") from None
        _check_status(response)
        return _translations(_content(response), texts)


def _check_status(response: requests.Response) -> None:
    status = response.status_code
    if status == 429:
        raise RateLimited(
            "The provider is rate-limiting us (HTTP 429).", retry_after_seconds(response)
        )
    if status in (401, 403):
        raise QuotaExceeded(
            f"The provider refused the key or the quota is used up (HTTP {status})."
        )
    if status >= 500:
        raise ProviderUnavailable(f"The provider failed (HTTP {status}).")
    if status >= 400:
        raise MalformedResponse(f"The provider rejected the request (HTTP {status}).")


def _content(response: requests.Response) -> object:
    """The JSON the model wrote, from the first choice's message (code fences allowed)."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
        fenced = _FENCE.match(content)
        return json.loads(fenced.group(1) if fenced else content)
    except (ValueError, KeyError, IndexError, TypeError):
        raise MalformedResponse(
            "The provider's answer could not be read (no JSON list of translations)."
        ) from None


def _translations(answer: object, texts: list[str]) -> list[str]:
    """One translation per text, matched by id; refuses the batch naming each wrong segment."""
    items = answer.get("translations") if isinstance(answer, dict) else answer
    if not isinstance(items, list):
        raise MalformedResponse(
            "The provider's answer could not be read (no JSON list of translations)."
        )
    by_id: dict[str, str] = {}
    invented = 0
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            invented += 1
            continue
        key = str(item.get("id"))
        if key in by_id or not key.isdigit() or not 1 <= int(key) <= len(texts):
            invented += 1
        else:
            by_id[key] = item["text"]
    missing = [n for n in range(1, len(texts) + 1) if not by_id.get(str(n), "").strip()]
    broken = [
        n
        for n, text in enumerate(texts, 1)
        if n not in missing and Counter(placeholders(by_id[str(n)])) != Counter(placeholders(text))
    ]
    problems = []
    if missing:
        problems.append(f"no translation for segment(s) {_numbers(missing)}")
    if invented:
        problems.append(f"{invented} answer(s) for segments never sent")
    if problems:
        raise MalformedResponse(
            f"The provider's answer to {len(texts)} segment(s) was refused: "
            + "; ".join(problems)
            + "."
        )
    if broken:
        raise MarkupMismatch(
            f"The provider's answer was refused: the markup changed in translation in "
            f"segment(s) {_numbers(broken)} of {len(texts)}."
        )
    return [by_id[str(n)] for n in range(1, len(texts) + 1)]


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def check_configuration(name: str, options: dict, environ) -> list[CheckMessage]:
    """Start-up checks of one LLM provider's OPTIONS (``translation.E020``, ``E021``, ``W020``).

    Messages name options and variables, never their values (a URL may hold a key).
    """
    messages = whole_number_errors(name, options, ("BATCH_SIZE", "MAX_CHARS"))
    variable = options.get("URL_ENV")
    url = environ.get(variable, "") if isinstance(variable, str) else ""
    if not url:
        return messages  # missing: W001 says so
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        messages.append(
            Error(
                _(
                    "The environment variable %(variable)s of translation provider "
                    "“%(provider)s” does not hold an http:// or https:// address."
                )
                % {"variable": variable, "provider": name},
                hint=_("Give the server's base address, e.g. https://llm.example.org/v1."),
                id="translation.E020",
            )
        )
    elif parts.scheme == "http" and not is_on_site_network(url):
        messages.append(
            CheckWarning(
                _(
                    "Translation provider “%(provider)s” sends page text unencrypted (http://) "
                    "to a server outside this site's network."
                )
                % {"provider": name},
                hint=_("Use an https:// address, or the server's private IP address."),
                id="translation.W020",
            )
        )
    return messages
