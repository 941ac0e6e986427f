"""What readers use: language versions, practice filters, search and the page chrome."""

import re

from django.core.management import call_command
from django.db import connection
from django.templatetags.static import static

from wagtail.search.backends import get_search_backend

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def html_of(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


@pytest.fixture
def taxonomy():
    return {
        "gaming": factories.TopicFactory(slug="gaming", name_en="Gaming", name_de="Gaming"),
        "art": factories.TopicFactory(slug="art-lending", name_en="Art lending"),
        4: factories.SustainableDevelopmentGoalFactory(number=4, name_en="Quality education"),
        13: factories.SustainableDevelopmentGoalFactory(number=13, name_en="Climate action"),
    }


@pytest.fixture
def libraries(dresden, danish_library):
    """Dresden and Ballerup, Ballerup with a contact person."""
    danish_library.contacts = [
        factories.LibraryContactFactory.build(name="Mette Holm", email="mette@example.dk")
    ]
    danish_library.save()
    return {"dresden": dresden, "ballerup": danish_library}


@pytest.fixture
def practices(site_tree, libraries, taxonomy):
    def practice(slug, library, topics, sdgs, maturity, **fields):
        page = factories.PracticePageFactory(
            parent=site_tree.practices,
            slug=slug,
            library=libraries[library],
            maturity=maturity,
            **fields,
        )
        page.topics = [taxonomy[t] for t in topics]
        page.sdgs = [taxonomy[n] for n in sdgs]
        page.save()
        return page

    return {
        "artothek": practice(
            "artothek",
            "dresden",
            ["art"],
            [4],
            "established",
            title="Artothek",
            summary="Kunst ausleihen wie Bücher.",
        ),
        "playstation": practice(
            "playstation",
            "dresden",
            ["gaming"],
            [4],
            "pilot",
            title="PlayStation in the library",
            summary="Consoles.",
        ),
        "gaming-dk": practice(
            "gaming-dk",
            "ballerup",
            ["gaming"],
            [13],
            "established",
            title="Gaming i Ballerup",
            summary="Spil på biblioteket.",
        ),
        "verdensmaal": practice(
            "verdensmaal",
            "ballerup",
            ["art"],
            [13],
            "idea",
            source_language="da",
            title=None,
            title_da="Verdensmål til hverdagsmål",
            summary=None,
            summary_da="Vi gør verdensmålene håndgribelige i borgernes hverdag.",
        ),
    }


def titles_listed(html: str) -> set[str]:
    return set(re.findall(r'class="card__title"><a [^>]*>([^<]+)</a>', html))


# Languages -------------------------------------------------------------------------------


@pytest.fixture
def german_page_in_french(site_tree, dresden):
    """A German page with a French translation and translated slug."""
    return factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="artothek",
        title_de="Artothek",
        slug_de="artothek",
        title_fr="L'artothèque",
        slug_fr="artotheque",
        summary=None,
        summary_de="Kunst ausleihen.",
    )


def test_every_page_announces_its_language_versions(client, german_page_in_french):
    html = html_of(client, "/fr/practices/artotheque/")
    links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    assert set(links) == {"en", "da", "de", "fr", "x-default"}, f"hreflang links: {links}"
    assert links["fr"].endswith("/fr/practices/artotheque/"), links["fr"]
    assert links["de"].endswith("/de/practices/artothek/"), links["de"]
    assert links["x-default"] == links["de"], "x-default should be the original (German) page"
    assert links["fr"].startswith("http://"), "alternate URLs must be absolute"
    assert '<link rel="canonical" href="http://testserver/fr/practices/artotheque/">' in html


def test_language_switcher_lands_on_the_same_page(client, german_page_in_french):
    html = html_of(client, "/de/practices/artothek/")
    switcher = html[html.index('class="language-switcher"') :]
    french = re.search(r'<a href="([^"]+)" hreflang="fr"', switcher).group(1)
    assert french == "/fr/practices/artotheque/", "the switcher should use the French slug"
    assert "L&#x27;artothèque" in html_of(client, french), "the French link shows the same page"


@pytest.mark.parametrize(
    "accept, expected",
    [("de-DE,de;q=0.9,en;q=0.5", "/de/"), ("fr", "/fr/"), ("da", "/da/"), ("ja", "/en/")],
)
def test_first_visit_goes_to_the_browsers_language(client, site_tree, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected, (
        f"Accept-Language {accept} went to {response['Location']}"
    )


def test_search_page_switches_language_and_keeps_the_query(client, site_tree):
    html = html_of(client, "/de/search/?q=Artothek")
    assert 'href="/fr/search/?q=Artothek" hreflang="fr"' in html


# Practices -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "",
            {
                "Artothek",
                "PlayStation in the library",
                "Gaming i Ballerup",
                "Verdensmål til hverdagsmål",
            },
        ),
        ("?topic=gaming", {"PlayStation in the library", "Gaming i Ballerup"}),
        ("?topic=gaming&country=DK", {"Gaming i Ballerup"}),
        ("?sdg=4&maturity=established", {"Artothek"}),
        ("?library=LIBRARY_DRESDEN&topic=gaming", {"PlayStation in the library"}),
        ("?maturity=idea&country=DK&sdg=13&topic=art-lending", {"Verdensmål til hverdagsmål"}),
        ("?topic=no-such-topic&country=DK", {"Gaming i Ballerup", "Verdensmål til hverdagsmål"}),
        ("?maturity=pilot&country=DK", set()),
    ],
)
def test_practice_filters_combine(client, practices, libraries, query, expected):
    query = query.replace("LIBRARY_DRESDEN", str(libraries["dresden"].pk))
    html = html_of(client, f"/en/practices/{query}")
    assert titles_listed(html) == expected, (
        f"filters {query or '(none)'} listed the wrong practices"
    )
    assert f"{len(expected)} practice" in html, "the result count should be shown"


def test_active_filters_can_be_removed_one_by_one(client, practices):
    html = html_of(client, "/en/practices/?topic=gaming&country=DK")
    assert 'href="?country=DK">Remove filter “Topic”' in html
    assert 'href="?topic=gaming">Remove filter “Country”' in html
    assert '<option value="gaming" selected>' in html, "the form shows the active filter"
    assert '<form method="get"' in html, "filters are a plain GET form (no JavaScript needed)"


def test_practice_page_shows_owner_contacts_related_and_meetings(client, site_tree, practices):
    artothek = practices["artothek"]
    artothek.related_practices = [practices["playstation"]]
    artothek.save()
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, title="Dresden visits Strasbourg"
    )
    meeting.practices_discussed = [artothek]
    meeting.save()
    dresden = artothek.library
    dresden.contacts = [
        factories.LibraryContactFactory.build(name="Katrin Weber", email="k.weber@example.de")
    ]
    dresden.save()
    html = html_of(client, "/en/practices/artothek/")
    assert "Städtische Bibliotheken Dresden" in html, "the owning library is shown"
    assert 'href="mailto:k.weber@example.de"' in html, "the library's contacts are shown"
    assert "PlayStation in the library" in html, "related practices are shown"
    assert "Dresden visits Strasbourg" in html, "meetings that discussed it are shown"


# Search --------------------------------------------------------------------------------


def test_search_finds_source_language_text_and_groups_results(client, site_tree, practices):
    factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, title="Verdensmål meeting", summary="Talking about verdensmål."
    )
    html = html_of(client, "/en/search/?q=verdensmålene")
    assert "Verdensmål til hverdagsmål" in html, "a Danish-only page is found from English"
    assert 'lang="da">Verdensmål til hverdagsmål' in html, "and marked as Danish"
    html = html_of(client, "/en/search/?q=verdensmål")
    groups = re.findall(r"<h3>([^<]+)</h3>", html)
    assert groups == ["Practices", "Meeting minutes"], f"results grouped as {groups}"


def test_search_finds_a_page_by_its_translation(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="lesepaten",
        title_de="Lesepaten",
        title_fr="Parrains de lecture",
        summary=None,
        summary_de="Ehrenamtliche lesen vor.",
        summary_fr="Des bénévoles lisent à voix haute.",
    )
    html = html_of(client, "/fr/search/?q=bénévoles")
    assert "Parrains de lecture" in html, "French words should find the French translation"


def test_search_applies_the_practice_filters(client, practices):
    html = html_of(client, "/en/search/?q=gaming&country=DK")
    assert "Gaming i Ballerup" in html
    assert "PlayStation in the library" not in html, "the country filter should apply to search"


def test_search_uses_the_full_text_engine_of_the_database():
    """SQLite FTS5 on the embedded default, PostgreSQL full-text search on the scale-out path."""
    backend = get_search_backend()
    expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}
    engines = [cls.__name__ for cls in type(backend).__mro__]  # ours wraps Wagtail's
    assert expected[connection.vendor] in engines, (
        f"{connection.vendor} should search with {expected[connection.vendor]}, not {engines}"
    )


def test_search_without_results_says_so(client, practices):
    assert "Nothing found" in html_of(client, "/en/search/?q=zeppelin")
    assert "in any of the four languages" in html_of(client, "/en/search/")


# Page chrome ---------------------------------------------------------------------------


def test_pages_have_landmarks_skip_link_and_language(client, practices):
    html = html_of(client, "/de/practices/artothek/")
    assert '<html lang="de">' in html
    for landmark in (
        '<header class="site-header">',
        "<nav aria-label=",
        '<main id="main"',
        '<footer class="site-footer">',
        'role="search"',
    ):
        assert landmark in html, f"missing landmark {landmark}"
    assert html.index('class="skip-link" href="#main"') < html.index("<header"), (
        "the skip link should come first"
    )


def test_no_external_assets(client, practices):
    for url in ("/en/", "/en/practices/", "/en/practices/artothek/", "/en/search/?q=x"):
        html = html_of(client, url)
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', html)
        external = [
            tag for tag in external if 'rel="alternate"' not in tag and 'rel="canonical"' not in tag
        ]
        assert not external, f"{url} loads assets from elsewhere: {external}"


def test_static_files_are_served_with_long_cache_headers(client, settings, tmp_path):
    """As in production: hashed names from the manifest storage, served by WhiteNoise."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command(
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
        "--ignore",
        "wagtail*",
        "--ignore",
        "admin",
        "--ignore",
        "rest_framework",
    )
    hashed = static("css/site.css")
    assert re.search(r"site\.[0-9a-f]{12}\.css$", hashed), f"not a hashed name: {hashed}"
    response = client.get(hashed)
    assert response.status_code == 200
    assert (
        "immutable" in response["Cache-Control"]
        and "max-age=315360000" in response["Cache-Control"]
    ), f"hashed static files should be cached forever, got {response['Cache-Control']}"


def test_cached_practice_article_follows_every_publish(client, practices, taxonomy):
    """The article is cached, but a publish anywhere (or a taxonomy edit) shows at once."""
    artothek, playstation = practices["artothek"], practices["playstation"]
    artothek.related_practices = [playstation]
    artothek.save_revision().publish()
    assert "PlayStation in the library" in html_of(client, "/en/practices/artothek/")
    playstation.title = "Consoles in the library"
    playstation.save_revision().publish()
    taxonomy["art"].name_en = "Art to borrow"
    taxonomy["art"].save()
    html = html_of(client, "/en/practices/artothek/")
    assert "Consoles in the library" in html, "a related page's new title should show"
    assert "Art to borrow" in html, "an edited topic should show"
