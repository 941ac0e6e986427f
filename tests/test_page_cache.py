"""Whole pages for anonymous readers come from the cache, and never what a reader may not see.

Each test first reads pages as an anonymous reader so the cache is warm, then
checks what the next reader gets: whether the page was rendered again is told by
Django's ``template_rendered`` signal, whether it was routed again by the
queries made, and what a reader sees by the HTML.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from exchange_site.core.registry import translation_state_changed
from exchange_site.translation.models import TranslationSettings, TranslationStatus
from tests import factories
from tests.test_content_cache import templates_rendered

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


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


@contextmanager
def renders() -> Iterator[list[str]]:
    """Names every template rendered meanwhile: empty means the answer came from the cache."""
    with templates_rendered() as rendered:
        yield rendered


def test_the_next_anonymous_reader_gets_the_page_without_rendering_or_routing(client, practice):
    url = practice.get_url()
    first = client.get(url)
    assert first.status_code == 200
    with renders() as rendered, CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert rendered == [], f"the second view was rendered again: {rendered}"
    page_queries = [q["sql"] for q in queries if "wagtailcore_page" in q["sql"]]
    assert page_queries == [], f"the second view routed the address again: {page_queries}"
    assert NONCE.sub("", first.content.decode()) == NONCE.sub("", second.content.decode()), (
        "the cached page differs from the rendered one"
    )
    assert "Makerspace for teenagers" in second.content.decode()


def test_each_reader_gets_their_own_csp_nonce_in_the_page_and_the_header(client, practice):
    url = practice.get_url()
    nonces = []
    for _ in range(2):
        response = client.get(url)
        in_page = NONCE.findall(response.content.decode())
        assert in_page, "the page has no nonce'd script (JSON-LD) to check"
        assert f"'nonce-{in_page[0]}'" in response["Content-Security-Policy"], (
            "the cached page's nonce is not the one its CSP header allows"
        )
        nonces.append(in_page[0])
    assert nonces[0] != nonces[1], "two readers got the same CSP nonce"


def test_a_publish_shows_at_once_on_the_page_and_on_the_pages_listing_it(
    client, site_tree, dresden, practice
):
    pages = [practice, site_tree.practices, dresden]
    urls = [page.get_url() for page in pages]
    for url in urls:
        client.get(url)
    practice.title = "Repair café for teenagers"
    practice.save_revision().publish()
    for url in urls:
        html = client.get(url).content.decode()
        assert "Repair café for teenagers" in html, f"{url} still shows the old title"
        assert "Makerspace for teenagers" not in html, f"{url} still shows the old title"


def test_a_renamed_address_no_longer_answers_with_the_page(client, practice):
    old_url = practice.get_url()
    assert client.get(old_url).status_code == 200
    practice.slug = "repair-cafe"
    practice.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code in (301, 302, 404), "the old address still serves the page"
    assert client.get(old_url.replace("makerspace", "repair-cafe")).status_code == 200


def test_logged_in_readers_neither_get_nor_fill_the_cache(client, django_user_model, practice):
    editor = client.__class__()
    editor.force_login(django_user_model.objects.create_superuser("editor", "e@example.org", "pw"))
    url = practice.get_url()
    assert "wagtail-userbar" not in client.get(url).content.decode()
    with renders() as rendered:
        editor_view = editor.get(url).content.decode()
    assert rendered, "a logged-in editor was served the anonymous readers' cached page"
    assert "wagtail-userbar" in editor_view, "the editor's view lost the user bar"
    cache.clear()
    editor.get(url)
    assert "wagtail-userbar" not in client.get(url).content.decode(), (
        "an anonymous reader got the editor's view"
    )


def test_a_member_only_page_seen_by_a_member_is_never_served_to_anonymous_readers(
    client, django_user_model, board, reader, site_tree, practice
):
    factories.PageViewRestrictionFactory(
        page=site_tree.practices, restriction_type=PageViewRestriction.GROUPS, groups=[board]
    )
    member = client.__class__()
    member.force_login(reader)
    url = practice.get_url()
    assert member.get(url).status_code == 200, "the member cannot read the page"
    assert member.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 302, "an anonymous reader was not sent to log in"
    assert "Makerspace for teenagers" not in response.content.decode()


def test_a_page_behind_a_password_is_never_stored(client, practice):
    restriction = factories.PageViewRestrictionFactory(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    url = practice.get_url()
    action = f"/en/_util/authenticate_with_password/{restriction.pk}/{practice.pk}/"
    client.post(action, {"password": "secret", "return_url": url})
    assert "Makerspace for teenagers" in client.get(url).content.decode(), "password not accepted"
    stranger = client.__class__()
    html = stranger.get(url).content.decode()
    assert "Makerspace for teenagers" not in html, "the password page was served from the cache"
    assert 'type="password"' in html, "a stranger is not asked for the password"


def test_a_restriction_added_after_caching_hides_the_page_at_once(client, site_tree, practice):
    url = practice.get_url()
    assert client.get(url).status_code == 200
    factories.PageViewRestrictionFactory(page=site_tree.practices)
    response = client.get(url)
    assert response.status_code == 302, "the page stayed readable from the cache"
    listing = client.get(site_tree.practices.get_url()).content.decode()
    assert "Makerspace for teenagers" not in listing, "the cached listing still shows it"


def test_query_strings_are_rendered_for_each_reader(client, site_tree, practice):
    url = site_tree.practices.get_url() + "?topic=games"
    client.get(url)
    with renders() as rendered:
        client.get(url)
    assert rendered, "a filtered listing was answered from the cache"


def test_hosts_get_their_own_absolute_links(client, practice):
    url = practice.get_url()
    for host in ("localhost", "127.0.0.1"):  # both cached
        client.get(url, HTTP_HOST=host)
    for host, other in (("localhost", "127.0.0.1"), ("127.0.0.1", "localhost")):
        html = client.get(url, HTTP_HOST=host).content.decode()
        assert f"http://{host}/" in html, f"{host} got another host's absolute links"
        assert f"http://{other}/" not in html, f"{host} got {other}'s page from the cache"


def test_hiding_machine_drafts_applies_to_cached_pages(client, practice):
    practice.title_de = "Makerspace für Jugendliche"
    practice.save_revision().publish()
    TranslationStatus.objects.create(
        page_id=practice.pk, field="title", language="de", state=TranslationStatus.State.MACHINE
    )
    translation_state_changed.send(sender=TranslationStatus, page_id=practice.pk)
    url = practice.get_url().replace("/en/", "/de/", 1)
    assert "Makerspace für Jugendliche" in client.get(url).content.decode()
    choices = TranslationSettings.load()
    choices.show_machine_drafts = False
    choices.save()
    main = client.get(url).content.decode().split("<main", 1)[1]
    assert "Makerspace für Jugendliche" not in main, "the hidden machine draft came from the cache"
    assert "Makerspace for teenagers" in main, "the original title is not shown instead"


def test_a_new_day_renders_upcoming_trips_anew(client, site_tree, dresden, monkeypatch):
    today = timezone.localdate()
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        host_library=dresden,
        title="Study visit to Dresden",
        start_date=today,
        end_date=today,
    )
    trip.save_revision().publish()
    index = site_tree.trips.get_url()
    html = client.get(index).content.decode()
    assert "Past trips" not in html, "today's trip is listed as past already"
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    html = client.get(index).content.decode()
    assert "Past trips" in html and "Study visit to Dresden" in html, (
        "the next day still shows yesterday's trip as upcoming (cached across midnight)"
    )


def test_switched_off_every_view_is_rendered(client, practice, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0
    url = practice.get_url()
    client.get(url)
    with renders() as rendered:
        client.get(url)
    assert rendered, "READER_PAGE_CACHE_SECONDS=0 still answered from the cache"
