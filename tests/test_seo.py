"""What search engines and link previews are told: titles, descriptions, Open Graph, JSON-LD,
sitemap.xml, robots.txt, the favicon, compression, and how cards and notices name languages."""

from __future__ import annotations

import datetime
import gzip
import json
import re
from html import unescape
from xml.etree import ElementTree

from django.test import Client
from django.utils import translation

from wagtail.models import Page, PageViewRestriction

import pytest
import wagtail_factories

from exchange_site.core.languages import LANGUAGE_CODES, LANGUAGE_TABLE
from exchange_site.core.metadata import TITLE_LIMIT, document_title, json_ld
from exchange_site.translation.pipeline import translate_page
from meetings.models import MeetingMinutesPage
from practices.models import PracticePage
from tests import factories

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE_NAMES = {
    "en": "Partner Library Exchange",
    "da": "Udveksling mellem partnerbiblioteker",
    "de": "Austausch der Partnerbibliotheken",
    "fr": "Échanges entre bibliothèques partenaires",
}


def url_in(page, code: str) -> str:
    with translation.override(code):
        return page.get_url()


def head_of(response) -> str:
    return response.content.decode().split("</head>", 1)[0]


def meta(head: str, attribute: str, name: str) -> list[str]:
    pattern = rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, head)]


def structured_data(head: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', head)
    assert len(found) == 1, f"one JSON-LD block with the request's nonce expected, got {found}"
    return json.loads(found[0])


def title_of(head: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1))


@pytest.fixture
def exchange(site_tree, dresden, danish_library, danish_practice, settings, tmp_path):
    """One page of every type, with an image, contacts, a host library and dates."""
    settings.MEDIA_ROOT = tmp_path
    dresden.image = wagtail_factories.ImageFactory(title="Zentralbibliothek")
    dresden.contacts = [
        factories.LibraryContactFactory.build(
            name="Katrin Beispiel", role_de="Leitung", email="k@example.org", phone="+49 351 1"
        )
    ]
    dresden.save_revision().publish()
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        slug="on-site-2022",
        title="Strasbourg visits Dresden",
        summary="Five colleagues from Strasbourg visited the children's library.",
        date=datetime.date(2022, 6, 20),
        end_date=datetime.date(2022, 6, 22),
        format=MeetingMinutesPage.Format.ON_SITE,
        host_library=dresden,
    )
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        slug="ballerup-2027",
        title="Study visit to Ballerup",
        host_library=danish_library,
    )
    danish_practice.save_revision().publish()
    translate_page(danish_practice, ["de", "fr"])
    return {
        "library": dresden,
        "danish_library": danish_library,
        "practice": PracticePage.objects.get(pk=danish_practice.pk),
        "minutes": minutes,
        "trip": trip,
    }


def reader_pages(site_tree, exchange) -> dict:
    """Every reader page type with the schema.org type it must announce."""
    return {
        "home": (site_tree.home, "WebPage"),
        "libraries": (site_tree.libraries, "CollectionPage"),
        "practices": (site_tree.practices, "CollectionPage"),
        "meetings": (site_tree.meetings, "CollectionPage"),
        "trips": (site_tree.trips, "CollectionPage"),
        "library": (exchange["library"], "Library"),
        "danish library": (exchange["danish_library"], "Library"),
        "practice": (exchange["practice"], "Article"),
        "minutes": (exchange["minutes"], "Event"),
        "trip": (exchange["trip"], "Event"),
    }


def test_every_reader_page_describes_itself_in_four_languages(client, site_tree, exchange):
    for name, (page, schema_type) in reader_pages(site_tree, exchange).items():
        for language in LANGUAGE_TABLE:
            url = url_in(page, language.code)
            response = client.get(url)
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
            head = head_of(response)
            (description,) = meta(head, "name", "description") or [""]
            assert 20 <= len(description) <= 155, f"{name} {url}: description {description!r}"
            for tag in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
                assert meta(head, "property", tag), f"{name} {url} lacks {tag}"
            assert meta(head, "property", "og:url") == [f"http://testserver{url}"], (
                f"{name} {url}: og:url should be the page's absolute URL in this language"
            )
            assert meta(head, "property", "og:locale") == [language.locale], (
                f"{name} {url}: og:locale should come from the language table"
            )
            assert meta(head, "property", "og:site_name") == [SITE_NAMES[language.code]]
            assert meta(head, "name", "twitter:card"), f"{name} {url} lacks a Twitter card"
            data = structured_data(head)
            assert data["@context"] == "https://schema.org", f"{name} {url}: {data}"
            assert data["@type"] == schema_type, f"{name} {url} should be a {schema_type}: {data}"
            assert '<link rel="icon" href="/static/favicon.svg"' in head, f"{name}: no favicon"


def test_descriptions_prefer_the_readers_language_and_strip_markup(client, site_tree, exchange):
    library = exchange["library"]
    head = head_of(client.get(url_in(library, "en")))
    assert meta(head, "name", "description") == ["Die Städtischen Bibliotheken Dresden."], (
        "a page without English text is described by its (German) profile, without markup"
    )
    practice = exchange["practice"]
    practice.search_description_fr = "Des objectifs mondiaux aux objectifs du quotidien."
    practice.save_revision().publish()
    head = head_of(client.get(url_in(practice, "fr")))
    assert meta(head, "name", "description") == [
        "Des objectifs mondiaux aux objectifs du quotidien."
    ], "the French search description should describe the page in French"
    long_text = "Bibliotek " * 40
    practice.search_description_fr = ""
    practice.summary_da = long_text
    practice.save_revision().publish()
    head = head_of(client.get(url_in(practice, "da")))
    (description,) = meta(head, "name", "description")
    assert len(description) <= 155 and description.endswith("Bibliotek…"), (
        f"a long summary should be cut at a whole word with an ellipsis: {description!r}"
    )


def test_open_graph_names_image_locales_and_type(client, exchange):
    library = exchange["library"]
    head = head_of(client.get(url_in(library, "de")))
    (image,) = meta(head, "property", "og:image")
    assert image.startswith("http://testserver/") and "fill-1200x630" in image, image
    assert meta(head, "name", "twitter:card") == ["summary_large_image"]
    assert meta(head, "property", "og:locale:alternate") == [], (
        "the library exists in German only: no other locale to announce"
    )
    practice = exchange["practice"]
    head = head_of(client.get(url_in(practice, "da")))
    assert meta(head, "property", "og:type") == ["article"]
    assert meta(head, "property", "og:locale:alternate") == ["de_DE", "fr_FR"], (
        "the Danish practice has German and French drafts: those locales are alternates"
    )


def test_structured_data_of_each_type(client, exchange, site_tree):
    library = structured_data(head_of(client.get(url_in(exchange["library"], "en"))))
    assert library["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Dresden",
        "addressCountry": "DE",
    }, library
    assert library["url"] == "https://library.example.org", "the library's own website"
    assert library["contactPoint"] == [
        {
            "@type": "ContactPoint",
            "name": "Katrin Beispiel",
            "contactType": "Leitung",
            "email": "k@example.org",
            "telephone": "+49 351 1",
        }
    ], library
    assert library["image"].startswith("http://testserver/"), library

    minutes = structured_data(head_of(client.get(url_in(exchange["minutes"], "en"))))
    assert (minutes["startDate"], minutes["endDate"]) == ("2022-06-20", "2022-06-22"), minutes
    assert minutes["location"]["name"] == "Städtische Bibliotheken Dresden", minutes
    assert minutes["location"]["address"]["addressLocality"] == "Dresden", minutes
    assert minutes["organizer"]["@type"] == "Library", minutes
    assert minutes["eventAttendanceMode"].endswith("OfflineEventAttendanceMode"), minutes

    trip = structured_data(head_of(client.get(url_in(exchange["trip"], "en"))))
    assert (trip["startDate"], trip["endDate"]) == ("2027-04-26", "2027-04-28"), trip
    assert trip["organizer"]["name"] == "Ballerup Bibliotekerne", trip

    practice = structured_data(head_of(client.get(url_in(exchange["practice"], "de"))))
    assert practice["inLanguage"] == "de", "the German draft is what the German reader sees"
    assert practice["author"]["name"] == "Ballerup Bibliotekerne", practice
    assert practice["publisher"] == practice["author"], practice
    assert practice["headline"].startswith("[DE]"), practice
    assert practice["datePublished"] and practice["dateModified"], practice


def test_structured_data_never_names_a_private_library(client, exchange, board):
    factories.PageViewRestrictionFactory(
        page=exchange["library"], restriction_type=PageViewRestriction.GROUPS
    ).groups.add(board)
    minutes = structured_data(head_of(client.get(url_in(exchange["minutes"], "en"))))
    assert "organizer" not in minutes and "location" not in minutes, (
        f"a host only the Board may see must not be named to anonymous readers: {minutes}"
    )


def test_json_ld_cannot_close_its_script_element(client, site_tree, dresden):
    text = str(json_ld({"name": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text, text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!--"}
    page = factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Tom & Jerry <3", summary="s"
    )
    data = structured_data(head_of(client.get(page.get_url())))
    assert data["headline"] == "Tom & Jerry <3", data


def test_titles_name_the_site_once_within_60_characters(client, site_tree, exchange):
    assert title_of(head_of(client.get("/en/"))) == "Partner Library Exchange", (
        "the home page's title is the site's name, not repeated"
    )
    assert title_of(head_of(client.get(url_in(site_tree.practices, "en")))) == (
        "Practices — Partner Library Exchange"
    )
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=exchange["library"],
        title="A practice with a remarkably long title that goes on and on",
        summary="Summary",
    )
    title = title_of(head_of(client.get(page.get_url())))
    assert title == "A practice with a remarkably… — Partner Library Exchange", title
    long_title = page
    for code in LANGUAGE_CODES:
        for page in (site_tree.home, site_tree.libraries, exchange["library"], long_title):
            title = title_of(head_of(client.get(url_in(page, code))))
            assert len(title) <= TITLE_LIMIT, f"{url_in(page, code)}: {title!r} is too long"
            assert title.count(SITE_NAMES[code]) <= 1, f"the site is named twice: {title!r}"
    with translation.override("fr"):
        assert document_title("Bibliothèques partenaires") == "Bibliothèques partenaires", (
            "where the site's name leaves under 30 characters, the page's words win"
        )
        assert document_title("Pratiques") == "Pratiques — Échanges entre bibliothèques partenaires"


def sitemap_urls(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, f"sitemap.xml answered {response.status_code}"
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in tree.findall("s:url", SITEMAP)
    }


def test_sitemap_lists_every_public_page_in_every_language(client, site_tree, exchange):
    urls = sitemap_urls(client)
    pages = [page for page, _type in reader_pages(site_tree, exchange).values()]
    for page in pages:
        expected = {code: f"http://testserver{url_in(page, code)}" for code in LANGUAGE_CODES}
        for location in expected.values():
            assert location in urls, f"{location} ({page.title}) is missing from sitemap.xml"
            alternates = urls[location]
            assert {k: v for k, v in alternates.items() if k != "x-default"} == expected, (
                f"{location} should name its four language versions: {alternates}"
            )
            assert alternates["x-default"] == expected[page.specific.source_language], (
                f"{location}: x-default should be the page's original"
            )
    assert len(urls) == len(pages) * len(LANGUAGE_CODES), "no other URLs, none twice"


def test_sitemap_tells_when_each_page_last_changed(client, site_tree, exchange):
    practice = exchange["practice"]
    published = datetime.datetime(2025, 3, 14, 9, 30, tzinfo=datetime.UTC)
    Page.objects.filter(pk=practice.pk).update(last_published_at=published)
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own
    lastmod = {
        url.findtext("s:loc", namespaces=SITEMAP): url.findtext("s:lastmod", namespaces=SITEMAP)
        for url in tree.findall("s:url", SITEMAP)
    }
    for code in LANGUAGE_CODES:
        location = f"http://testserver{url_in(practice, code)}"
        assert lastmod[location] == "2025-03-14", (
            f"{location}: lastmod should be the page's last publication, not {lastmod[location]}"
        )


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *", lines
    for rule in ("Disallow: /admin/", "Disallow: /*/print/", "Disallow: /da/search/"):
        assert rule in lines, f"robots.txt lacks {rule!r}: {lines}"
    assert "Sitemap: http://testserver/sitemap.xml" in lines, lines


def test_favicon_ico_leads_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.svg"


def test_anonymous_pages_are_gzipped_but_not_those_with_secrets(client, site_tree, dresden, reader):
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip", "anonymous pages should be compressed"
    assert b"<title>Partner Library Exchange</title>" in gzip.decompress(response.content)
    response = client.get("/en/search/?q=library", HTTP_ACCEPT_ENCODING="gzip")
    assert response.get("Content-Encoding") == "gzip", "anonymous search is compressed"
    logged_in = Client()
    logged_in.force_login(reader)
    response = logged_in.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding"), "a reader's session: no compression"
    page = factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Locked", summary="s"
    )
    factories.PageViewRestrictionFactory(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    response = client.get(page.get_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in response.content, "the password form has a CSRF token"
    assert not response.has_header("Content-Encoding"), "a CSRF token: no compression (BREACH)"


def test_private_pages_leave_the_sitemap_after_caches_are_warm(
    client, site_tree, exchange, board, django_user_model
):
    library = exchange["library"]
    password = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, slug="pw-minutes", title="PWMIN minutes"
    )
    login = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=library,
        slug="login-practice",
        title="LOGPRAC practice",
        summary="s",
    )
    below_private_parent = exchange["trip"]  # the trips index becomes login-only
    warm = sitemap_urls(client)
    private = [password, login, library, site_tree.trips, below_private_parent]
    for page in private:
        assert f"http://testserver{url_in(page, 'en')}" in warm, "warm-up: listed while public"

    factories.PageViewRestrictionFactory(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    factories.PageViewRestrictionFactory(page=login, restriction_type=PageViewRestriction.LOGIN)
    factories.PageViewRestrictionFactory(
        page=site_tree.trips, restriction_type=PageViewRestriction.LOGIN
    )
    factories.PageViewRestrictionFactory(
        page=library, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(board)

    body = client.get("/sitemap.xml").content.decode()
    for page in private:
        for code in LANGUAGE_CODES:
            assert url_in(page, code) not in body, f"{url_in(page, code)} is private"
        assert str(page.title) not in body
    superuser = Client()
    superuser.force_login(django_user_model.objects.create_superuser("boss", "b@ex.org", "pw"))
    body = superuser.get("/sitemap.xml").content.decode()
    assert url_in(login, "en") not in body, "the sitemap is the anonymous reader's, for everyone"
    assert url_in(site_tree.practices, "en") in body, "public pages stay listed"


def test_cards_name_their_language_and_machine_drafts(client, site_tree, danish_practice):
    english = client.get(url_in(site_tree.practices, "en")).content.decode()
    assert '<span class="lang-tag" lang="da">Dansk</span>' in english, (
        "a Danish card on an English list should say it is in Danish"
    )
    danish = client.get(url_in(site_tree.practices, "da")).content.decode()
    assert "lang-tag" not in danish, "no tag where the card is in the reader's language"
    home = client.get("/en/").content.decode()
    site_tree.home.featured_practices = [danish_practice]
    site_tree.home.save_revision().publish()
    home = client.get("/en/").content.decode()
    assert '<span class="lang-tag" lang="da">Dansk</span>' in home, "home cards too"

    translate_page(PracticePage.objects.get(pk=danish_practice.pk), ["de"])
    german = client.get(url_in(site_tree.practices, "de")).content.decode()
    assert '<span class="lang-tag lang-tag--machine">Maschinell übersetzt</span>' in german, (
        "an unreviewed machine draft should be marked on its card"
    )
    assert 'lang-tag" lang="da"' not in german, "the draft is German: no Danish tag"


@pytest.mark.parametrize(
    ("language", "fallback", "machine"),
    [
        (
            "de",
            "Noch nicht ins Deutsche übersetzt: Teile dieser Seite werden auf Dänisch angezeigt",
            "Maschinell aus dem Dänischen übersetzt, noch nicht geprüft.",
        ),
        (
            "fr",
            "Pas encore traduit en français : certaines parties de cette page sont affichées "
            "en danois",
            "Traduit automatiquement du danois, pas encore relu.",
        ),
        (
            "en",
            "Not yet translated into English: parts of this page are shown in Danish",
            "Machine-translated from Danish, not yet reviewed.",
        ),
    ],
)
def test_notices_put_languages_in_the_right_case(
    client, danish_practice, language, fallback, machine
):
    html = client.get(url_in(danish_practice, language)).content.decode()
    assert fallback in unescape(html), f"the {language} fallback notice should read {fallback!r}"
    translate_page(PracticePage.objects.get(pk=danish_practice.pk), [language])
    translated = PracticePage.objects.get(pk=danish_practice.pk)  # its new slug
    html = unescape(client.get(url_in(translated, language)).content.decode())
    assert machine in html, f"the {language} machine notice should read {machine!r}"


def test_danish_and_german_originals_named_from_every_language(client, site_tree, dresden):
    html = unescape(client.get(url_in(dresden, "da")).content.decode())
    assert "Endnu ikke oversat til dansk: dele af siden vises på tysk" in html, html[:3000]
    assert "Læs originalen på tysk" in html
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="fr",
        title=None,
        title_fr="Pratique",
        summary=None,
        summary_fr="Résumé",
    )
    translate_page(page, ["da"])
    html = unescape(client.get(url_in(PracticePage.objects.get(pk=page.pk), "da")).content.decode())
    assert "Maskinoversat fra fransk, endnu ikke gennemset." in html


def test_monitors_may_ask_for_the_crawler_files_with_head(client, site_tree):
    """Uptime monitors and some crawlers send HEAD; Django's ``require_GET`` answered 405."""
    for url in ("/sitemap.xml", "/robots.txt", "/favicon.ico"):
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code, (
            f"HEAD {url} answered {head.status_code}, GET {get.status_code}"
        )
        assert head.get("Content-Type") == get.get("Content-Type"), f"HEAD {url}: another type"
        assert not head.content, f"HEAD {url} should have no body"
    assert client.post("/robots.txt").status_code == 405, "other methods stay refused"
