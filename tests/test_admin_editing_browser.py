"""In Chromium: a Danish editor writes a practice in Danish; other languages stay one click away.

Screenshots go to tests/artifacts/ (admin-editing-*.png).
"""

from wagtail.users.models import UserProfile

from practices.models import PracticePage
from tests import factories
from tests.browser import browser_marks, screenshot

pytestmark = browser_marks


def test_a_danish_editor_creates_a_practice_in_danish(
    live_server, browser_page, django_user_model, site_tree, danish_library
):
    user = django_user_model.objects.create_superuser("mette", "mette@example.org", "mette-pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "da"
    profile.save()
    topic = factories.TopicFactory(name="Læsning")
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "mette")
    page.fill("input[name=password]", "mette-pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/practices/practicepage/{site_tree.practices.pk}/")
    title_da = page.locator("input[name=title_da]")
    assert title_da.is_visible(), "the Danish title is the first thing a Danish editor sees"
    for code in ("en", "de", "fr"):
        assert not page.locator(f"input[name=title_{code}]").is_visible(), (
            f"the {code} title should be folded away"
        )
    screenshot(page, "admin-editing-new-practice-danish")

    title_da.fill("Højtlæsning for de mindste")
    page.fill("textarea[name=summary_da]", "Vi læser højt for børn under tre år.")
    page.get_by_label(topic.name).check()
    page.select_option("select[name=maturity]", "pilot")
    page.locator("#id_library-chooser .chooser__choose-button").click()
    chooser_link = page.locator(".modal a.choose-page", has_text="Ballerup Bibliotekerne")
    chooser_link.wait_for(state="visible")  # the chooser names Ballerup in Danish
    screenshot(page, "admin-editing-library-chooser")
    chooser_link.click()
    page.locator(".modal").wait_for(state="hidden")

    english = page.locator("[data-show-language=en]").first
    english.click()
    assert english.get_attribute("aria-pressed") == "true", "the toggle says English is shown"
    assert page.locator("input[name=title_en]").is_visible(), "one click shows English"
    assert page.locator("input[name=title_de]").is_hidden(), "German stays folded"
    screenshot(page, "admin-editing-english-shown")
    english.click()
    assert page.locator("input[name=title_en]").is_hidden(), "a second click folds English"

    page.locator(".w-dropdown-button").get_by_role("button", name="Flere handlinger").click()
    page.click("button[name=action-publish]")
    page.wait_for_url(f"{live_server.url}/admin/pages/{site_tree.practices.pk}/")
    practice = PracticePage.objects.get(title_da="Højtlæsning for de mindste")
    assert practice.live and practice.source_language == "da", "published, written in Danish"
    assert page.get_by_text("Højtlæsning for de mindste").first.is_visible(), (
        "the explorer names the new practice by its Danish title"
    )
    screenshot(page, "admin-editing-explorer")


def test_action_item_fields_stay_visible_whichever_language_is_shown(
    live_server, browser_page, django_user_model, site_tree, danish_library
):
    django_user_model.objects.create_superuser("ida", "ida@example.org", "ida-pw")
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        host_library=danish_library,
        source_language="da",
        title=None,
        title_da="Netværksmøde",
        summary=None,
        summary_da="Møde.",
    )
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "ida")
    page.fill("input[name=password]", "ida-pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{minutes.pk}/edit/")

    for shown in ([], ["en"], ["en", "de"]):
        for code in shown:
            page.locator(f"[data-show-language={code}]").first.click()
        page.locator("#id_action_items-ADD").click()
        index = page.locator("[name$='-owner'][name^=action_items]").count() - 1
        prefix = f"action_items-{index}"
        for name in ("owner", "due_date", "status"):
            assert page.locator(f"[name={prefix}-{name}]").is_visible(), (
                f"the action item's {name} should be visible with {shown or 'only Danish'} shown"
            )
        assert page.locator(f"[name={prefix}-description_da]").is_visible()
        for code in ("en", "de", "fr"):
            visible = page.locator(f"[name={prefix}-description_{code}]").is_visible()
            assert visible == (code in shown), f"the {code} description should follow its toggle"
        for code in shown:
            page.locator(f"[data-show-language={code}]").first.click()
    page.locator("[data-show-language=en]").first.click()
    page.locator("[name=action_items-2-owner]").scroll_into_view_if_needed()
    screenshot(page, "admin-editing-action-items-english-shown")
