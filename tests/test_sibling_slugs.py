"""Saving a page checks its slugs against its siblings' in every language, as before.

``core.sibling_slugs`` replaces wagtail-modeltranslation's check with one that
reads slug columns instead of whole sibling pages; the verdicts must be the same.
"""

from django.core.exceptions import ValidationError

import pytest

from exchange_site.core.sibling_slugs import _original_validate_slugs, validate_sibling_slugs
from tests import factories


@pytest.fixture
def siblings(site_tree, dresden):
    def make(slug, **slugs):
        return factories.PracticePageFactory(
            parent=site_tree.practices, library=dresden, slug=slug, **slugs
        )

    return make


@pytest.mark.parametrize(
    "sibling_slugs, page_slugs, clash",
    [
        ({"slug_de": "lesepaten", "slug_da": "laesepaeder"}, {"slug_de": "lesepaten"}, True),
        ({"slug_de": "lesepaten", "slug_da": "laesepaeder"}, {"slug_da": "laesepaeder"}, True),
        # The sibling has no French slug: in French it falls back to its English "sibling".
        ({"slug_de": "lesepaten"}, {"slug_fr": "sibling"}, True),
        ({"slug_de": "lesepaten", "slug_fr": "parrains"}, {"slug_de": "andere"}, False),
        ({"slug_de": "lesepaten"}, {"slug_de": "lesepaten-2"}, False),
    ],
)
def test_slug_clashes_are_found_as_wagtail_modeltranslation_finds_them(
    siblings, sibling_slugs, page_slugs, clash
):
    siblings("sibling", **sibling_slugs)
    page = siblings("page", slug_de="eigene")
    for name, value in page_slugs.items():
        setattr(page, name, value)
    expected = _original_validate_slugs(page)
    assert validate_sibling_slugs(page) == expected, "the faster check reached another verdict"
    assert bool(expected) is clash, f"the case itself is mis-described: {expected}"
    if clash:
        with pytest.raises(ValidationError):
            page.full_clean()
