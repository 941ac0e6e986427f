"""What JavaScript draws in the Danish admin is Danish too.

``test_danish_admin`` reads the HTML the server sends; the sidebar, the
StreamField block menu, the rich-text toolbar and its tooltips are drawn by
Wagtail's JavaScript from data in the page, so only a browser sees them. Here a
Danish superuser opens the daily screens in Chromium with the rich-text
toolbar and the block menu open, and every text node and every
``title``/``aria-label``/``placeholder`` on screen is checked against the same
catalogues: an English msgid without a Danish translation fails.
"""

from io import StringIO

from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.browser import browser_marks, screenshot
from tests.test_danish_admin import english_msgids, is_untranslated

pytestmark = browser_marks

PASSWORD = "da-admin-pw"  # noqa: S105 - a test account on a throw-away database

ON_SCREEN_TEXTS = """() => {
    const texts = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest("script, style, template, noscript")) continue;
        const text = node.data.replace(/\\s+/g, " ").trim();
        if (text) texts.add(text);
    }
    const attributes = ["title", "aria-label", "placeholder", "data-w-tooltip-content-value"];
    for (const element of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(","))) {
        for (const name of attributes) {
            const value = element.getAttribute(name);
            if (value) texts.add(value.replace(/\\s+/g, " ").trim());
        }
    }
    return Array.from(texts);
}"""


def shown_in_english(text: str) -> bool:
    """An interface msgid on screen as itself although Danish has another word for it.

    Catches labels that were never marked for translation (a block named after its
    Python name says "Heading" though the catalogue knows "Overskrift").
    """
    if text not in english_msgids():
        return False
    with translation.override("da"):
        return gettext(text) != text


def english_on_screen(page) -> list[str]:
    texts = page.evaluate(ON_SCREEN_TEXTS)
    candidates = set(texts) | {text.strip(" :*…").strip() for text in texts}
    return sorted(
        text
        for text in candidates
        if text and (is_untranslated(text, "da") or shown_in_english(text))
    )


def _first(model_name: str) -> Page:
    return Page.objects.filter(content_type__model=model_name).order_by("path").first()


def test_screens_drawn_by_javascript_are_danish(live_server, browser_page, django_user_model):
    call_command("load_demo_content", stdout=StringIO())
    user = django_user_model.objects.create_superuser("dorthe", "dorthe@example.org", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "da"
    profile.save()
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "dorthe")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    found = {}
    for model_name in (
        "practicepage",
        "meetingminutespage",
        "exchangetrippage",
        "partnerlibrarypage",
        "homepage",
    ):
        edited = _first(model_name)
        page.goto(f"{live_server.url}/admin/pages/{edited.pk}/edit/")
        assert page.locator("#page-edit-form").count() == 1, (
            f"the {model_name} edit form did not open: {page.url} {page.title()}"
        )
        page.wait_for_load_state("networkidle")
        english = set(english_on_screen(page))
        add_block = page.locator("button.c-sf-add-button >> visible=true").first
        if add_block.count() and add_block.is_visible():
            add_block.click()  # the block menu
            page.wait_for_timeout(500)
            english |= set(english_on_screen(page))
            page.keyboard.press("Escape")
        rich_text = page.locator("[contenteditable=true] >> visible=true").first
        if rich_text.count():
            rich_text.click()  # the toolbar and its tooltips appear
            page.wait_for_timeout(300)
            english |= set(english_on_screen(page))
        screenshot(page, f"danish-admin-js-{model_name}")
        if english:
            found[model_name] = sorted(english)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("button", name="Indstillinger").click()  # the settings submenu opens
    english = english_on_screen(page)
    if english:
        found["dashboard with the settings menu open"] = english
    assert not found, "English interface text drawn for a Danish editor:\n" + "\n".join(
        f"  {screen}: {texts}" for screen, texts in found.items()
    )
