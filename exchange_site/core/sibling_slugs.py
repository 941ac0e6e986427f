"""wagtail-modeltranslation's slug check on page saves, without loading every sibling.

Its ``_validate_slugs`` runs in the ``clean`` it patches onto pages, so in
every ``full_clean``: each ``save_revision`` and again each ``publish``. It
builds a whole Page object of every sibling to read one slug per language:
with 1,000 practices under one index that was most of what publishing a
machine translation cost (about 0.6 s a page). ``validate_sibling_slugs``
asks the database only for siblings that have one of this page's slugs in
one of their slug columns (a sibling's slug in any language, after fallbacks,
is one of its columns, so these are all the siblings that can clash), reads
only their slug columns, and resolves each language's slug with
modeltranslation's own descriptor (the same fallbacks); only when that finds a
clash does it call the original, so the errors are exactly its own. The cost no
longer grows with the number of siblings.
"""

from __future__ import annotations

from inspect import getattr_static
from types import SimpleNamespace

from django.db.models import Q
from django.utils import translation

from wagtail.models import Page

from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from wagtail_modeltranslation import patch_wagtailadmin

_original_validate_slugs = patch_wagtailadmin._validate_slugs


def validate_sibling_slugs(page: Page) -> dict:
    """``_validate_slugs``'s result: {localized slug field: error} for slugs a sibling has."""
    if page.get_parent() is None:
        return {}
    descriptor = getattr_static(Page, "slug")
    columns = [build_localized_fieldname("slug", code) for code in mt_settings.AVAILABLE_LANGUAGES]
    own_slugs = set()
    for language in mt_settings.AVAILABLE_LANGUAGES:
        with translation.override(language):
            own_slugs.add(page.slug)
    own_slugs.discard(None)
    if not own_slugs:
        return {}
    sharing_a_slug = Q()
    for column in columns:
        sharing_a_slug |= Q(**{f"{column}__in": sorted(own_slugs)})
    candidates = page.get_siblings(inclusive=False).filter(sharing_a_slug).values(*columns)
    siblings = [SimpleNamespace(**row) for row in candidates]
    if not siblings:
        return {}
    for language in mt_settings.AVAILABLE_LANGUAGES:
        with translation.override(language):
            if page.slug in {descriptor.__get__(sibling, Page) for sibling in siblings}:
                return _original_validate_slugs(page)
    return {}


def install_sibling_slug_validation() -> None:
    """Replace the module function the patched ``clean`` calls (looked up at each call)."""
    patch_wagtailadmin._validate_slugs = validate_sibling_slugs
