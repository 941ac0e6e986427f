"""Cached practice articles are invalidated per page: a publish refreshes the page and every
page that shows it, in every language, and keeps every other page's article cached.

Caches are warmed by reading the pages in all four languages first. Whether an
article came from the cache is counted by its template being rendered
(``practices/includes/practice_article.html``), so "still cached" is what the
server did, and "shows the new title" is what a reader sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.test.signals import template_rendered
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest

from exchange_site.core.registry import translation_state_changed
from exchange_site.translation.models import TranslationStatus
from practices.models import PracticePage
from tests import factories
from tests.test_privacy_crawl import crawl, errors

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ARTICLE = "practices/includes/practice_article.html"


@pytest.fixture
def exchange(site_tree, dresden, danish_library) -> dict:
    """P is shown by R (related card), X (rich-text link), a meeting, the home page, its
    library and the index; Q and U show nothing of P, and nothing shows U."""
    topic = factories.TopicFactory(slug="games", name="Games")
    shown = factories.PracticePageFactory(
        parent=site_tree.practices, slug="playstation", title="PlayStation corner", library=dresden
    )
    quiet = factories.PracticePageFactory(
        parent=site_tree.practices, slug="quiet", title="Quiet room", library=dresden
    )
    unrelated = factories.PracticePageFactory(
        parent=site_tree.practices, slug="unrelated", title="Seed library", library=danish_library
    )
    related = factories.PracticePageFactory(
        parent=site_tree.practices, slug="artothek", title="Artothek", library=danish_library
    )
    linker = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="linker",
        title="Games week",
        library=danish_library,
        body=[
            ("paragraph", f'<p>See <a linktype="page" id="{shown.pk}">the corner</a>.</p>'),
            ("resources", [{"title": "Corner page", "page": shown, "description": ""}]),
        ],
    )
    for practice in (shown, quiet, unrelated, related, linker):
        practice.topics = [topic]
    related.related_practices = [shown, quiet]
    for practice in (shown, quiet, unrelated, related, linker):
        practice.save_revision().publish()
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, slug="spring", title="Spring meeting"
    )
    meeting.practices_discussed = [shown]
    meeting.save_revision().publish()
    site_tree.home.featured_practices = [shown]
    site_tree.home.save_revision().publish()
    return {
        "shown": shown,
        "quiet": quiet,
        "unrelated": unrelated,
        "related": related,
        "linker": linker,
        "meeting": meeting,
        "library": dresden,
        "topic": topic,
    }


def urls(page) -> list[str]:
    """The page's address in every language."""
    found = []
    for code in LANGUAGES:
        with translation.override(code):
            found.append(page.get_url())
    return found


@contextmanager
def templates_rendered() -> Iterator[list[str]]:
    """Names each template rendered meanwhile (not served from a cache)."""
    rendered: list[str] = []

    def note(sender, template, **kwargs) -> None:
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(note)


@contextmanager
def article_renders() -> Iterator[list[str]]:
    """Names the article template each time it is rendered (not served from the cache)."""
    with templates_rendered() as rendered:
        articles: list[str] = []
        yield articles
    articles.extend(name for name in rendered if name == ARTICLE)


def read(client, pages) -> dict[str, str]:
    """Every page in every language as an anonymous reader sees it: {url: html}."""
    found = {}
    for page in pages:
        for url in urls(page):
            response = client.get(url)
            assert response.status_code == 200, f"{url} should answer, got {response.status_code}"
            found[url] = response.content.decode()
    return found


def test_publishing_a_page_keeps_unrelated_articles_cached(client, site_tree, exchange):
    warm = crawl(client, [f"/{code}/" for code in LANGUAGES])
    assert not errors(warm), f"the reader site should work: {errors(warm)}"
    assert set(urls(exchange["unrelated"])) <= set(warm), "the crawl should reach every practice"

    quiet = exchange["quiet"]
    quiet.title_en = "Silent study room"  # written in English; the other languages fall back
    quiet.save_revision().publish()

    with article_renders() as rendered:
        read(client, [exchange["unrelated"], exchange["linker"], exchange["shown"]])
    assert rendered == [], (
        f"publishing an unrelated practice re-rendered {len(rendered)} cached articles of "
        "practices that do not show it"
    )
    with article_renders() as rendered:
        pages = read(client, [quiet, exchange["related"]])
    assert len(rendered) == 2 * len(LANGUAGES), (
        "the published practice and the practice showing its card should be rendered anew"
    )
    for url, html in pages.items():
        assert "Silent study room" in html, f"{url} should show the new title"


def test_a_new_title_shows_on_every_page_that_shows_it_in_every_language(
    client, site_tree, exchange
):
    shown = exchange["shown"]
    showing = [
        shown,
        exchange["related"],
        exchange["meeting"],
        exchange["library"],
        site_tree.practices,
        site_tree.home,
    ]
    warm = read(client, showing)
    assert all("PlayStation corner" in html for html in warm.values()), (
        "before the publish every page should show the old title"
    )

    for code in LANGUAGES:
        setattr(shown, f"title_{code}", f"Console lounge ({code})")
    shown.save_revision().publish()

    for url, html in read(client, showing).items():
        code = url.split("/")[1]
        assert f"Console lounge ({code})" in html, f"{url} should show the new {code} title"
        assert "PlayStation corner" not in html, f"{url} still shows the old title"


def test_a_link_in_rich_text_follows_a_new_address(client, site_tree, exchange):
    shown, linker = exchange["shown"], exchange["linker"]
    read(client, [linker])
    shown.slug_en = "console-lounge"
    shown.save_revision().publish()
    new_urls = urls(PracticePage.objects.get(pk=shown.pk))
    assert "/console-lounge/" in new_urls[0], f"the new English address, got {new_urls}"
    for url, html in read(client, [linker]).items():
        code = url.split("/")[1]
        new = next(link for link in new_urls if link.startswith(f"/{code}/"))
        assert html.count(f'href="{new}"') == 2, (
            f"{url}: the rich-text link and the resource link should lead to {new}"
        )


def test_a_renamed_library_shows_on_the_cards_of_its_practices(client, site_tree, exchange):
    """Two steps away: the Artothek shows the PlayStation corner's card, which names its library."""
    read(client, [exchange["related"]])
    library = exchange["library"]
    library.title_de = "Bibliotheken Dresden (neu)"
    library.save_revision().publish()
    for url, html in read(client, [exchange["related"]]).items():
        assert "Bibliotheken Dresden (neu)" in html, f"{url}: the card should name the library anew"


def test_the_workers_machine_draft_shows_on_the_page_and_its_cards(client, site_tree, exchange):
    shown, related = exchange["shown"], exchange["related"]
    german = [url for url in urls(shown) + urls(related) if url.startswith("/de/")]
    for url in german:
        client.get(url)
    # What the task worker does: write the draft, record its state, tell the caches.
    PracticePage.objects.filter(pk=shown.pk).update(title_de="Spielkonsolen-Ecke")
    TranslationStatus.objects.create(
        page_id=shown.pk, field="title", language="de", state=TranslationStatus.State.MACHINE
    )
    with article_renders() as rendered:
        client.get(german[1])
    assert rendered == [], "until the worker says so, the article should come from the cache"

    translation_state_changed.send(sender=TranslationStatus, page_id=shown.pk)

    page_html, card_html = (client.get(url).content.decode() for url in german)
    assert "Spielkonsolen-Ecke" in page_html and 'data-machine-fields="title"' in page_html, (
        "the practice should show its machine-translated title with the machine notice"
    )
    assert "Spielkonsolen-Ecke" in card_html and "Maschinell übersetzt" in card_html, (
        "the related card should show the machine-translated title, marked as such"
    )


def test_unpublish_move_delete_and_privacy_leave_nothing_stale(client, site_tree, exchange):
    """Structural changes after caches are warm: every crawled page answers, no link leads
    to a missing page, and nothing gone or private is shown."""
    seeds = [f"/{code}/" for code in LANGUAGES]
    assert not errors(crawl(client, seeds))

    def crawled_without(*texts: str) -> dict[str, tuple[int, str]]:
        found = crawl(client, seeds)
        # Rich text keeps linking to a page after it is unpublished (Wagtail renders the link).
        unpublished = set(urls(PracticePage.objects.get(pk=exchange["shown"].pk)))
        broken = [
            url
            for url, (status, _body) in found.items()
            if status != 200 and url not in unpublished
        ]
        assert not broken, f"pages that do not answer 200: {broken}"
        for text in texts:
            shown_on = [url for url, (_status, body) in found.items() if text in body]
            assert not shown_on, f"{text!r} is still shown on {shown_on}"
        return found

    exchange["shown"].unpublish()
    crawled_without("PlayStation corner")

    exchange["quiet"].delete()
    crawled_without("PlayStation corner", "Quiet room")

    # The index moves under the libraries: every practice (and every link to one) moves.
    site_tree.practices.move(site_tree.libraries, pos="last-child")
    found = crawled_without("PlayStation corner", "Quiet room")
    related = [url for url in found if urlsplit(url).path.endswith("/artothek/")]
    assert related and all("/partner-libraries/practices/" in url for url in related), (
        f"the crawl should reach the practices at their new addresses, got {related}"
    )

    # A login restriction on the library index hides Dresden's library (named in cached cards).
    PageViewRestriction.objects.create(
        page=site_tree.libraries, restriction_type=PageViewRestriction.LOGIN
    )
    crawled_without("Städtische Bibliotheken Dresden", "Artothek")


def test_a_deleted_topic_leaves_the_cached_articles_and_cards(client, site_tree, exchange):
    warm = read(client, [exchange["related"], exchange["unrelated"]])
    assert all("<li>Games</li>" in html for html in warm.values()), "the topic should be shown"
    exchange["topic"].delete()
    for url, html in read(client, [exchange["related"], exchange["unrelated"]]).items():
        assert "<li>Games</li>" not in html, f"{url} still shows the deleted topic"
