"""In Chromium: the admin works under its Content-Security-Policy and reader pages break no rule.

Every CSP violation the browser reports (the ``securitypolicyviolation`` event
and "Refused to …" console errors) is collected while an editor edits and
publishes a practice in Wagtail's admin, and while a reader visits each page
type, including the printable view whose Print button needs JavaScript.
"""

import datetime

import pytest

from practices.models import PracticePage
from tests import factories
from tests.browser import browser_marks

pytestmark = browser_marks

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def watched_page(browser_page):
    """The browser page, with every CSP violation it sees recorded."""
    console = []
    browser_page.add_init_script(COLLECT_VIOLATIONS)
    browser_page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    browser_page.console_violations = console
    return browser_page


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []") + page.console_violations


def test_admin_edit_and_publish_and_reader_pages_without_csp_violations(
    live_server, watched_page, django_user_model, site_tree, dresden, danish_practice
):
    django_user_model.objects.create_superuser("csp", "csp@example.org", "csp-pass")
    danish_practice.topics = [factories.TopicFactory()]
    danish_practice.save_revision().publish()
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, host_library=dresden, date=datetime.date(2023, 2, 1)
    )
    page = watched_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "csp")
    page.fill("input[name=password]", "csp-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    admin_seen = violations(page)

    page.goto(f"{live_server.url}/admin/pages/{danish_practice.pk}/edit/")
    page.wait_for_selector(".Draftail-Editor", state="attached")
    # The page is written in Danish: its Danish fields are open, the others folded.
    page.fill("textarea[name=summary_da]", "Bæredygtighed i hverdagen, nu med CSP.")
    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()
    page.click("button[name=action-publish]")
    page.wait_for_url(f"{live_server.url}/admin/pages/{site_tree.practices.pk}/")
    admin_seen += violations(page)
    assert PracticePage.objects.get(pk=danish_practice.pk).summary_da.endswith("nu med CSP."), (
        "publishing in the admin should have saved the new summary"
    )
    assert not admin_seen, f"the admin broke its CSP: {admin_seen}"

    reader_seen = []
    for url in [
        "/en/",
        site_tree.practices.url,
        danish_practice.url,
        site_tree.meetings.url,
        meeting.url,
        f"{meeting.url}print/",
        "/en/search/?q=CSP",
    ]:
        page.goto(f"{live_server.url}{url}")
        reader_seen += [f"{url}: {violation}" for violation in violations(page)]
    page.goto(f"{live_server.url}{meeting.url}print/")
    assert page.locator(".print-button").is_visible(), (
        "the printable view's Print button should be shown by its static script"
    )
    assert not reader_seen, f"reader pages broke their CSP: {reader_seen}"
