"""End to end in Chromium: reviewing in the rich editor, watching a job, reviewing on a phone."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

import pytest

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationStatus
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests import factories
from tests.browser import assert_fits_width, browser_marks, screenshot

pytestmark = browser_marks

GUIDE = "https://example.org/guide"
PASSWORD = "review-pass"  # noqa: S105 - a test account on a throw-away database

SELECT_WORDS = """([selector, words]) => {
    const editor = document.querySelector(selector);
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const start = node.data.indexOf(words);
        if (start >= 0) {
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            editor.focus();
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""

# A word split over two lines has more than one box; a button must not do that.
WORDS_BROKEN_IN_BUTTONS = """() => {
    const broken = [];
    for (const button of document.querySelectorAll(".review button, .review .button")) {
        if (!button.offsetParent) continue;
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture
def german_reviewer(django_user_model, site_tree):
    group = Group.objects.create(name="Page editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=site_tree.home, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(
        "gerda", "gerda@example.org", PASSWORD, is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "review_de"])
    )
    user.groups.add(group)
    return user


@pytest.fixture
def linked_practice(site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Højtlæsning for de mindste",
        slug="hoejtlaesning",
        summary=None,
        summary_da="Vi læser højt for børn hver tirsdag formiddag i børnebiblioteket.",
        body=None,
        body_da=[
            (
                "paragraph",
                f'<p>Læs <a href="{GUIDE}">vejledningen</a> om <b>højtlæsning</b> '
                "før du begynder.</p>",
            )
        ],
    )
    page.save_revision().publish()
    translate_page(page, ["de"])
    return PracticePage.objects.get(pk=page.pk)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def review_url(live_server, practice, language="de") -> str:
    return f"{live_server.url}/admin/translation/review/{practice.pk}/{language}/"


def test_reviewer_keeps_the_link_in_the_rich_editor_and_accepts_with_the_keyboard(
    live_server, browser_page, german_reviewer, linked_practice
):
    page = browser_page
    log_in(page, live_server, "gerda")
    page.goto(review_url(live_server, linked_practice))
    body = '[data-segment^="body"]'
    editor = page.locator(f"{body} .rich-editor")
    editor.wait_for()
    assert page.locator(f"{body} textarea").is_hidden(), (
        "the token textarea gives way to the editor"
    )
    assert editor.locator("a").inner_text() == "vejledningen", "the draft's link is shown as a link"
    assert "[1]" not in editor.inner_text() and "<" not in editor.inner_text()
    assert page.locator("[data-confirm-block]").is_visible(), "all machine output: confirm first"
    assert page.locator("[data-shortcuts]").is_visible(), "the shortcuts are explained on screen"

    # The title: edited as plain text, accepted with Ctrl+Enter, which moves on.
    title = page.locator('[data-segment^="title"] textarea')
    title.fill("Vorlesen für die Kleinsten")
    title.press("Control+Enter")
    assert page.locator('[data-segment^="title"] input[name^="accept-"]').is_checked()
    assert page.evaluate("document.activeElement.closest('[data-segment]').dataset.segment") == (
        page.locator('[data-segment^="summary"]').get_attribute("data-segment")
    ), "Ctrl+Enter moves to the next segment"
    page.keyboard.press("Control+A")
    page.keyboard.type("Wir lesen Kindern jeden Dienstagvormittag in der Kinderbibliothek vor.")
    page.keyboard.press("Control+Enter")

    # The body: rewritten; the link and the bold are lost, then put back from the toolbar.
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Lies die Anleitung zum Vorlesen, bevor du anfängst.")
    problems = page.locator(f"{body} .mark-problems")
    assert GUIDE in problems.inner_text(), "the editor says which link is missing"
    assert page.evaluate(SELECT_WORDS, [f"{body} .rich-editor", "Anleitung"])
    page.locator(f"{body} .mark-toolbar button", has_text=GUIDE).click()
    assert page.evaluate(SELECT_WORDS, [f"{body} .rich-editor", "Vorlesen"])
    page.keyboard.press("Control+B")
    assert problems.inner_text() == "", f"every mark is placed: {problems.inner_text()}"
    assert page.locator(f"{body} .mark-toolbar button").count() == 2, (
        "the toolbar offers only the source's own link and bold"
    )
    editor.press("Control+Enter")
    screenshot(page, "review-rich-editor")
    assert page.locator("[data-confirm-block]").is_hidden(), (
        "every segment is the reviewer's own wording now: the confirmation goes away, live"
    )
    assert page.locator("[data-share-value]").inner_text() == "0"
    page.get_by_role("button", name="Save approved segments").click()
    page.wait_for_selector("text=Nothing in this language waits for review.")

    practice = PracticePage.objects.get(pk=linked_practice.pk)
    assert practice.body_de[0].value.source == (
        f'<p>Lies die <a href="{GUIDE}">Anleitung</a> zum <b>Vorlesen</b>, bevor du anfängst.</p>'
    ), "the link keeps its target on the reviewer's words"
    assert practice.title_de == "Vorlesen für die Kleinsten"
    assert {s.state for s in TranslationStatus.objects.filter(page=practice, language="de")} == {
        TranslationStatus.State.REVIEWED
    }


def test_a_job_goes_from_queued_to_done_without_a_reload(
    live_server, browser_page, german_reviewer, linked_practice
):
    page = browser_page
    log_in(page, live_server, "gerda")
    practice = PracticePage.objects.get(pk=linked_practice.pk)
    practice.summary_da = "Vi læser højt for børn hver onsdag."
    practice.save_revision().publish()

    job = create_job(practice, ["de"])
    page.goto(f"{live_server.url}/admin/pages/{practice.pk}/edit/")
    header_job = page.locator(f'[data-jobs-live] [data-job="{job.pk}"]')
    header_job.wait_for()
    assert header_job.get_attribute("data-status") == "queued", "the editor sees the queued job"
    run_job(job.pk)
    page.wait_for_selector(f'[data-jobs-live] [data-job="{job.pk}"][data-status="succeeded"]')
    assert page.locator(f'[data-job="{job.pk}"] a', has_text="German").is_visible(), (
        "a finished job links to the review"
    )

    second = create_job(practice, ["de"])
    page.goto(f"{live_server.url}/admin/translation/pages/{practice.pk}/")
    listed = page.locator(f'[data-job-progress] [data-job="{second.pk}"]')
    assert listed.get_attribute("data-status") == "queued"
    run_job(second.pk)
    page.wait_for_selector(f'[data-job-progress] [data-job="{second.pk}"][data-status="succeeded"]')
    assert (
        "Queued" not in page.locator(f'[data-job-progress] [data-job="{second.pk}"]').inner_text()
    )
    screenshot(page, "translations-job-done")


@pytest.mark.parametrize("browser_page", ["da-DK"], indirect=True)
def test_a_danish_reviewer_on_a_phone(
    live_server, browser_page, django_user_model, site_tree, dresden
):
    group = Group.objects.create(name="Redaktører")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=site_tree.home, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("dorte", "dorte@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "review_da"])
    )
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "da"
    profile.save()
    german = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="de",
        library=dresden,
        title=None,
        title_de="Vorlesen für die Kleinsten",
        slug="vorlesen",
        summary=None,
        summary_de="Wir lesen Kindern jeden Dienstagvormittag in der Kinderbibliothek vor.",
        body=None,
        body_de=[
            (
                "paragraph",
                f'<p>Lies die <a href="{GUIDE}">Anleitung</a> zum <b>Vorlesen</b>, '
                "bevor du anfängst.</p>",
            )
        ],
    )
    german.save_revision().publish()
    translate_page(german, ["da"])

    page = browser_page
    log_in(page, live_server, "dorte")
    # The admin scrolls inside its own container, so a tall window shows the whole screen.
    page.set_viewport_size({"width": 1280, "height": 1700})
    page.goto(review_url(live_server, german, "da"))
    page.locator(".rich-editor").first.wait_for()
    screenshot(page, "review-da-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator(".rich-editor").first.wait_for()
    assert_fits_width(page)
    assert page.evaluate(WORDS_BROKEN_IN_BUTTONS) == [], "a button breaks a word over two lines"
    page.set_viewport_size({"width": 390, "height": 2600})
    screenshot(page, "review-da-phone")
    assert "Godkend" in page.content(), "the screen is in Danish"
