"""Documents attached to private minutes are downloaded only by readers who may see the minutes."""

import importlib

from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import pytest

from meetings.models import MeetingAttachment

from . import factories

SECRET = b"Budget 2024: confidential figures"


@pytest.fixture
def media(settings, tmp_path):
    """Files on disk, as in production (the test settings keep them in memory)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    }
    return tmp_path


def document(name: str):
    doc = get_document_model()(title=name)
    doc.file.save(f"{name}.txt", ContentFile(SECRET), save=False)
    doc.save()
    return doc


def minutes_with_attachment(site_tree, name: str, **fields):
    doc = document(name)
    minutes = factories.MeetingMinutesPageFactory(parent=site_tree.meetings, title=name, **fields)
    MeetingAttachment.objects.create(page=minutes, document=doc)
    return minutes, doc


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_refused(response, what: str) -> None:
    assert response.status_code in (302, 403), f"{what}: answered {response.status_code}"
    assert SECRET not in body(response), f"{what}: the file's bytes were sent"


def assert_served(response, what: str) -> None:
    assert response.status_code == 200, f"{what}: answered {response.status_code}"
    assert body(response) == SECRET, f"{what}: the file was not sent"


def test_login_only_minutes_attachment(client, django_user_model, site_tree, media):
    minutes, doc = minutes_with_attachment(site_tree, "internal-minutes")
    PageViewRestriction.objects.create(page=minutes, restriction_type="login")
    response = client.get(doc.url)
    assert_refused(response, "anonymous download of a login-only page's attachment")
    assert "login" in response["Location"], "the anonymous reader should be sent to log in"
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(reader)
    response = client.get(doc.url)
    assert_served(response, "a logged-in reader downloading a login-only page's attachment")
    assert "private" in response["Cache-Control"], "a private document was cacheable by proxies"


def test_password_minutes_attachment_needs_the_pages_password(client, site_tree, media):
    minutes, doc = minutes_with_attachment(site_tree, "password-minutes")
    restriction = PageViewRestriction.objects.create(
        page=minutes, restriction_type="password", password="partners"
    )
    assert_refused(client.get(doc.url), "download before entering the page's password")
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, minutes.pk]),
        {"password": "wrong", "return_url": "/"},
    )
    assert_refused(client.get(doc.url), "download after a wrong password")
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, minutes.pk]),
        {"password": "partners", "return_url": "/"},
    )
    assert_served(client.get(doc.url), "download after entering the page's password")


def test_parent_restriction_protects_the_attachment(client, site_tree, media):
    minutes, doc = minutes_with_attachment(site_tree, "under-private-index")
    restriction = PageViewRestriction.objects.create(
        page=site_tree.meetings, restriction_type="login"
    )
    assert_refused(client.get(doc.url), "anonymous download under a login-only index")
    restriction.delete()
    assert_served(client.get(doc.url), "download once the index's restriction is removed")


def test_document_linked_from_private_rich_text_is_protected(client, site_tree, dresden, media):
    doc = document("linked-agenda")
    # A practice's body allows document links (the minutes' short rich text does not).
    practice = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        title="Linked",
        body=[("paragraph", f'<p><a linktype="document" id="{doc.pk}">budget</a></p>')],
    )
    PageViewRestriction.objects.create(page=practice, restriction_type="login")
    assert_refused(client.get(doc.url), "anonymous download of a document linked from private text")


def test_public_minutes_attachment_downloads(client, site_tree, media):
    minutes, doc = minutes_with_attachment(site_tree, "public-minutes")
    response = client.get(doc.url)
    assert_served(response, "download of a public page's attachment")
    assert "private" not in response.get("Cache-Control", ""), "public documents stay cacheable"
    restricted_minutes, restricted_doc = minutes_with_attachment(site_tree, "later-private")
    restriction = PageViewRestriction.objects.create(
        page=restricted_minutes, restriction_type="login"
    )
    assert_refused(client.get(restricted_doc.url), "download while the page is private")
    restriction.delete()
    assert_served(client.get(restricted_doc.url), "download after the restriction is removed")


def test_documents_are_not_served_from_media_in_development(client, settings, site_tree, media):
    """The development server serves /media/, but not the documents directory under it."""
    minutes, doc = minutes_with_attachment(site_tree, "dev-minutes")
    PageViewRestriction.objects.create(page=minutes, restriction_type="login")
    (media / "images").mkdir()
    (media / "images" / "logo.txt").write_bytes(b"logo")
    urls = importlib.import_module(settings.ROOT_URLCONF)
    settings.DEBUG = True
    try:
        importlib.reload(urls)
        clear_url_caches()
        assert client.get("/media/images/logo.txt").status_code == 200, "media serving broken"
        # The same file by every spelling a file server tidies away (found by an outside test).
        name = doc.file.name.removeprefix("documents/")
        for spelling in (
            f"documents/{name}",
            f"/documents/{name}",
            f"%2Fdocuments/{name}",
            f"//documents/{name}",
            f"images/../documents/{name}",
            f"images/%2E%2E/documents/{name}",
            f"./documents/{name}",
        ):
            response = client.get(f"/media/{spelling}")
            assert response.status_code == 404 and SECRET not in body(response), (
                f"a private document was served by /media/{spelling} ({response.status_code})"
            )
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view", (
        "documents must be streamed through the checked view, not redirected to storage"
    )
