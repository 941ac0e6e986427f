"""A reader in a real browser: first visit in German, language switch, filters, search.

Runs on the demo content, at desktop and phone width, with an automated
WCAG 2.1 AA check (axe-core) on every page visited; screenshots of the home
page and a practice page go to tests/artifacts/.
"""

import re

from django.core.management import call_command

import pytest

from tests.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    browser_marks,
    screenshot,
)

pytestmark = browser_marks


@pytest.fixture
def demo():
    call_command("load_demo_content", verbosity=0)


@pytest.mark.parametrize("browser_page", ["de-DE"], indirect=True)
def test_reader_switches_language_filters_and_searches(live_server, browser_page, demo):
    page = browser_page

    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/de/", "a German browser should land on /de/"
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)
    screenshot(page, "home-desktop")

    page.get_by_role("navigation", name="Sprache").get_by_role(
        "link", name=re.compile("EN")
    ).click()
    assert page.url == f"{live_server.url}/en/", "the switcher should keep the reader on home"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    page.get_by_label("Topic").select_option("gaming")
    page.get_by_role("button", name="Apply filters").click()
    assert "topic=gaming" in page.url, "filters should be in the URL"
    cards = page.locator(".card__title").all_inner_texts()
    assert cards == ["Jouer à la PlayStation en médiathèque"], f"gaming practices: {cards}"
    assert_accessible(page)

    page.get_by_label("Search the exchange").first.fill("Artothek")
    page.get_by_label("Search the exchange").first.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q=Artothek"))
    assert page.get_by_role("link", name="Artothek: art to borrow").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Artothek: art to borrow").click()
    page.get_by_role("link", name=re.compile("^FR")).click()
    assert page.url.endswith("/fr/pratiques/artotheque-dresde/"), "translated slug in French"
    assert page.locator("h1").inner_text() == "L'Artothek : l'art à emprunter"

    page.goto(f"{live_server.url}/en/practices/bibo-7-10/")
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, "practice-desktop")


@pytest.mark.parametrize("path, name", [("/en/", "home"), ("/en/practices/bibo-7-10/", "practice")])
def test_pages_fit_a_phone(live_server, browser_page, demo, path, name):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    assert_fits_width(page)
    assert_accessible(page)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
