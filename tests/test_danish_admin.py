"""Editors work in their own language: no English interface text on the daily admin screens.

A Danish editor (a superuser and a library editor) opens every screen an editor
meets: dashboard, explorer, page edit/add/history/unpublish/move/copy/delete,
privacy dialog, snippets, images and documents with their choosers, settings,
account, search and the exchange's own translation screens. Every text node and
every ``title``/``aria-label``/``placeholder``/button ``value`` is interface text
if it is an English msgid of Wagtail's, Django's or our catalogues; each such
text must have a Danish translation. German and French editors get the same
check for the exchange's own strings.

Content (page titles, user names) never equals a msgid without a translation, so
matching against the msgids separates interface from content.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from wagtail.models import Page, Revision
from wagtail.users.models import UserProfile

import polib
import pytest
import wagtail_factories

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
#: Attributes whose values the editor reads (tooltips, screen reader labels, hints).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
#: Catalogue directories that do not serve the admin (developer-only or unused apps).
SKIPPED_PACKAGES = ("styleguide",)


# -- msgids ------------------------------------------------------------------------------


def _catalogue_files(domain: str) -> list[Path]:
    """Every English (or, for us, Danish) catalogue Django merges for the admin."""
    files = [BASE_DIR / "locale" / "da" / "LC_MESSAGES" / f"{domain}.po"]
    roots = [Path(config.path) for config in apps.get_app_configs()]
    roots.append(Path(translation.__file__).parent.parent.parent / "conf")  # Django itself
    for root in roots:
        for path in (root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po",):
            if path.exists() and not any(skip in str(path) for skip in SKIPPED_PACKAGES):
                files.append(path)
    return [path for path in files if path.exists()]


@cache
def english_msgids(own_only: bool = False, domain: str = "django") -> frozenset[str]:
    """The English msgids (singular and plural) of the catalogues."""
    files = _catalogue_files(domain)[:1] if own_only else _catalogue_files(domain)
    msgids: set[str] = set()
    for path in files:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            msgids.add(entry.msgid)
            if entry.msgid_plural:
                msgids.add(entry.msgid_plural)
    return frozenset(msgid for msgid in msgids if re.search(r"[A-Za-z]{2}", msgid))


@cache
def _translated_msgids(language: str) -> frozenset[str]:
    """The msgids the merged catalogue has a translation for (any context, any plural)."""
    catalog = trans_real.translation(language)._catalog
    translated = set()
    for key, _translation in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        translated.add(msgid.split("\x04", 1)[-1])
    return frozenset(translated)


@cache
def _plural_msgids() -> dict[str, str]:
    """msgid_plural → msgid (the catalogue keys plurals by their singular)."""
    plurals = {}
    for path in _catalogue_files("django"):
        for entry in polib.pofile(str(path)):
            if entry.msgid_plural:
                plurals[entry.msgid_plural] = entry.msgid
    return plurals


def is_untranslated(text: str, language: str, own_only: bool = False) -> bool:
    if text not in english_msgids(own_only):
        return False
    msgid = _plural_msgids().get(text, text)
    return msgid not in _translated_msgids(language) and text not in _translated_msgids(language)


# -- interface text --------------------------------------------------------------------


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
            return
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if (tag == "button" or attributes.get("type") in ("submit", "button", "reset")) and (
            attributes.get("value")
        ):
            self.texts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def interface_texts(html: str) -> set[str]:
    collector = _TextCollector()
    collector.feed(html)
    texts = set()
    for text in collector.texts:
        text = " ".join(text.split())
        if text:
            texts.add(text)
            # "Title:" and "Title *" are the msgid "Title" with punctuation around it.
            texts.add(text.strip(" :*…").strip())
    return texts


def html_of(response) -> str:
    """The HTML of a page, or of a modal's JSON answer."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


# -- the exchange's screens -----------------------------------------------------------------


def _model(name: str):
    return next(model for model in apps.get_models() if model.__name__ == name)


def _page(model_name: str, **filters) -> Page:
    return Page.objects.filter(content_type__model=model_name.lower(), **filters).first()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", stdout=StringIO())
    call_command("ensure_demo_admin", stdout=StringIO())
    wagtail_factories.ImageFactory(title="Library front")
    return Page.objects.get(depth=2)


def _editable(user, model_name: str, with_model: str | None = None) -> Page:
    """A page of this type the user may edit (with inline items of ``with_model``, if given)."""
    pages = Page.objects.filter(content_type__model=model_name.lower()).order_by("path")
    editable = [page for page in pages if page.permissions_for_user(user).can_edit()]
    if with_model:
        items = _model(with_model).objects
        editable = [page for page in editable if items.filter(page=page).exists()] or editable
    return (editable or list(pages))[0]


def screens(demo_home: Page, user) -> list[tuple[str, str]]:
    """(screen name, URL) of the screens an editor meets every day."""
    practice = _editable(user, "PracticePage")
    minutes = _editable(user, "MeetingMinutesPage", with_model="ActionItem")
    practices_index = practice.get_parent()
    topic = _model("Topic").objects.first()
    document_model = apps.get_model("wagtaildocs", "Document")
    document = document_model.objects.first()
    image_model = apps.get_model("wagtailimages", "Image")
    image = image_model.objects.first()
    status = _model("TranslationStatus").objects.first()
    review_page_id, review_language = (
        (status.page_id, status.language) if status else (practice.pk, "de")
    )
    urls = [
        ("dashboard", "/admin/"),
        ("explorer (root)", "/admin/pages/"),
        ("explorer (home)", f"/admin/pages/{demo_home.pk}/"),
        ("explorer (practices)", f"/admin/pages/{practices_index.pk}/"),
        ("admin search", f"/admin/pages/search/?q={practice.title.split()[0].strip(':')}"),
        ("edit practice", f"/admin/pages/{practice.pk}/edit/"),
        ("edit meeting minutes", f"/admin/pages/{minutes.pk}/edit/"),
        (
            "add practice",
            f"/admin/pages/add/practices/practicepage/{practices_index.pk}/",
        ),
        ("history", f"/admin/pages/{practice.pk}/history/"),
        ("unpublish", f"/admin/pages/{practice.pk}/unpublish/"),
        ("move", f"/admin/pages/{practice.pk}/move/"),
        ("copy", f"/admin/pages/{practice.pk}/copy/"),
        ("delete", f"/admin/pages/{practice.pk}/delete/"),
        ("privacy dialog", f"/admin/pages/{practice.pk}/privacy/"),
        ("page chooser", f"/admin/choose-page/{practices_index.pk}/"),
        ("snippets", "/admin/snippets/"),
        ("topics", "/admin/snippets/practices/topic/"),
        ("edit topic", f"/admin/snippets/practices/topic/edit/{topic.pk}/"),
        ("images", "/admin/images/"),
        ("image chooser", "/admin/images/chooser/"),
        ("documents", "/admin/documents/"),
        ("document chooser", "/admin/documents/chooser/"),
        ("translation settings", "/admin/settings/translation/translationsettings/"),
        ("account", "/admin/account/"),
        ("translation jobs", "/admin/translation/jobs/"),
        ("page translations", f"/admin/translation/pages/{practice.pk}/"),
        ("review queue", "/admin/translation/review/"),
        (
            "review screen",
            f"/admin/translation/review/{review_page_id}/{review_language}/",
        ),
    ]
    revisions = list(Revision.page_revisions.filter(object_id=str(practice.pk)).order_by("pk")[:2])
    if len(revisions) == 2:
        urls.append(
            (
                "compare revisions",
                f"/admin/pages/{practice.pk}/revisions/compare/"
                f"{revisions[0].pk}...{revisions[1].pk}/",
            )
        )
    if image:
        urls.append(("edit image", f"/admin/images/{image.pk}/"))
    if document:
        urls.append(("edit document", f"/admin/documents/edit/{document.pk}/"))
    return urls


def editor(username: str, language: str, superuser: bool = False):
    user_model = get_user_model()
    if superuser:
        user = user_model.objects.create_superuser(username, f"{username}@example.org", "pw")
    else:
        user = user_model.objects.get(username=username)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def untranslated_on_screens(client, user, home, language: str, own_only: bool):
    found: dict[str, list[str]] = {}
    opened = []
    for name, url in screens(home, user):
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue  # not this editor's screen (permissions); the superuser sees it
        opened.append(name)
        strings = sorted(
            text
            for text in interface_texts(html_of(response))
            if is_untranslated(text, language, own_only)
        )
        if strings:
            found[f"{name} ({url})"] = strings
    return found, opened


def report(found: dict[str, list[str]], language: str) -> str:
    lines = [f"English interface text on screens for a {language} editor:"]
    for screen, strings in found.items():
        lines.append(f"  {screen}: {len(strings)}")
        lines.extend(f"      {text!r}" for text in strings)
    return "\n".join(lines)


@pytest.mark.parametrize("role", ["superuser", "ballerup-editor"])
def test_danish_editor_meets_no_english_interface_text(client, demo, role):
    user = editor("da-admin", "da", superuser=True) if role == "superuser" else None
    user = user or editor(role, "da")
    client.force_login(user)
    found, opened = untranslated_on_screens(client, user, demo, "da", own_only=False)
    assert "dashboard" in opened and "edit practice" in opened, opened
    if role == "superuser":
        assert len(opened) == len(screens(demo, user)), f"screens not opened: {opened}"
    assert not found, report(found, "Danish")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_german_and_french_editors_see_our_strings_translated(client, demo, language):
    user = editor(f"{language}-admin", language, superuser=True)
    client.force_login(user)
    found, opened = untranslated_on_screens(client, user, demo, language, own_only=True)
    assert len(opened) == len(screens(demo, user)), f"screens not opened: {opened}"
    assert not found, report(found, {"de": "German", "fr": "French"}[language])


def test_danish_is_a_permitted_admin_language(client, demo):
    client.force_login(editor("da-admin", "da", superuser=True))
    response = client.get("/admin/account/")
    assert b'value="da"' in response.content, "Danish is not offered in the preferences"
    with translation.override("da"):
        assert translation.gettext("Edit") != "Edit"


def test_wagtail_javascript_strings_are_danish(client, django_user_model):
    """The admin's JavaScript catalogue (comments, minimap, autosave…) answers in Danish."""
    user = django_user_model.objects.create_superuser("da-js", "da-js@example.org", "pw")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "da"})
    client.force_login(user)
    response = client.get("/admin/jsi18n/")
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    catalog = json.loads(match.group(1)) if match else {}
    wagtail_admin = Path(apps.get_app_config("wagtailadmin").path)
    english = polib.pofile(str(wagtail_admin / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"))
    missing = [
        entry.msgid for entry in english if not entry.obsolete and entry.msgid not in catalog
    ]
    assert not missing, f"Wagtail JavaScript strings without Danish: {missing}"


def _labelled_blocks(block, path: str):
    """Every block an editor picks or fills inside a StreamField, with where it sits."""
    children = getattr(block, "child_blocks", None) or {}
    for name, child in children.items():
        yield f"{path}.{name}", child
        yield from _labelled_blocks(child, f"{path}.{name}")
    child = getattr(block, "child_block", None)  # a ListBlock's item
    if child is not None:
        yield f"{path}.item", child
        yield from _labelled_blocks(child, f"{path}.item")


def test_every_block_of_every_body_is_named_in_the_editors_language():
    """A block without a label is named after its Python name ("Heading", "Image") in
    English whatever the admin language: the block menu of a Danish editor showed that."""
    from wagtail.fields import StreamField

    from exchange_site.core.languages import LANGUAGE_CODES

    unnamed = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField) or field.name[-3:-2] == "_":
                continue  # the language columns share the block definition of the field itself
            where = f"{model.__name__}.{field.name}"
            for path, block in _labelled_blocks(field.stream_block, where):
                labels = set()
                for code in LANGUAGE_CODES:
                    with translation.override(code):
                        labels.add(str(block.label))
                if len(labels) == 1 and str(block.label) not in {"Link"}:
                    unnamed.append(f"{path} is {block.label!r} in every language")
    assert not unnamed, "blocks named in English only:\n" + "\n".join(unnamed)
