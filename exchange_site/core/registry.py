"""What the layers above the core need to know about the content types, without importing them.

Content apps subclass ``ExchangePage`` (which registers each page type here)
and name their partner-library model in ``settings.EXCHANGE_LIBRARY_MODEL``;
the permission code, the translation pipeline and the admin screens ask this
module instead of importing a content app. The pipeline's own hook into the
core (which fields readers are shown as machine drafts) is ``DraftDisplay``; its hook
into the admin (which translations are reviewed) is ``ReviewStates``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import QuerySet, Value
from django.dispatch import Signal

_page_models: list[type[models.Model]] = []


def register_page_model(model: type[models.Model]) -> None:
    """Called by ``ExchangePage.__init_subclass__`` for every page type of the exchange."""
    if model not in _page_models:
        _page_models.append(model)


def exchange_page_models() -> list[type[models.Model]]:
    """Every concrete page type of the exchange (``ExchangePage`` subclasses)."""
    return [model for model in _page_models if not model._meta.abstract]


_snippet_models: list[type[models.Model]] = []


def register_translatable_snippet(model: type[models.Model]) -> None:
    """Called by ``TranslatableSnippet.__init_subclass__`` for every translated snippet type."""
    if model not in _snippet_models:
        _snippet_models.append(model)


def translatable_snippet_models() -> list[type[models.Model]]:
    """Every concrete snippet type translated like pages (``TranslatableSnippet`` subclasses)."""
    return [model for model in _snippet_models if not model._meta.abstract]


def library_model() -> type[models.Model]:
    """The partner-library page model (``settings.EXCHANGE_LIBRARY_MODEL``).

    It must have an ``editor_group`` foreign key to ``auth.Group``.
    """
    return apps.get_model(settings.EXCHANGE_LIBRARY_MODEL)


class DraftDisplay(Protocol):
    """How the translation pipeline tells the core about unreviewed machine drafts."""

    def hidden(self) -> bool:
        """Whether this request shows the original instead of unreviewed machine drafts."""

    def machine_fields(self, page: Any, language: str) -> set[str]:
        """Keys of ``page``'s fields whose ``language`` text is an unreviewed machine draft."""

    def may_show(self, instance: Any, field_name: str, language: str) -> bool:
        """False hides ``language``'s text of that field (it then falls back to the source)."""


class NoMachineDrafts:
    """The display without a translation pipeline: nothing is a machine draft."""

    def hidden(self) -> bool:
        return False

    def machine_fields(self, page: Any, language: str) -> set[str]:
        return set()

    def may_show(self, instance: Any, field_name: str, language: str) -> bool:
        return True


_draft_display: DraftDisplay = NoMachineDrafts()


def register_draft_display(display: DraftDisplay) -> None:
    """The translation app registers its display in ``ready()``."""
    global _draft_display
    _draft_display = display


def draft_display() -> DraftDisplay:
    return _draft_display


#: Sent with ``page_id`` when the translation state of a page's fields changed
#: without a save of the page (the pipeline writes its statuses in bulk, after
#: publishing): the reader caches and the site search's index of the page are stale.
translation_state_changed = Signal()

#: Groups of words that mean the same in the exchange's languages (the glossary's
#: renderings, ``{language code: term}``), for the site search's synonyms.
SynonymSource = Callable[[], list[dict[str, str]]]
_synonym_source: SynonymSource = list


def register_synonym_source(source: SynonymSource) -> None:
    """The translation app registers its glossary in ``ready()``; the search asks here."""
    global _synonym_source
    _synonym_source = source


def synonym_groups() -> list[dict[str, str]]:
    """Each group's term per language code (blank where a language has none)."""
    return _synonym_source()


class ReviewStates(Protocol):
    """How the translation pipeline tells the admin which translations an editor has reviewed."""

    def annotate_unreviewed_title(self, pages: QuerySet, language: str, name: str) -> QuerySet:
        """``pages`` with a boolean annotation ``name``: their ``language`` title awaits review."""

    def language_summaries(self, page: Any) -> dict[str, list[tuple[str, str, int]]]:
        """Per language: (state, state label, number of fields) of ``page``'s translations."""


class NoReviewStates:
    """The admin without a translation pipeline: every translation was written by a person."""

    def annotate_unreviewed_title(self, pages: QuerySet, language: str, name: str) -> QuerySet:
        return pages.annotate(**{name: Value(False)})

    def language_summaries(self, page: Any) -> dict[str, list[tuple[str, str, int]]]:
        return {}


_review_states: ReviewStates = NoReviewStates()


def register_review_states(states: ReviewStates) -> None:
    """The translation app registers its review states in ``ready()``."""
    global _review_states
    _review_states = states


def review_states() -> ReviewStates:
    return _review_states


class ReaderOverrides(Protocol):
    """How the translation pipeline replaces a link's target or an image for one language."""

    def apply(self, instance: Any, field_name: str, language: str, value: Any) -> Any:
        """``value`` (the field's ``language`` text, shown to a reader) with that language's
        overrides applied; ``value`` itself when it has none."""


class NoReaderOverrides:
    """The site without a translation pipeline: every language shows the source's links."""

    def apply(self, instance: Any, field_name: str, language: str, value: Any) -> Any:
        return value


_reader_overrides: ReaderOverrides = NoReaderOverrides()


def register_reader_overrides(overrides: ReaderOverrides) -> None:
    """The translation app registers its per-language overrides in ``ready()``."""
    global _reader_overrides
    _reader_overrides = overrides


def reader_overrides() -> ReaderOverrides:
    return _reader_overrides
