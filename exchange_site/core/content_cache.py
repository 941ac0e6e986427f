"""Version numbers for what readers see cached, per page: a publish invalidates that page and
the pages that show it, and leaves every other page's cached fragments warm.

A cached fragment of a page (a practice article, a page's machine-draft marks)
is keyed by ``page_cache_version(page_id)``: the page's own version and the
structure version. What bumps which:

* Saving a live page (publishing it, or a plain ``save()``) bumps the page and
  every page that shows it (``pages_showing``): pages pointing at it by a foreign
  key or many-to-many (related cards, featured lists, a library's practices),
  pages it points at (they list it through the reverse relation: a practice the
  meetings that discussed it, a library its practices), pages whose rich text or
  StreamField reference it (Wagtail's reference index), its ancestors (index
  listings, the home page), and one step further the pages showing the *card* of a
  page whose card shows it (``card_fields`` on a page model: a practice card shows
  its library's title and its topics). The page's own relations are read before
  and after the save, so a page a relation was taken away from is bumped too.
* Saving a model a content app names in ``invalidate_content_on_save`` (topics,
  SDGs), an image or a document: the pages showing it, the same way, and the pages
  of rows pointing at both the object and a page (a translation override showing an
  image in one language, a meeting's attachment).
* A machine draft written by the task worker (``translation_state_changed``):
  that page and the pages showing it.
* Structural changes bump the *structure version*, which is part of every page's
  key, so every fragment goes: unpublishing, moving or deleting a page, a changed
  address (slug), a changed Site (host, port, root page) and any change of a view
  restriction (added, changed or removed, on the page or on a parent: it hides or
  shows every page below it). They are
  rare, and invalidating broadly is the one answer that is plainly safe.

Next to these, ``content_version`` moves with every change (for site-wide lists
like the sitemap), ``menu_version`` with top-level pages and ``privacy_version``
with restrictions and paths. Each bump happens at once and again after the
transaction commits, so a reader rendering the old rows during a publish cannot
keep them cached under the new version. With the default per-process cache,
another process's publish (the task worker's machine drafts) is seen when
entries expire after ``CACHE_SECONDS``; a shared ``CACHES`` backend (production)
makes it immediate.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import suppress
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_unpublished, post_page_move

from .registry import exchange_page_models, translation_state_changed

CONTENT_VERSION_KEY = "content:version"
STRUCTURE_VERSION_KEY = "content:structure-version"
MENU_VERSION_KEY = "content:menu-version"
PRIVACY_VERSION_KEY = "content:privacy-version"
PAGE_VERSION_KEY = "content:page:{}"
CACHE_SECONDS = 300
MENU_DEPTH = 3  # the site root's children: the pages a menu can show
_BEFORE_SAVE = "_content_cache_before_save"
# wagtail-modeltranslation keeps one address per language (url_path_da, ...): all of them.
_URL_PATHS = [
    field.attname for field in Page._meta.concrete_fields if field.name.startswith("url_path")
]


def _versions(*keys: str) -> list[int]:
    """Version numbers that start at the current time, not at 1, read in one cache round trip.

    A full cache drops entries (LocMemCache culls a third when full), versions
    among them; restarting at 1 would read entries cached under 1 before a
    privacy change. A fresh start can never meet an older entry.
    """
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def content_version() -> int:
    """Moves with every change readers can see: for site-wide lists (the sitemap)."""
    return _versions(CONTENT_VERSION_KEY)[0]


def menu_version() -> int:
    """Changes only when a top-level page changes, so most publishes keep the menu cached."""
    return _versions(MENU_VERSION_KEY)[0]


def privacy_version() -> int:
    """Changes with view restrictions and page paths only: publishing keeps it (and one query)."""
    return _versions(PRIVACY_VERSION_KEY)[0]


def page_cache_version(page_id: int) -> str:
    """The part of a page's cache keys that changes when the page or anything it shows changes."""
    structure, page = _versions(STRUCTURE_VERSION_KEY, PAGE_VERSION_KEY.format(page_id))
    return f"{structure}.{page}"


def page_view_version(page_id: int) -> str:
    """What a whole page view depends on: the page's version and the menu's, in one round trip."""
    structure, page, menu = _versions(
        STRUCTURE_VERSION_KEY, PAGE_VERSION_KEY.format(page_id), MENU_VERSION_KEY
    )
    return f"{structure}.{page}.{menu}"


def _bump(keys: Iterable[str]) -> None:
    """Move these versions, and the content version before them.

    Every change a reader can see moves the content version, and first: the
    whole-page cache reads a view's key, then checks that the content version
    has not moved since routing (``page_cache._store``), so a key that already
    shows a change always comes with a moved content version.
    """
    keys = [CONTENT_VERSION_KEY, *(key for key in keys if key != CONTENT_VERSION_KEY)]
    _incr(keys)
    # Again once the publish is visible to other connections: see the module docstring.
    transaction.on_commit(partial(_incr, keys))


def _incr(keys: list[str]) -> None:
    for key in keys:
        with suppress(ValueError):  # no version yet: nothing was cached with one either
            cache.incr(key)


def bump_structure_version(**kwargs: Any) -> None:
    """A page left, moved or changed its address: every page's fragments go (and the lists)."""
    _bump((STRUCTURE_VERSION_KEY, MENU_VERSION_KEY))


def bump_privacy_version(**kwargs: Any) -> None:
    """A privacy change can hide or show any page in any list or menu: every version moves."""
    _bump((PRIVACY_VERSION_KEY, STRUCTURE_VERSION_KEY, MENU_VERSION_KEY))


def bump_pages(page_ids: Iterable[int]) -> None:
    """These pages' cached fragments are stale; so is any site-wide list."""
    _bump(PAGE_VERSION_KEY.format(pk) for pk in sorted(set(page_ids)))


# --- Which pages show an object -------------------------------------------------------------


def _is_page_model(model: Any) -> bool:
    return isinstance(model, type) and issubclass(model, Page)


def _forward_page_fields(model: type[models.Model]) -> list[models.Field]:
    """Foreign keys and many-to-manys from ``model`` to pages (not the page-type parent link)."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and (field.many_to_one or field.many_to_many)
        and _is_page_model(field.related_model)
    ]


def _referring_page_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Foreign keys and many-to-manys from page models to ``model`` (reverse relations)."""
    return [
        relation
        for relation in model._meta.related_objects
        if (relation.one_to_many or relation.many_to_many)
        and _is_page_model(relation.related_model)
        and not relation.related_model._meta.abstract
    ]


def _points_at(instance: models.Model) -> set[int]:
    """The pages ``instance`` points at, as it is in memory (unsaved parental relations too)."""
    found: set[int] = set()
    for field in _forward_page_fields(type(instance)):
        if field.many_to_one:
            value = getattr(instance, field.attname)
            found.update([value] if value is not None else [])
        elif instance.pk is not None:
            found.update(obj.pk for obj in getattr(instance, field.name).all())
    return found


def _plain_rows(model: type[models.Model]) -> models.QuerySet:
    """A queryset without modeltranslation's rewriting: its ``values_list`` raises for a page
    type that inherits the translated ``Page`` manager but has no translation options itself."""
    return models.QuerySet(model)


def _points_at_in_database(model: type[models.Model], pks: set[int]) -> set[int]:
    """The pages the saved rows ``pks`` of ``model`` point at."""
    found: set[int] = set()
    for field in _forward_page_fields(model):
        rows = _plain_rows(model).filter(pk__in=pks).values_list(field.name, flat=True)
        found.update(value for value in rows if value is not None)
    return found


def _pages_through_rows(model: type[models.Model], pks: set[int]) -> set[int]:
    """Pages showing these objects through a row of another model that points at both the
    object and the page: a translation override's image, a meeting's attachment.

    Such rows are no part of a page model's fields, and the reference index leaves out
    those that are not a page's child relation (a translation override).
    """
    found: set[int] = set()
    # Hidden too: such a row's foreign key often has no reverse accessor (related_name="+").
    for relation in model._meta.get_fields(include_hidden=True):
        source = relation.related_model
        if (
            relation.concrete
            or not relation.one_to_many
            or _is_page_model(source)
            or source._meta.abstract
        ):
            continue
        for field in _forward_page_fields(source):
            if field.many_to_one and field is not relation.field:
                rows = _plain_rows(source).filter(**{f"{relation.field.name}__in": pks})
                found.update(rows.values_list(field.attname, flat=True))
    found.discard(None)
    return found


def _referrers(model: type[models.Model], pks: set[int]) -> tuple[set[int], dict[type, set[int]]]:
    """Pages pointing at these objects, and those of them whose *card* shows the objects.

    A page model's ``card_fields`` names the relations its card or list entry
    shows (a practice card: its library and topics); the pages showing such a
    card must go too.
    """
    found: set[int] = set()
    cards: dict[type, set[int]] = {}
    for relation in _referring_page_relations(model):
        source = relation.related_model
        ids = set(
            _plain_rows(source)
            .filter(**{f"{relation.field.name}__in": pks})
            .values_list("pk", flat=True)
        )
        found |= ids
        if ids and relation.field.name in getattr(source, "card_fields", ()):
            cards.setdefault(source, set()).update(ids)
    found |= _pages_through_rows(model, pks)
    base_type = ReferenceIndex._get_base_content_type(model)
    page_type = ContentType.objects.get_for_model(Page)
    found.update(
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            to_content_type=base_type,
            to_object_id__in=[str(pk) for pk in pks],
            base_content_type=page_type,
        ).values_list("object_id", flat=True)
    )
    return found, cards


def pages_showing(
    model: type[models.Model], pks: set[int], points_at: set[int] | None = None
) -> set[int]:
    """Pages whose cached fragments show one of these objects (not the objects themselves).

    ``points_at``: the pages the objects point at, when the caller knows them
    better than the database does (during a save).
    """
    showing, cards = _first_order(model, pks, points_at)
    for card_model, card_pks in cards.items():
        # Pages showing those cards, and the listings of their parents.
        card_paths = Page.objects.filter(pk__in=card_pks).values_list("path", flat=True)
        showing |= _first_order(card_model, card_pks, None)[0] | _ancestors(card_paths)
    return (showing | pages_listing_every(model)) - (pks if _is_page_model(model) else set())


def pages_listing_every(model: type[models.Model]) -> set[int]:
    """Pages of the types that list every object of ``model`` (their ``lists_every``)."""
    label = model._meta.label
    listing = [
        ContentType.objects.get_for_model(page_model)
        for page_model in exchange_page_models()
        if label in page_model.lists_every
    ]
    if not listing:
        return set()
    return set(_plain_rows(Page).filter(content_type__in=listing).values_list("pk", flat=True))


def _first_order(
    model: type[models.Model], pks: set[int], points_at: set[int] | None
) -> tuple[set[int], dict[type, set[int]]]:
    if not pks:
        return set(), {}
    showing, cards = _referrers(model, pks)
    if _is_page_model(model):
        showing |= _points_at_in_database(model, pks) if points_at is None else points_at
    return showing, cards


def _ancestors(paths: Iterable[str]) -> set[int]:
    """Pages above these tree paths, below the root: index listings and the home page list
    their descendants. One query, from the paths alone."""
    prefixes = {
        path[:length]
        for path in paths
        for length in range(2 * Page.steplen, len(path), Page.steplen)
    }
    if not prefixes:
        return set()
    return set(Page.objects.filter(path__in=prefixes).values_list("pk", flat=True))


# --- Signal handlers ------------------------------------------------------------------------


def remember_before_save(sender: type, instance: models.Model, **kwargs: Any) -> None:
    """What a live page pointed at and where it lived before this save (read from the database)."""
    if not isinstance(instance, Page) or instance.pk is None or kwargs.get("update_fields"):
        return
    url_paths = Page.objects.filter(pk=instance.pk).values_list(*_URL_PATHS).first()
    instance.__dict__[_BEFORE_SAVE] = (
        url_paths,
        _points_at_in_database(type(instance), {instance.pk}),
    )


def page_saved(sender: type, instance: models.Model, **kwargs: Any) -> None:
    """A live page saved in full (a publish does that) is shown anew wherever it shows."""
    if not isinstance(instance, Page) or kwargs.get("update_fields") or kwargs.get("raw"):
        return
    url_paths = tuple(getattr(instance, name) for name in _URL_PATHS)
    url_paths_before, pointed_at = instance.__dict__.pop(_BEFORE_SAVE, (url_paths, set()))
    if not instance.live:
        return  # never shown; unpublishing is a structural change (``page_unpublished``)
    if url_paths_before != url_paths:
        bump_structure_version()  # every link to it or below it changed
        return
    showing = pages_showing(type(instance), {instance.pk}, pointed_at | _points_at(instance))
    bump_pages({instance.pk} | showing | _ancestors([instance.path]))
    if instance.depth <= MENU_DEPTH:
        _bump([MENU_VERSION_KEY])


def object_saved(sender: type, instance: models.Model, **kwargs: Any) -> None:
    """A snippet, image or document readers see inside pages changed."""
    if not kwargs.get("raw"):
        bump_pages(pages_showing(type(instance), {instance.pk}))


def translation_state_saved(sender: Any, page_id: int, **kwargs: Any) -> None:
    """The worker wrote machine drafts (their marks show on the page and on its cards)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        showing = pages_showing(page.specific_class, {page_id})
        bump_pages({page_id} | showing | _ancestors([page.path]))


def invalidate_content_on_save(*models_shown: type[models.Model]) -> None:
    """Content apps name the non-page models readers see in pages (taxonomy snippets).

    Deletions are caught before they happen: afterwards the many-to-many rows that
    tell which pages showed the object are gone.
    """
    for model in models_shown:
        for signal in (post_save, pre_delete):
            signal.connect(object_saved, sender=model, dispatch_uid=f"content_{model}_{signal}")


def connect_invalidation() -> None:
    pre_save.connect(remember_before_save, dispatch_uid="content_page_before_save")
    post_save.connect(page_saved, dispatch_uid="content_page_saved")
    page_unpublished.connect(bump_structure_version, dispatch_uid="content_unpublished")
    post_delete.connect(bump_structure_version, sender=Page, dispatch_uid="content_page_delete")
    # A move changes the paths the restrictions are matched by, and the moved pages' addresses.
    post_page_move.connect(bump_privacy_version, dispatch_uid="privacy_version_move")
    translation_state_changed.connect(translation_state_saved, dispatch_uid="content_translation")
    # A site's host, port or root page decides which page every address names.
    for signal in (post_save, post_delete):
        signal.connect(bump_structure_version, sender=Site, dispatch_uid=f"content_site_{signal}")
    invalidate_content_on_save(get_image_model(), get_document_model())
    for signal in (post_save, post_delete):
        signal.connect(
            bump_privacy_version, sender=PageViewRestriction, dispatch_uid=f"privacy_{signal}"
        )
    m2m_changed.connect(
        bump_privacy_version,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="privacy_version_groups",
    )
