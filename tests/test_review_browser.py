"""End to end in a real browser: a German reviewer approves a Danish page's German draft."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from exchange_site.translation.models import TranslationStatus
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests.browser import browser_marks, screenshot

pytestmark = browser_marks


@pytest.fixture
def danish_page_with_german_draft(danish_practice):
    practice = danish_practice
    practice.save_revision().publish()
    translate_page(practice, ["de"])
    return practice


@pytest.fixture
def german_reviewer(django_user_model, transactional_db):
    user = django_user_model.objects.create_user(
        "gerda", "gerda@example.org", "review-pass", is_staff=True, is_superuser=False
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "review_de", "add_page", "change_page", "publish_page"]
        )
    )
    return user


def test_reviewer_approves_the_german_draft(
    live_server, browser_page, german_reviewer, danish_page_with_german_draft
):
    practice = danish_page_with_german_draft
    group = Group.objects.create(name="Page editors")
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=practice.get_parent(),
            permission=Permission.objects.get(codename=codename),
        )
    german_reviewer.groups.add(group)

    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "gerda")
    page.fill("input[name=password]", "review-pass")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/admin/translation/review/")
    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_selector("table.review-table")
    assert page.locator("td.source").first.inner_text() == "Verdensmål til hverdagsmål"
    assert page.locator("td.draft").first.inner_text() == (
        "[DE] Nachhaltigkeitsziele til hverdagsmål"
    ), "the draft shows the glossary rendering of Verdensmål"
    screenshot(page, "review-view")

    # Approving pure machine output asks for an explicit confirmation first.
    page.get_by_role("button", name="Accept all and save").click()
    page.wait_for_selector("text=I have read the whole translation")
    page.locator("textarea").nth(1).fill("Wir machen die Nachhaltigkeitsziele im Alltag greifbar.")
    page.get_by_label("I have read the whole translation and confirm it is correct.").check()
    page.get_by_role("button", name="Accept all and save").click()
    page.wait_for_selector("text=Nothing in this language waits for review.")

    statuses = TranslationStatus.objects.filter(page=practice, language="de")
    assert {status.state for status in statuses} == {TranslationStatus.State.REVIEWED}, (
        "every German field should be reviewed after approval in the browser"
    )
    assert PracticePage.objects.get(pk=practice.pk).summary_de == (
        "Wir machen die Nachhaltigkeitsziele im Alltag greifbar."
    )
    page.goto(f"{live_server.url}/de/practices/")
    assert "Wir machen die Nachhaltigkeitsziele" in page.content()
