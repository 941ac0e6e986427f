"""Attacks on the whole-page cache (``exchange_site.core.page_cache``) from outside.

What an anonymous reader sees when an editor's change lands while another
reader's view of the same page is being rendered, and what the cache must keep
apart that ``tests/test_page_cache.py`` does not already try.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from wagtail.models import PageViewRestriction

import pytest

from exchange_site.core import page_cache
from practices.models import PracticePage
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def practice(site_tree, dresden):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="makerspace",
        title="Makerspace for teenagers",
        summary="Teenagers build things on Saturdays.",
        library=dresden,
    )
    page.save_revision().publish()
    return page


def addresses(page: PracticePage) -> list[str]:
    """The page's address in every language (translated slugs where it has them)."""
    page = PracticePage.objects.get(pk=page.pk)
    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls.append(page.get_url())
    return urls


def change_while_rendering(monkeypatch, change: Callable[[], None]) -> None:
    """The next practice view is answered as if ``change`` committed while it was rendered:
    the page was routed and checked before, and its template renders after."""
    serve = PracticePage.serve
    pending = [change]

    def serve_then_change(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        while pending:
            pending.pop()()
        return response

    monkeypatch.setattr(PracticePage, "serve", serve_then_change)


def publishing(practice: PracticePage, **fields: str) -> Callable[[], None]:
    """An editor's publish of ``fields`` into the practice, to run at a chosen moment."""

    def publish() -> None:
        page = PracticePage.objects.get(pk=practice.pk)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()

    return publish


def test_a_page_unpublished_while_a_reader_renders_it_is_not_served_from_the_cache(
    client, monkeypatch, practice
):
    url = practice.get_url()
    change_while_rendering(
        monkeypatch, lambda: PracticePage.objects.get(pk=practice.pk).unpublish()
    )
    assert client.get(url).status_code == 200, "the reader during the unpublish got no page"
    response = client.get(url)
    assert response.status_code == 404, (
        "the unpublished page was served to the next anonymous reader from the cache"
    )
    assert "Makerspace for teenagers" not in response.content.decode()


def test_a_publish_while_a_reader_renders_the_page_shows_to_the_next_reader(
    client, monkeypatch, practice
):
    url = practice.get_url()
    change_while_rendering(monkeypatch, publishing(practice, title="Repair café for teenagers"))
    client.get(url)
    html = client.get(url).content.decode()
    assert "Repair café for teenagers" in html, (
        "the next reader got the version rendered before the publish, cached as the new one"
    )


@pytest.mark.parametrize("page_cache_seconds", [300, 0], ids=["page cache on", "page cache off"])
def test_an_article_published_while_a_reader_renders_it_is_not_kept_in_its_fragment(
    client, monkeypatch, settings, practice, page_cache_seconds
):
    """The article's fragment is keyed by the page's version: read after the page's row
    was loaded, a publish in between filed the old article under the new version."""
    settings.READER_PAGE_CACHE_SECONDS = page_cache_seconds

    url = practice.get_url()
    new_summary = publishing(practice, summary="Teenagers repair bicycles on Saturdays.")
    change_while_rendering(monkeypatch, new_summary)
    client.get(url)
    html = client.get(url).content.decode()
    assert "Teenagers repair bicycles on Saturdays." in html, (
        "the next reader got the article rendered before the publish, cached as the new one"
    )
    assert "Teenagers build things on Saturdays." not in html, "the old summary is still shown"


def test_a_publish_while_a_rendered_view_is_being_stored_shows_to_the_next_reader(
    client, monkeypatch, practice
):
    """The narrowest window: the change commits just before the stored view's key is read."""
    pending = [publishing(practice, title="Repair café for teenagers")]
    answer_key = page_cache._answer_key

    def publish_then_key(request, page_id):
        while pending:
            pending.pop()()
        return answer_key(request, page_id)

    monkeypatch.setattr(page_cache, "_answer_key", publish_then_key)
    url = practice.get_url()
    client.get(url)  # a first view: no answer to look up, so the first key read is the store's
    assert not pending, "the store did not read a key: the view was not stored at all"
    html = client.get(url).content.decode()
    assert "Repair café for teenagers" in html, (
        "the view rendered before the publish was stored under the keys after it"
    )


def test_a_restriction_added_while_a_reader_renders_the_page_hides_it_from_the_next(
    client, monkeypatch, site_tree, practice
):
    url = practice.get_url()
    change_while_rendering(
        monkeypatch,
        lambda: factories.PageViewRestrictionFactory(
            page=site_tree.practices, restriction_type=PageViewRestriction.LOGIN
        ),
    )
    client.get(url)
    response = client.get(url)
    assert response.status_code == 302, "the page made private was served from the cache"
    assert "Makerspace for teenagers" not in response.content.decode(), (
        "the private page's text reached an anonymous reader"
    )


def test_a_password_set_after_caching_hides_every_address_variant(client, practice):
    practice.slug_da = "makerspace-for-unge"
    practice.slug_de = "makerspace-fuer-jugendliche"
    practice.save_revision().publish()
    variants = [
        (url + query, host)
        for url in addresses(practice)
        for query in ("", "?")
        for host in ("localhost", "LOCALHOST", "localhost.")
    ]
    for url, host in variants:
        assert client.get(url, HTTP_HOST=host).status_code == 200, f"{host}{url} is not served"
    factories.PageViewRestrictionFactory(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for url, host in variants:
        html = client.get(url, HTTP_HOST=host).content.decode()
        assert "Teenagers build things" not in html, (
            f"{host}{url} served the page now behind a password from the cache"
        )
        assert 'type="password"' in html, f"{host}{url} does not ask for the password"


def test_a_page_expired_by_publish_scheduled_leaves_the_cache(client, practice):
    urls = addresses(practice)
    for url in urls:
        assert client.get(url).status_code == 200, f"{url} is not served"
    PracticePage.objects.filter(pk=practice.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    for url in urls:
        assert client.get(url).status_code == 404, (
            f"{url}: the page expired by publish_scheduled is still served from the cache"
        )
