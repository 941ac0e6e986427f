"""Old addresses keep working: a permanent redirect for every URL a save takes away.

Wagtail's redirects app creates redirects when the slug of the *active*
language changes (``page_slug_changed`` compares ``page.slug``, which
wagtail-modeltranslation maps to one language column). Our readers have four
addresses per page (``/en/…``, ``/da/…``, ``/de/…``, ``/fr/…``), and a
Danish slug edited by an English-speaking editor, a page moved, or a parent
renamed in one language changes other languages' URLs, of the page and of
every descendant. So this module compares each language's ``url_path``
before and after every page save and records, in the save's own
transaction, a Wagtail ``Redirect`` from each old URL to the page (the
redirect follows the page: its target URL is computed when a reader arrives,
in the reader's language). Wagtail's own automatic redirects are switched
off (``WAGTAILREDIRECTS_AUTO_CREATE``) so there is one mechanism.

The old URLs are taken before the save because wagtail-modeltranslation
rewrites descendants' paths inside the save, after ``post_save``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.utils import translation

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.signal_handlers import BatchRedirectCreator
from wagtail.models import Page, Site, get_page_models

from modeltranslation.utils import build_localized_fieldname

LANGUAGES = [code for code, _name in settings.LANGUAGES]
URL_PATH_FIELDS = [build_localized_fieldname("url_path", code) for code in LANGUAGES]
_PENDING = "_addresses_before_save"


def _url_path(page: Page, language: str) -> str:
    """The url_path readers of ``language`` are routed by (modeltranslation's fallback applied)."""
    with translation.override(language):
        return page.url_path


def _routing_may_change(update_fields: Any) -> bool:
    if update_fields is None:
        return True
    return any(name.startswith(("slug", "url_path")) for name in update_fields)


def old_addresses(page: Page, languages: list[str]) -> list[dict[str, Any]]:
    """Redirect rows for the current (not yet changed) URLs of ``page`` and its live descendants."""
    pages = [
        page.specific,
        *Page.objects.descendant_of(page).live().defer_streamfields().specific(),
    ]
    rows = []
    for language in languages:
        with translation.override(language):
            for each in pages:
                parts = each.get_url_parts()
                if parts is None or not parts[2]:
                    continue
                site_id, _root_url, page_path = parts
                for route_path in each.get_route_paths():
                    route = Redirect.normalise_page_route_path(route_path)
                    rows.append(
                        {
                            "old_path": Redirect.normalise_path(
                                page_path.rstrip("/") + (route or "/")
                            ),
                            "site_id": site_id,
                            "redirect_page_id": each.pk,
                            "redirect_page_route_path": route,
                            "automatically_created": True,
                        }
                    )
    return rows


def _before_save(sender, instance: Page, update_fields=None, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None or not _routing_may_change(update_fields):
        return
    stored = Page.objects.filter(pk=instance.pk, live=True).only("path", *URL_PATH_FIELDS).first()
    if stored is None:
        return  # a page that was not live has no address to keep
    changed = [code for code in LANGUAGES if _url_path(stored, code) != _url_path(instance, code)]
    if changed and not Site.objects.filter(root_page_id=instance.pk).exists():
        setattr(instance, _PENDING, old_addresses(stored, changed))


def _after_save(sender, instance: Page, raw: bool = False, **kwargs) -> None:
    rows = instance.__dict__.pop(_PENDING, None)
    if not rows:
        return
    batch = BatchRedirectCreator(max_size=2000, ignore_conflicts=True)
    batch.extend(rows)
    batch.process()


def connect_redirects() -> None:
    for model in get_page_models():
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"redirects-pre-{model._meta}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"redirects-post-{model._meta}")
