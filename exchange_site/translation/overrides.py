"""Per-language overrides: a translation's link target or image, replaced for one language.

Design, after wagtail-localize's ``OverridableSegment``: a translation
translates text; what the source *points at* (a link's target, a chosen
image) is not text and is copied from the source, which stays the default.
Some of it must differ per language (the German page links to the German
brochure), so each such thing is an *overridable* of the source
(``segments.Overridable``): named by where it sits in the source (field
key, unit path, the link's place among the unit's distinct targets) and by
what it points at there (``source_target``). An override
(``TranslationOverride``) is stored per page × language × field × locator,
apart from the translated text and from revisions, so:

- re-translating, reviewing or hand-editing the text never loses it (the
  translation still carries the source's link, which the override replaces
  when a reader of that language sees the page);
- only readers of that language see it: it is applied by the core's
  fallback descriptor (``registry.ReaderOverrides``) when the field is shown
  in that language, never when the field falls back to the source;
- a source that starts pointing elsewhere (another link target, another
  image) leaves the override unapplied, since the thing it replaced is gone;
  the override screen shows it as such.

Alt texts and captions are text: they are segments (``ImageBlock.alt_text``
and ``caption``), translated and reviewed like any other.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.models import Page

from exchange_site.core.content_cache import CACHE_SECONDS, content_version
from exchange_site.core.registry import translation_state_changed

from .display import status_key
from .fields import TranslatableField, translatable_fields
from .models import TranslationOverride
from .segments import (
    Overridable,
    extract_overridables,
    field_kind,
    get_path,
    link_identity,
    link_openings,
    stream_raw,
)

Kind = TranslationOverride.Kind
_CACHE = "_translation_overrides"
_validate_url = URLValidator(schemes=["http", "https"])


def validate_link_url(url: str) -> None:
    """Refuse anything but a full web address, with a message an editor understands."""
    try:
        _validate_url(url)
    except ValidationError:
        raise ValidationError(
            _("“%(url)s” is not a web address. Enter a full address starting with https://.")
            % {"url": url},
            code="invalid_url",
        ) from None


def replacement_tag(override: TranslationOverride) -> str:
    """The opening tag the override's link gets, in Wagtail's stored rich-text form."""
    if override.link_page_id:
        return f'<a linktype="page" id="{override.link_page_id}">'
    return f'<a href="{html.escape(override.link_url)}">'


def _replace_links(value: str, source_target: str, tag: str) -> str:
    for opening in set(link_openings(value)):
        if link_identity(opening) == source_target:
            value = value.replace(opening, tag)
    return value


def apply_overrides(model_field, value: Any, overrides: list[tuple]) -> Any:
    """``value`` with ``(path, kind, source_target, replacement)`` overrides applied."""
    if field_kind(model_field) != "stream":
        for _path, _kind, source_target, tag in overrides:
            value = _replace_links(value or "", source_target, tag)
        return value
    data = stream_raw(value)
    for path, kind, source_target, replacement in overrides:
        try:
            parent, last = get_path(data, path[:-1]), path[-1]
            current = parent[last]
        except (KeyError, IndexError, TypeError):
            continue  # the translation's structure differs from the source's here
        if kind == Kind.IMAGE and str(current) == source_target:
            parent[last] = replacement
        elif kind == Kind.LINK and isinstance(current, str):
            parent[last] = _replace_links(current, source_target, replacement)
    return model_field.stream_block.to_python(data)


def _path_of(locator: str) -> tuple:
    path = locator.partition("#")[0]
    return tuple(int(step) if step.isdigit() else step for step in path.split(".") if step)


def _override_table() -> dict[tuple[int, str], dict[str, list[tuple]]]:
    """Every override, by (page id, language) and field key; cached under the content version.

    The table is small (a few overrides per translated page) and read on every
    page a reader sees, so it is one query per content version, not per page.
    """
    key = f"translation-overrides:{content_version()}"
    table = cache.get(key)
    if table is None:
        table = defaultdict(lambda: defaultdict(list))
        for override in TranslationOverride.objects.all():
            replacement = (
                replacement_tag(override) if override.kind == Kind.LINK else override.image_id
            )
            table[override.page_id, override.language][override.field].append(
                (_path_of(override.locator), override.kind, override.source_target, replacement)
            )
        table = {page: dict(fields) for page, fields in table.items()}
        cache.set(key, table, CACHE_SECONDS)
    return table


class ReaderOverrides:
    """The core's ``ReaderOverrides`` (``core.registry``), registered in ``ready()``."""

    @staticmethod
    def apply(instance: Any, field_name: str, language: str, value: Any) -> Any:
        page = getattr(instance, "page", instance)
        if not isinstance(page, Page) or page.pk is None:
            return value
        per_page = page.__dict__.setdefault(_CACHE, {})  # read once per page object and language
        if language not in per_page:
            per_page[language] = _override_table().get((page.pk, language))
        fields = per_page[language]
        if not fields:
            return value
        overrides = fields.get(status_key(instance, field_name))
        if not overrides:
            return value
        return apply_overrides(instance._meta.get_field(field_name), value, overrides)


@dataclass
class OverridableItem:
    """One overridable of a page's source, with its override in a language (if any)."""

    item: TranslatableField
    overridable: Overridable
    override: TranslationOverride | None

    @property
    def prefix(self) -> str:
        return f"{self.item.key}|{self.overridable.locator}"

    @property
    def source_label(self) -> str:
        """What the source points at, as an editor recognises it."""
        kind, _colon, target = self.overridable.source_target.partition(":")
        if self.overridable.kind == Kind.IMAGE:
            image = get_image_model().objects.filter(pk=self.overridable.source_target).first()
            return image.title if image else _("a deleted image")
        if kind == "page" and target.isdigit():
            page = Page.objects.filter(pk=int(target)).first()
            return page.get_admin_display_title() if page else _("a deleted page")
        return target


def page_overridables(page: Page, language: str) -> list[OverridableItem]:
    """Every link and image of the page's source (latest revision), with its override."""
    latest = page.specific.get_latest_revision_as_object()
    source = latest.source_language
    stored = {
        (override.field, override.locator): override
        for override in TranslationOverride.objects.filter(page=page, language=language)
    }
    found = []
    for item in translatable_fields(latest, source):
        for overridable in extract_overridables(item.model_field, item.raw(source), item.units):
            override = stored.get((item.key, overridable.locator))
            if override and override.source_target != overridable.source_target:
                override = None  # it replaced a target the source no longer has
            found.append(OverridableItem(item, overridable, override))
    return found


def save_override(
    page: Page,
    language: str,
    entry: OverridableItem,
    user,
    link_page: Page | None = None,
    link_url: str = "",
    image=None,
) -> None:
    """Set (or, with nothing given, remove) the override of one overridable in ``language``."""
    lookup = {
        "page": page,
        "language": language,
        "field": entry.item.key,
        "locator": entry.overridable.locator,
    }
    if not (link_page or link_url or image):
        TranslationOverride.objects.filter(**lookup).delete()
    else:
        if link_url:
            validate_link_url(link_url)
        TranslationOverride.objects.update_or_create(
            **lookup,
            defaults={
                "kind": entry.overridable.kind,
                "source_target": entry.overridable.source_target,
                "link_page": link_page if entry.overridable.kind == Kind.LINK else None,
                "link_url": "" if link_page else link_url,
                "image": image if entry.overridable.kind == Kind.IMAGE else None,
                "updated_by": user,
            },
        )
    translation_state_changed.send(sender=TranslationOverride, page_id=page.pk)


def copy_overrides(original: Page, copy: Page) -> None:
    """A copy links and shows in each language what its original did.

    Overrides live beside the text, not in it, so Wagtail's copy (which copies
    fields and revisions) would leave them behind; the admin's copy hook calls this.
    """
    copied = [
        TranslationOverride(
            page_id=copy.pk,
            **{
                field.attname: getattr(override, field.attname)
                for field in TranslationOverride._meta.concrete_fields
                if field.attname not in ("id", "page_id")
            },
        )
        for override in TranslationOverride.objects.filter(page=original)
    ]
    if copied:
        TranslationOverride.objects.bulk_create(copied, ignore_conflicts=True)
        translation_state_changed.send(sender=TranslationOverride, page_id=copy.pk)
