"""Page URLs in every language come from one read of the site root paths (core/page_urls.py)."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Site

import pytest
from wagtail_modeltranslation.patch_wagtailadmin import _localized_site_get_site_root_paths

from exchange_site.core.page_urls import site_root_paths_by_language
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def library_site(site_tree, dresden):
    """A second Site, rooted deeper: at the library index."""
    return Site.objects.create(hostname="dresden.example", port=80, root_page=site_tree.libraries)


def root_paths_site_site_by_site(paths) -> list[tuple]:
    return [(p.site_id, p.root_path, p.root_url, p.language_code) for p in paths]


def test_every_languages_root_paths_are_modeltranslations(library_site):
    cache.clear()
    ours = site_root_paths_by_language()
    for code in LANGUAGES:
        cache.clear()
        with translation.override(code):
            theirs = _localized_site_get_site_root_paths()
        assert root_paths_site_site_by_site(ours[code]) == root_paths_site_site_by_site(theirs), (
            f"the site root paths in {code} should be what wagtail-modeltranslation computes"
        )
        assert [p.site_id for p in ours[code]] == [library_site.pk, site_tree_site().pk], (
            f"in {code} the deeper Site's root should come first, so that it matches first"
        )


def site_tree_site() -> Site:
    return Site.objects.get(is_default_site=True)


def site_root_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured
        # The Site lookup for the request also joins the root page; only this joins its locale.
        if 'FROM "wagtailcore_site" INNER JOIN' in q["sql"] and '"wagtailcore_locale"' in q["sql"]
    ]


def test_a_rendered_view_reads_the_root_paths_once_for_all_languages(
    client, settings, site_tree, dresden
):
    settings.READER_PAGE_CACHE_SECONDS = 0  # rendering, not a stored answer
    practice = factories.PracticePageFactory(parent=site_tree.practices, library=dresden)
    url = practice.get_url()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(site_root_queries(captured)) == 1, (
        "a cold view links the page in four languages: the Sites should be read once, not "
        f"per language: {site_root_queries(captured)}"
    )
    reads = cache_reads_of_root_paths(lambda: client.get(url))
    assert len(reads) == 1, f"a warm view should read the root paths once, read: {reads}"


def cache_reads_of_root_paths(action) -> list:
    """The cache reads of site root paths ``action`` makes (a ``get_many`` counts as one)."""
    backend, reads, inside_get_many = caches["default"], [], []
    get, get_many = backend.get, backend.get_many

    def counted_get(key, *args, **kwargs):
        if "wagtail_site_root_paths" in key and not inside_get_many:
            reads.append(key)
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        if any("wagtail_site_root_paths" in key for key in keys):
            reads.append(tuple(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    with (
        mock.patch.object(backend, "get", counted_get),
        mock.patch.object(backend, "get_many", counted_get_many),
    ):
        assert action().status_code == 200
    return reads


def test_a_new_site_changes_the_addresses_at_once(client, site_tree, dresden):
    for code in LANGUAGES:
        with translation.override(code):
            address = dresden.get_url()
            assert address.startswith(f"/{code}/") and address.endswith("/bibo-dresden/"), address
    Site.objects.create(hostname="dresden.example", port=80, root_page=site_tree.libraries)
    for code in LANGUAGES:
        with translation.override(code):
            page = type(dresden).objects.get(pk=dresden.pk)  # a new request's page object
            assert page.get_url() == f"http://dresden.example/{code}/bibo-dresden/", (
                f"the new Site should give the library its address in {code} at once"
            )


def test_with_no_language_active_a_new_site_still_changes_the_address(site_tree, dresden):
    """Scripts may run with no language active: the default language's addresses, kept fresh."""
    with translation.override(None):
        before = dresden.get_url()
        assert before.endswith("/bibo-dresden/"), before
        Site.objects.create(hostname="dresden.example", port=80, root_page=site_tree.libraries)
        page = type(dresden).objects.get(pk=dresden.pk)
        expected = f"http://dresden.example/{settings.LANGUAGE_CODE}/bibo-dresden/"
        assert page.get_url() == expected, (
            f"with no language active the new Site should apply at once, got {page.get_url()}"
        )
