"""Page URLs are resolved per language, without loading every sibling of the page."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_init
from django.utils import translation

from wagtail.models import Page, Site

import pytest

from practices.models import PracticeIndexPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(site_tree, dresden):
    """A practice with its own English and German slugs, and none in Danish or French."""
    return factories.PracticePageFactory(
        parent=site_tree.practices,
        title="Reading aloud",
        slug="reading-aloud",
        slug_de="vorlesen",
        library=dresden,
    )


@contextmanager
def instances_made() -> Iterator[list]:
    """Every model instance created meanwhile (Django's ``post_init``)."""
    made: list = []

    def note(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(note, weak=False, dispatch_uid="routing_test_instances")
    try:
        yield made
    finally:
        post_init.disconnect(dispatch_uid="routing_test_instances")


def test_every_language_finds_the_page_under_its_own_slug(client, reading):
    for code in ("en", "da", "de", "fr"):
        with translation.override(code):
            url = reading.get_url()
        response = client.get(url)
        assert response.status_code == 200, f"{url} ({code}) answered {response.status_code}"
        assert "Reading aloud" in response.content.decode(), f"{url} shows another page"
    assert "/vorlesen/" in url_in(reading, "de"), "the German URL uses the German slug"


def url_in(page, code: str) -> str:
    with translation.override(code):
        return page.get_url()


def test_another_languages_slug_is_not_an_address(client, reading):
    """Under /de/ only the German slug names the page, as wagtail-modeltranslation decides."""
    german_index = url_in(reading, "de").rsplit("/vorlesen/", 1)[0]
    response = client.get(f"{german_index}/reading-aloud/")
    assert response.status_code == 404, "the English slug answered under /de/"


def test_routing_does_not_load_the_siblings(client, site_tree, dresden, reading):
    """A practice among 30 costs as many page objects as a practice among 3."""
    counts = {}
    for siblings in (3, 30):
        while site_tree.practices.get_children().count() < siblings:
            factories.PracticePageFactory(parent=site_tree.practices, library=dresden)
        client.get(reading.url)  # warm the caches
        with instances_made() as made:
            response = client.get(reading.url)
        assert response.status_code == 200, f"the practice answered {response.status_code}"
        counts[siblings] = len([instance for instance in made if isinstance(instance, Page)])
    assert counts[3] == counts[30], f"page objects loaded grew with the siblings: {counts}"


def test_routing_passes_through_an_index_without_loading_it_as_its_own_type(rf, site_tree, reading):
    """An index that only leads to its children is not loaded as an index page on the way.

    Its specific row (StreamField, translations) costs a wide query on every
    request for any page below it; the served page itself arrives in its own type.
    """
    request = rf.get(reading.url)
    with instances_made() as made, translation.override("en"):
        page, _args, _kwargs = Page.route_for_request(request, reading.url.split("/", 2)[2])
    assert type(page).__name__ == "PracticePage", f"routing served a {type(page).__name__}"
    assert page.pk == reading.pk, "routing found another page"
    assert PracticeIndexPage not in map(type, made), (
        "routing loaded the practice index as its own type"
    )


def test_a_page_below_the_home_page_is_served_without_loading_the_home_page_as_its_type(
    client, settings, site_tree, reading
):
    """Wagtail routes from ``site.root_page.specific``: a wide row read on every request."""
    settings.READER_PAGE_CACHE_SECONDS = 0  # routed, not answered from the whole-page cache
    client.get(reading.url)  # warm the caches
    with instances_made() as made:
        response = client.get(reading.url)
    assert response.status_code == 200, f"the practice answered {response.status_code}"
    assert "Reading aloud" in response.content.decode(), "another page was served"
    assert type(site_tree.home) not in map(type, made), (
        "routing loaded the home page as its own type"
    )
    home = client.get("/en/")
    assert home.status_code == 200, f"the home page itself answered {home.status_code}"
    assert client.get("/en/no-such-page/").status_code == 404, "an unknown address should be 404"


def test_a_site_rooted_at_a_routable_page_still_routes_its_own_views(client, site_tree, reading):
    """The meetings index answers sub-URLs (its action items) itself: it is loaded in its type."""
    Site.objects.filter(is_default_site=True).update(root_page=site_tree.meetings)
    response = client.get("/en/action-items/")
    assert response.status_code == 200, f"the root's own route answered {response.status_code}"
    assert "action" in response.content.decode().lower(), "the action items view was not served"
    minutes = factories.MeetingMinutesPageFactory(parent=site_tree.meetings, slug="spring")
    response = client.get("/en/spring/")
    assert response.status_code == 200, (
        f"a child of the routable root answered {response.status_code}"
    )
    assert minutes.title in response.content.decode(), "the minutes were not served"
