"""No change an editor, a reviewer, a command or the task worker makes leaves readers stale content.

Per-page cache invalidation (``exchange_site.core.content_cache``) breaks from the
outside: a path that changes content without bumping the right versions leaves
readers an old title, address, contact or topic name. Each case here warms every
cache by crawling the reader site (all four languages, anonymous and logged in:
fragments and menus are keyed by audience), makes ONE change the way a user makes
it, crawls again with the caches warm (what readers get now), then clears the
cache and crawls once more (the truth). Any URL whose HTML differs between the
last two is stale. Each change must change what readers see (the truth differs
from the crawl before the change), so no case can pass without testing anything.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from wagtail.models import PageViewRestriction, Revision

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationSettings
from exchange_site.translation.overrides import page_overridables, save_override
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.review import PageReview
from exchange_site.translation.snippets import translate_snippet
from libraries.models import PartnerLibraryPage
from meetings.models import MeetingAttachment, MeetingMinutesPage
from practices.models import PracticePage
from tests import factories
from tests.test_privacy_crawl import crawl, errors
from tests.test_translation_exchange import export, import_file, translate_xliff2

# Two crawls of the whole reader site per change: about 3 minutes of CPU for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
GUIDE = "https://example.org/guide"

# Per-request noise, replaced before comparing: the CSP nonce (new for every response, in
# <script nonce> and <style nonce>) and the CSRF token (masked anew for every response).
NOISE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1"'),
    (re.compile(r'(name="csrf-token" content=")[^"]*"'), r'\1"'),
]


@dataclass
class Site:
    tree: object
    dresden: PartnerLibraryPage
    ballerup: PartnerLibraryPage
    corner: PracticePage  # Dresden's: topic, goal, image; its library has a contact
    artothek: PracticePage  # Ballerup's: shows the corner's card, links to it in rich text
    seeds: PracticePage  # machine-drafted into French by the pipeline; links to the guide
    meeting: MeetingMinutesPage  # discussed the corner and the artothek; an attachment
    topic: object
    goal: object
    image: object
    document: object
    editor: object
    editor_client: Client
    tmp_path: object
    danish_image: object = None


@pytest.fixture
def exchange(site_tree, dresden, danish_library, django_user_model, settings, tmp_path) -> Site:
    """A small exchange whose pages show each other: cards, related, meetings, featured."""
    settings.MEDIA_ROOT = tmp_path
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    editor_client = Client()
    editor_client.force_login(editor)
    topic = factories.TopicFactory(slug="games", name="Games")
    goal = factories.SustainableDevelopmentGoalFactory(number=4, name="Quality education")
    image = wagtail_factories.ImageFactory(title="Reading room")
    document = wagtail_factories.DocumentFactory(title="Spring agenda")
    dresden.contacts = [
        factories.LibraryContactFactory.build(name="Anna Kontakt", email="anna@example.org")
    ]
    dresden.save_revision().publish()
    corner = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="playstation",
        title="PlayStation corner",
        summary="Consoles in the library.",
        library=dresden,
        body=[
            ("paragraph", "<p>Bring your own controller.</p>"),
            ("image", {"image": image, "alt_text": "", "caption": "", "attribution": ""}),
        ],
    )
    artothek = factories.PracticePageFactory(
        parent=site_tree.practices, slug="artothek", title="Artothek", library=danish_library
    )
    seeds = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="seeds",
        title="Seed library",
        summary="Borrow seeds, bring back seeds.",
        library=danish_library,
        body=[("paragraph", f'<p>Read <a href="{GUIDE}">the guide</a> first.</p>')],
    )
    artothek.body = [
        ("paragraph", f'<p>See <a linktype="page" id="{corner.pk}">the corner</a>.</p>'),
    ]
    for practice in (corner, artothek, seeds):
        practice.topics = [topic]
        practice.sdgs = [goal]
    artothek.related_practices = [corner, seeds]
    for practice in (corner, artothek, seeds):
        practice.save_revision().publish()
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, slug="spring", title="Spring meeting", host_library=dresden
    )
    meeting.practices_discussed = [corner, artothek]
    meeting.attachments = [MeetingAttachment(document=document)]
    meeting.save_revision().publish()
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips, slug="dresden-visit", title="Dresden visit", host_library=dresden
    )
    trip.practices_to_see = [corner]
    trip.save_revision().publish()
    site_tree.home.featured_practices = [corner, seeds]
    site_tree.home.save_revision().publish()
    translate_page(PracticePage.objects.get(pk=seeds.pk), ["fr"])
    cache.clear()
    return Site(
        tree=site_tree,
        dresden=PartnerLibraryPage.objects.get(pk=dresden.pk),
        ballerup=PartnerLibraryPage.objects.get(pk=danish_library.pk),
        corner=PracticePage.objects.get(pk=corner.pk),
        artothek=PracticePage.objects.get(pk=artothek.pk),
        seeds=PracticePage.objects.get(pk=seeds.pk),
        meeting=MeetingMinutesPage.objects.get(pk=meeting.pk),
        topic=topic,
        goal=goal,
        image=image,
        document=document,
        editor=editor,
        editor_client=editor_client,
        tmp_path=tmp_path,
    )


# --- The crawl ------------------------------------------------------------------------------


def normalised(body: str) -> str:
    for pattern, replacement in NOISE:
        body = pattern.sub(replacement, body)
    return body


def read_site(readers: list[Client]) -> dict[str, tuple[int, str]]:
    """Every reader URL in every language, per reader: {"<reader> <url>": (status, html)}."""
    seeds = ["/sitemap.xml", *(f"/{code}/" for code in LANGUAGES)]
    found = {}
    for number, reader in enumerate(readers):
        crawled = crawl(reader, seeds)
        assert not errors(crawled), f"the reader site should work: {errors(crawled)}"
        for url, (status, body) in crawled.items():
            found[f"{'anonymous' if number == 0 else 'logged-in'} {url}"] = (
                status,
                normalised(body),
            )
    return found


def differences(before: dict, after: dict) -> dict[str, str]:
    """URLs whose answer differs, each with the first difference in context."""
    found = {}
    for url in sorted(set(before) | set(after)):
        if url not in before or url not in after:
            found[url] = "only crawled " + ("before" if url in before else "after")
            continue
        (old_status, old), (new_status, new) = before[url], after[url]
        if (old_status, old) != (new_status, new):
            at = next(
                (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old)
            )
            start = max(0, at - 90)
            found[url] = (
                f"{old_status}→{new_status}\n      cached: …{old[start : at + 90]!r}"
                f"\n      fresh:  …{new[start : at + 90]!r}"
            )
    return found


# --- The changes ----------------------------------------------------------------------------


def edit_practice(site: Site) -> None:
    page = site.corner
    page.title_en, page.summary_en = "Console lounge", "Games for everyone."
    page.body_en = [("paragraph", "<p>A new body.</p>")]
    page.save_revision(user=site.editor).publish()


def rename_slug(site: Site) -> None:
    site.corner.slug_en = "console-lounge"
    site.corner.save_revision(user=site.editor).publish()


def rename_parent_slug(site: Site) -> None:
    index = site.tree.practices.specific
    index.slug_en = "good-practice"
    index.save_revision(user=site.editor).publish()


def move_page(site: Site) -> None:
    """To a second practice index (a practice lives under one), created for the move."""
    archive = factories.PracticeIndexPageFactory(
        parent=site.tree.home, title="Practice archive", slug="archive"
    )
    site.seeds.move(archive, pos="last-child", user=site.editor)


def unpublish(site: Site) -> None:
    response = site.editor_client.post(f"/admin/pages/{site.corner.pk}/unpublish/")
    assert response.status_code == 302, f"the admin unpublish answered {response.status_code}"


def delete(site: Site) -> None:
    response = site.editor_client.post(f"/admin/pages/{site.seeds.pk}/delete/")
    assert response.status_code == 302, f"the admin delete answered {response.status_code}"


def set_privacy(page_id: int, site: Site, kind: str) -> None:
    response = site.editor_client.post(
        f"/admin/pages/{page_id}/privacy/", {"restriction_type": kind, "groups": []}
    )
    assert response.status_code == 200, f"the admin privacy form answered {response.status_code}"


def restrict_parent(site: Site) -> None:
    set_privacy(site.tree.practices.pk, site, PageViewRestriction.LOGIN)


def unrestrict_parent(site: Site) -> None:
    set_privacy(site.tree.practices.pk, site, "none")


def admin_post_form(site: Site, url: str, changes: dict[str, str]) -> None:
    """Post an admin form as the editor finds it filled in, with ``changes``."""
    soup = BeautifulSoup(site.editor_client.get(url).content, "html.parser")
    form = next(
        form
        for form in soup.find_all("form", attrs={"method": re.compile("post", re.IGNORECASE)})
        if form.find(attrs={"name": next(iter(changes))})
    )
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    response = site.editor_client.post(url, data | changes)
    refused = BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .help-critical"
    )
    assert response.status_code == 302, f"{url} refused the form: {[e.text for e in refused]}"


def rename_topic(site: Site) -> None:
    admin_post_form(
        site, f"/admin/snippets/practices/topic/edit/{site.topic.pk}/", {"name_en": "Gaming"}
    )


def rename_goal(site: Site) -> None:
    admin_post_form(
        site,
        f"/admin/snippets/practices/sustainabledevelopmentgoal/edit/{site.goal.pk}/",
        {"name_en": "Education for all"},
    )


def rename_library(site: Site) -> None:
    site.dresden.title_de = "Bibliotheken Dresden"
    site.dresden.save_revision(user=site.editor).publish()


def edit_contact(site: Site) -> None:
    [contact] = site.dresden.contacts.all()
    contact.name = "Anna Neu"
    site.dresden.contacts = [contact]
    site.dresden.save_revision(user=site.editor).publish()


def remove_contact(site: Site) -> None:
    site.dresden.contacts = []
    site.dresden.save_revision(user=site.editor).publish()


def retitle_image(site: Site) -> None:
    site.image.title = "Games room"
    site.image.save()


def retitle_document(site: Site) -> None:
    site.document.title = "Spring agenda, final"
    site.document.save()


def revert(site: Site) -> None:
    first = Revision.page_revisions.filter(object_id=str(site.corner.pk)).order_by("pk").first()
    first.as_object().save_revision(user=site.editor, previous_revision=first).publish()


def copy_page(site: Site) -> None:
    admin_post_form(
        site,
        f"/admin/pages/{site.corner.pk}/copy/",
        {
            "new_title_en": "PlayStation corner (copy)",
            "new_slug_en": "playstation-copy",
            "publish_copies": "on",
        },
    )


def scheduled_publish(site: Site) -> None:
    site.corner.title_en = "Console lounge"
    revision = site.corner.save_revision(user=site.editor)
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())


def review_translation(site: Site) -> None:
    """The reviewer rewords the French draft of the seed library and saves (it publishes)."""
    review = PageReview(PracticePage.objects.get(pk=site.seeds.pk), "fr")
    for field in review.fields:
        for segment in field.segments:
            segment.text, segment.accepted = f"Revu : {segment.text}", True
    review.save(site.editor)


def import_translation(site: Site) -> None:
    def reword(unit, target) -> None:
        target.text = f"Importé : {target.text or ''}"

    content = translate_xliff2(export(site.tmp_path, site.seeds, language="fr"), reword)
    import_file(site.tmp_path, content, site.editor)


def review_with_unpublished_changes(site: Site) -> None:
    """The reviewer approves the worker's Danish draft of a page whose editor left a draft:
    the review is saved as a revision, nothing is published, the statuses change."""
    page = PracticePage.objects.get(pk=site.corner.pk)
    page.maturity = PracticePage.Maturity.PILOT
    page.save_revision(user=site.editor)
    review = PageReview(page, "da")
    for field in review.fields:
        for segment in field.segments:
            segment.accepted = True
    review.save(site.editor)


def machine_draft_of_a_topic(site: Site) -> None:
    translate_snippet(site.topic, ["da"])


def machine_draft(site: Site) -> None:
    run_job(create_job(site.corner, ["da"]).pk)


def override_link(site: Site, url: str = "https://example.org/fr/guide") -> None:
    entry = next(e for e in page_overridables(site.seeds, "fr") if e.overridable.kind == "link")
    save_override(site.seeds, "fr", entry, site.editor, link_url=url)


def override_image(site: Site) -> None:
    """Danish readers of the corner see another image (the worker drafted it into Danish)."""
    site.danish_image = wagtail_factories.ImageFactory(title="Spillehjørnet")
    entry = next(e for e in page_overridables(site.corner, "da") if e.overridable.kind == "image")
    save_override(site.corner, "da", entry, site.editor, image=site.danish_image)


def retitle_override_image(site: Site) -> None:
    site.danish_image.title = "Spillehjørnet i Dresden"
    site.danish_image.save()


def remove_override(site: Site) -> None:
    override_link(site, url="")


def toggle_machine_drafts(site: Site) -> None:
    current = TranslationSettings.load()
    current.show_machine_drafts = not current.show_machine_drafts
    current.save()


def toggle_menu(site: Site) -> None:
    trips = site.tree.trips.specific
    trips.show_in_menus = False
    trips.save_revision(user=site.editor).publish()


Change = tuple[str, Callable[[Site], None]]

# Chains of changes, each on a fresh exchange: the truth after one change is the warm state the
# next one starts from (a crawl per state, not three), and a change can undo the one before
# (lift a restriction, remove an override, revert an edit). Changes of a chain touch different
# pages, or come after the changes they build on.
CHAINS: dict[str, list[Change]] = {
    "page edits": [
        ("edit and publish a practice", edit_practice),
        ("revert a practice to its first revision (and publish)", revert),
        ("scheduled publish (publish_scheduled)", scheduled_publish),
        ("rename a partner library", rename_library),
        ("edit a library contact", edit_contact),
        ("remove a library contact", remove_contact),
        ("toggle a page's show in menus", toggle_menu),
    ],
    "snippets and files": [
        ("rename a topic (snippet admin)", rename_topic),
        ("rename an SDG (snippet admin)", rename_goal),
        ("retitle an image", retitle_image),
        ("retitle a meeting's document", retitle_document),
        ("machine draft of a topic by the worker", machine_draft_of_a_topic),
    ],
    "worker drafts, overrides, review": [
        ("machine draft by the task worker", machine_draft),
        ("override an image in Danish", override_image),
        ("retitle the image a translation override shows", retitle_override_image),
        ("add a translation override", override_link),
        ("remove a translation override", remove_override),
        ("review-screen save of a translation (publishes)", review_translation),
    ],
    "import, settings, unpublished review": [
        ("translation import (import_translations)", import_translation),
        ("machine draft by the task worker", machine_draft),
        ("toggle show machine drafts", toggle_machine_drafts),
        ("review-screen save, page with unpublished changes", review_with_unpublished_changes),
    ],
    "structure": [
        ("rename a practice's slug", rename_slug),
        ("rename the practice index's slug", rename_parent_slug),
        ("copy a practice (admin, published)", copy_page),
        ("move a practice to another index", move_page),
        ("unpublish a practice (admin)", unpublish),
        ("delete a practice (admin)", delete),
    ],
    # Logged-in readers too: fragments and menus are keyed by what the reader may see.
    "privacy": [
        ("restrict the practice index (admin)", restrict_parent),
        ("lift the practice index's restriction (admin)", unrestrict_parent),
    ],
}


@pytest.mark.parametrize("chain", list(CHAINS))
def test_no_change_leaves_readers_stale_content(chain, exchange, reader):
    readers = [Client()]
    if chain == "privacy":
        readers.append(Client())
        readers[1].force_login(reader)
    before = read_site(readers)
    stale_reports = []
    for change, make in CHAINS[chain]:
        with translation.override(settings.LANGUAGE_CODE):  # the crawl leaves French active
            make(exchange)
        served = read_site(readers)
        cache.clear()
        truth = read_site(readers)
        assert differences(before, truth), f"{change!r} should change something readers see"
        stale = differences(served, truth)
        if stale:
            stale_reports.append(
                f"after {change!r}, {len(stale)} URLs serve stale content:\n"
                + "\n".join(f"  {url}\n    {diff}" for url, diff in list(stale.items())[:6])
            )
        before = truth
    assert not stale_reports, "\n".join(stale_reports)
