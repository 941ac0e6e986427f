"""A reader searching on a phone, in Chromium: results first, words highlighted, typos corrected.

For two reader languages, on the demo content at phone width: the reader
types a query into the search page; the first result must be on the screen
without scrolling (its whole box inside the viewport), the practice filters
collapsed below the results, the matched words marked; a query with a
one-letter typo offers "Did you mean …", and its link leads to results.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.management import call_command

import pytest

from tests.browser import assert_accessible, assert_fits_width, browser_marks, screenshot

pytestmark = browser_marks

#: A common phone (iPhone 12-15), taller text than the narrow default ``PHONE``.
PHONE_390 = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Reader:
    browser_locale: str
    language: str
    query: str
    marked: str  # a word of the first result's snippet that must be highlighted
    typo: str
    corrected: str
    search_button: str
    did_you_mean: str  # the whole sentence, {} for the suggestion
    filters: str


READERS = [
    Reader("de-DE", "de", "Lesepaten", "Lesepaten", "Artotehk", "Artothek", "Suchen",
           "Meinten Sie {}?", "Filter"),
    Reader("da-DK", "da", "læseklubben", "læseklubber", "laeselust", "læselyst", "Søg",
           "Mente du {}?", "Filtre"),
    Reader("fr-FR", "fr", "bénévoles", "bénévoles", "tournios", "tournois", "Rechercher",
           "Vouliez-vous dire {}\u00a0?", "Filtres"),
]  # fmt: skip

FIRST_RESULT = ".search-results li:first-of-type > a"


@pytest.fixture
def demo():
    call_command("load_demo_content", verbosity=0)


def box_inside_viewport(page, selector: str) -> tuple[bool, dict]:
    box = page.locator(selector).first.bounding_box()
    viewport = page.viewport_size
    inside = (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )
    return inside, box


@pytest.mark.parametrize(
    "browser_page, reader",
    [(reader.browser_locale, reader) for reader in READERS],
    indirect=["browser_page"],
    ids=[reader.language for reader in READERS],
)
def test_phone_reader_sees_the_first_result_without_scrolling(
    live_server, browser_page, demo, reader
):
    page = browser_page
    page.set_viewport_size(PHONE_390)
    page.goto(f"{live_server.url}/{reader.language}/search/")
    assert page.locator("html").get_attribute("lang") == reader.language

    page.locator("#search-query").fill(reader.query)
    page.get_by_role("button", name=reader.search_button, exact=True).last.click()
    page.wait_for_url(re.compile(r"\?q="))
    assert page.evaluate("window.scrollY") == 0, "the results page should open at its top"

    assert page.locator(FIRST_RESULT).count(), f"{reader.query!r} found nothing"
    inside, box = box_inside_viewport(page, FIRST_RESULT)
    assert inside, f"the first result's title is not fully on a {PHONE_390} screen: {box}"
    snippet = page.locator(".search-results li:first-of-type .search-snippet")
    inside, box = box_inside_viewport(page, ".search-results li:first-of-type")
    assert inside, f"the first result (title and snippet) is not fully on screen: {box}"

    marked = [text.lower() for text in snippet.locator("mark").all_inner_texts()]
    assert reader.marked.lower() in marked, f"the snippet should mark {reader.marked!r}: {marked}"
    assert snippet.locator("mark").first.evaluate(
        "mark => getComputedStyle(mark).backgroundColor"
    ) not in ("rgba(0, 0, 0, 0)", "transparent"), "a marked word should stand out"

    filters = page.locator("details.search-filters")
    assert filters.get_attribute("open") is None, "filters should start collapsed on a phone"
    assert filters.locator("summary").inner_text().startswith(reader.filters), (
        "the filters' toggle should be in the reader's language"
    )
    results_bottom = page.locator(".search-results").bounding_box()
    filters_top = filters.bounding_box()
    assert filters_top["y"] >= results_bottom["y"] + results_bottom["height"], (
        "the filters should come after the results"
    )
    assert not page.locator(".search-filters select").first.is_visible(), (
        "the collapsed filters should hide their fields"
    )
    filters.locator("summary").click()
    assert page.locator(".search-filters select").first.is_visible(), (
        "the filters should open when their toggle is tapped"
    )
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"search-phone-{reader.language}-filters")
    filters.locator("summary").click()
    screenshot(page, f"search-phone-{reader.language}")

    page.locator("#search-query").fill(reader.typo)
    page.locator("#search-query").press("Enter")
    page.wait_for_url(re.compile(rf"q={re.escape(reader.typo)}"))
    suggestion = page.locator(".search-suggestion")
    expected = reader.did_you_mean.format(reader.corrected)
    assert suggestion.inner_text() == expected, (
        f"no “Did you mean” in the reader's language: {suggestion.inner_text()!r}"
    )
    link = suggestion.get_by_role("link")
    assert link.inner_text() == reader.corrected, f"suggested {link.inner_text()!r}"
    inside, box = box_inside_viewport(page, ".search-suggestion a")
    assert inside, f"the suggestion should be on screen: {box}"
    assert_fits_width(page)
    screenshot(page, f"search-phone-{reader.language}-typo")

    link.click()
    page.wait_for_url(re.compile(r"\?q="))
    assert page.locator("#search-query").input_value() == reader.corrected
    assert page.locator(FIRST_RESULT).count(), f"the suggestion {reader.corrected!r} found nothing"
    inside, box = box_inside_viewport(page, FIRST_RESULT)
    assert inside, f"the corrected search's first result is not on screen: {box}"
    assert not page.locator(".search-suggestion").count(), "a correct query needs no suggestion"
