"""End to end in Chromium: a reviewer downloads a page's German XLIFF, a CAT tool translates it,
the reviewer uploads it on the same Translations view."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

from practices.models import PracticePage
from tests import test_translation_exchange as exchange_tests
from tests.browser import browser_marks, screenshot

pytestmark = browser_marks
practice = exchange_tests.practice  # the same Danish practice with German machine drafts

PASSWORD = "exchange-pass"  # noqa: S105 - a test account on a throw-away database


def test_reviewer_downloads_and_uploads_a_translation(
    live_server,
    browser_page,
    django_user_model,
    site_tree,
    practice,
):
    group = Group.objects.create(name="Exchange editors")
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=site_tree.home, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user("gerda", "gerda@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(group)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="review_de"),
    )
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "gerda")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/translation/pages/{practice.pk}/")
    download_form = page.locator("[data-exchange-download]")
    download_form.locator("select[name=language]").select_option("de")
    download_form.locator("select[name=format]").select_option("xliff")
    with page.expect_download() as download_info:
        download_form.get_by_role("button", name="Download for translation").click()
    exported = Path(download_info.value.path()).read_bytes()
    assert b'version="2.1"' in exported, "the browser received the XLIFF 2.1 file"

    upload_form = page.locator("[data-exchange-upload]")
    upload_form.locator("input[name=file]").set_input_files(
        {
            "name": "laeselyst-de.xlf",
            "mimeType": "application/xliff+xml",
            "buffer": exchange_tests.translate_xliff2(exported),
        }
    )
    upload_form.get_by_role("button", name="Upload translation").click()
    page.wait_for_load_state()

    assert page.get_by_text("6 units imported").is_visible(), "the reviewer is told what came in"
    page.wait_for_timeout(600)  # the admin's message bar slides in
    screenshot(page, "translation_exchange_upload")
    assert PracticePage.objects.get(pk=practice.pk).title_de == "Leselust"
