"""Editors write in the page's source language; the other languages are folded away.

wagtail-modeltranslation expands every translated field into one panel per
language (``title_en``, ``title_da`` …). Its own locale picker
(``WAGTAILMODELTRANSLATION_LOCALE_PICKER``, switched off in settings) cannot
serve here: it works in the browser alone, guessing a panel's language from
the text ``[en]`` anywhere inside it, so an inline panel holding an ``[en]``
label folds away whole (action items lost their owner, due date and status);
it opens the site's default language (English) whatever the page is written
in, and it knows nothing of translation statuses.

Instead, the server marks each language column's panel with its language
(``data-field-language``) and folds (``hidden``) those not in the language
being written, unless they hold an error; a language bar at the top of the
tabs (``LanguageBarPanel``) shows each other language's translation status
and unfolds it with one click (``static/js/admin-languages.js``). Panels of
language-independent fields are never touched, wherever they sit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, Panel, PanelGroup

from modeltranslation.fields import TranslationField

from .registry import exchange_page_models, review_states

#: Where the language bar leaves the language being written for the field panels.
WRITING_LANGUAGE_ATTRIBUTE = "exchange_writing_language"


def writing_language(request: Any) -> str | None:
    """The language the page in this request's form is written in (None: not an exchange page)."""
    return getattr(request, WRITING_LANGUAGE_ATTRIBUTE, None)


class LanguageFieldPanelMixin:
    """A language column's panel: folded unless its language is written or it holds an error."""

    class BoundPanelMixin:
        @property
        def language(self) -> str:
            return self.panel.db_field.language

        @property
        def attrs(self) -> dict:
            attrs = {**super().attrs, "data-field-language": self.language}
            writing = writing_language(self.request)
            has_errors = self.bound_field is not None and bool(self.bound_field.errors)
            if writing and self.language != writing and not has_errors:
                attrs["hidden"] = True
            return attrs

        def is_required(self) -> bool:
            """The page's own required fields are required in the language written (only)."""
            if super().is_required():
                return True
            original = self.panel.db_field.translated_field
            return (
                self.panel.model in exchange_page_models()
                and not original.blank
                and self.language == writing_language(self.request)
            )


_language_panel_classes: dict[type, type] = {}


def language_panel_class(panel_class: type[FieldPanel]) -> type[FieldPanel]:
    """``panel_class`` (FieldPanel, TitleFieldPanel …) with the folding behaviour mixed in."""
    if panel_class not in _language_panel_classes:
        bound_panel = type(
            "BoundPanel",
            (LanguageFieldPanelMixin.BoundPanelMixin, panel_class.BoundPanel),
            {},
        )
        _language_panel_classes[panel_class] = type(
            f"Language{panel_class.__name__}",
            (LanguageFieldPanelMixin, panel_class),
            {"BoundPanel": bound_panel},
        )
    return _language_panel_classes[panel_class]


class LanguageBarPanel(Panel):
    """The bar above a tab's fields: the language written, and a toggle per other language."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("heading", _("Languages"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/language_bar.html"

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.writing = getattr(self.form, "writing_language", None)
            if self.request is not None and self.writing:
                setattr(self.request, WRITING_LANGUAGE_ATTRIBUTE, self.writing)

        def is_shown(self) -> bool:
            return bool(self.writing)

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            page = self.instance
            summaries = review_states().language_summaries(page) if page.pk else {}
            context["writing_language"] = self.writing
            context["writing_language_name"] = dict(settings.LANGUAGES)[self.writing]
            context["other_languages"] = [
                {"code": code, "name": name, "states": summaries.get(code, [])}
                for code, name in settings.LANGUAGES
                if code != self.writing
            ]
            return context


def _fold_language_columns(panels: list, model: type) -> tuple[list, bool]:
    """``panels`` with every language column's panel replaced by its folding twin.

    The flag says whether any language column was found (inline models' included).
    """
    folded, found = [], False
    for panel in panels:
        if isinstance(panel, LanguageFieldPanelMixin):
            found = True
        elif isinstance(panel, FieldPanel):
            if isinstance(_model_field(model, panel.field_name), TranslationField):
                panel = language_panel_class(type(panel))(**panel.clone_kwargs())
                found = True
        elif isinstance(panel, InlinePanel):
            related = getattr(model, panel.relation_name).rel.related_model
            if hasattr(related, "panels"):
                related.panels, inline_found = _fold_language_columns(related.panels, related)
                found = found or inline_found
        elif isinstance(panel, PanelGroup):
            panel.children, group_found = _fold_language_columns(panel.children, model)
            found = found or group_found
        folded.append(panel)
    return folded, found


def _model_field(model: type, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def install_language_panels() -> None:
    """Fold the language columns of every exchange page type (after wagtail-modeltranslation).

    Called from the core's ``ready()``; wagtail-modeltranslation's app comes first
    in ``INSTALLED_APPS``, so its per-language panels exist by then.
    """
    for model in exchange_page_models():
        for tab in ("content_panels", "promote_panels"):
            panels, found = _fold_language_columns(list(getattr(model, tab)), model)
            if found and not isinstance(panels[0], LanguageBarPanel):
                panels.insert(0, LanguageBarPanel())
            setattr(model, tab, panels)
        model.get_edit_handler.cache_clear()
