"""Turn ``exchange_site.demo.data`` into a published site tree.

Idempotent by design: every page is looked up by its source-language slug
under its parent, every topic by slug and every goal by number, and only what
is missing is created. Existing pages are left exactly as they are, so a
second run is fast and never undoes an editor's changes to the demo.

The demo also creates one editor group per library (set as the library's
``editor_group``) and one reviewer group per language; ``ensure_demo_admin``
then creates a demo user in each. In production, superusers create these
groups in Settings → Groups (see README, "Permissions: who may do what").

Publishing here queues no translation job (``auto_translation_paused``);
instead a few pages get offline pseudo-provider drafts so the review queue
has something to show, without any provider account or network.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from exchange_site.translation.pause import auto_translation_paused
from exchange_site.translation.permissions import review_permission
from exchange_site.translation.pipeline import translate_page
from home.models import HomePage
from libraries.models import LibraryContact, PartnerLibraryIndexPage, PartnerLibraryPage
from meetings.models import (
    ActionItem,
    ExchangeTripIndexPage,
    ExchangeTripPage,
    MeetingAttachment,
    MeetingIndexPage,
    MeetingMinutesPage,
    MeetingParticipant,
)
from practices.models import (
    PracticeIndexPage,
    PracticePage,
    SustainableDevelopmentGoal,
    Topic,
)

from . import data

SITE_NAME = "Partner Library Exchange"

#: Page permissions of a library's editor group, per index (key of ``data.INDEXES``).
#: They may add pages under the practice, meeting and trip indexes and edit their own
#: library's profile; ``exchange_site.core.permissions`` keeps them to their own library's pages.
LIBRARY_EDITOR_PAGE_PERMISSIONS = {
    "libraries": ["change_page", "publish_page"],
    "practices": ["add_page", "change_page", "publish_page"],
    "meetings": ["add_page", "change_page", "publish_page"],
    "trips": ["add_page", "change_page", "publish_page"],
}
#: Reviewers edit and publish the translations of every page (tree permissions on home).
REVIEWER_PAGE_PERMISSIONS = ["change_page", "publish_page"]
#: What a library's editors may do with documents and images, in their library's own
#: collection only: another library's files (a private meeting's attachment, say) are
#: neither listed, changed, replaced nor deleted by them.
LIBRARY_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]
#: Reviewers edit translations of pages that use files; they choose, never change.
REVIEWER_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "choose_image"),
]


def library_group_name(library: PartnerLibraryPage) -> str:
    return f"{library.city} editors"


def reviewer_group_name(language: str) -> str:
    with translation.override("en"):
        return f"Reviewers – {dict(settings.LANGUAGES)[language]}"


def demo_accounts() -> list[tuple[str, Group]]:
    """(username, group) of the demo user to create in each demo group that exists."""
    accounts = [
        (f"{slugify(library.city)}-editor", library.editor_group)
        for library in PartnerLibraryPage.objects.exclude(editor_group=None)
        .select_related("editor_group")
        .order_by("city")
        if library.editor_group.name == library_group_name(library)
    ]
    for code, _name in settings.LANGUAGES:
        group = Group.objects.filter(name=reviewer_group_name(code)).first()
        if group is not None:
            accounts.append((f"reviewer-{code}", group))
    return accounts


def localized(name: str, values: dict[str, object]) -> dict[str, object]:
    """``{"da": x}`` for field ``name`` → ``{"name_da": x}``, as modeltranslation stores it."""
    return {f"{name}_{language}": value for language, value in values.items()}


def _titles_and_slugs(spec: dict) -> dict[str, object]:
    """Title columns, and a slug for every language that has a title."""
    slugs = {
        lang: spec.get("slug", {}).get(lang) or slugify(title)
        for lang, title in spec["title"].items()
    }
    return localized("title", spec["title"]) | localized("slug", slugs)


class DemoLoader:
    """Creates what is missing of the demo site and counts what it created."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.new_pages: dict[str, Page] = {}

    def run(self) -> Counter[str]:
        with transaction.atomic(), auto_translation_paused():
            home = self.home_page()
            libraries_index = self.index(home, PartnerLibraryIndexPage, "libraries")
            practices_index = self.index(home, PracticeIndexPage, "practices")
            meetings_index = self.index(home, MeetingIndexPage, "meetings")
            trips_index = self.index(home, ExchangeTripIndexPage, "trips")
            topics = self.topics()
            goals = self.goals()
            libraries = {
                spec["key"]: self.library(libraries_index, spec) for spec in data.LIBRARIES
            }
            practices = {
                spec["key"]: self.practice(practices_index, spec, libraries, topics, goals)
                for spec in data.PRACTICES
            }
            self.link_related_practices(practices)
            for spec in data.MEETINGS:
                self.meeting(meetings_index, spec, libraries, practices)
            self.trip(trips_index, data.TRIP, libraries, practices)
            if not home.featured_practices.exists():
                home.featured_practices.set([practices[key] for key in data.FEATURED_PRACTICES])
                self.publish(home)
            indexes = {
                "libraries": libraries_index,
                "practices": practices_index,
                "meetings": meetings_index,
                "trips": trips_index,
            }
            for library in libraries.values():
                self.library_group(library, indexes)
            for code, _name in settings.LANGUAGES:
                self.reviewer_group(code, home)
        self.machine_drafts()
        return self.created

    # Pages ------------------------------------------------------------

    def find(self, parent: Page, model: type[Page], spec: dict) -> Page | None:
        slug = spec["slug"][spec["source"]]
        return model.objects.child_of(parent).filter(**{f"slug_{spec['source']}": slug}).first()

    def add(self, parent: Page, page: Page, key: str) -> Page:
        parent.add_child(instance=page)
        self.created["pages"] += 1
        self.new_pages[key] = page
        return page

    def publish(self, page: Page) -> None:
        page.save_revision().publish()

    def fill_empty(self, page: Page, values: dict[str, object]) -> None:
        """Fields added to the demo after a site was loaded: filled where still empty only,
        so that what editors wrote since stays, and published; a page with an editor's
        unpublished draft is left alone, since publishing would publish the draft too."""
        if page.has_unpublished_changes:
            return
        missing = {name: value for name, value in values.items() if not getattr(page, name)}
        if missing:
            for name, value in missing.items():
                setattr(page, name, value)
            self.publish(page)
            self.created["updated pages"] += 1

    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's "Welcome to your new Wagtail site!" page, untouched by anyone.
            root.get_children().filter(
                content_type__model="page", content_type__app_label="wagtailcore", numchild=0
            ).delete()
            root.refresh_from_db()
            home = HomePage(
                source_language=data.HOME["source"],
                **_titles_and_slugs(
                    data.HOME | {"slug": dict.fromkeys(data.HOME["title"], "home")}
                ),
                **localized("introduction", data.HOME["introduction"]),
            )
            self.add(root, home, "home")
            self.publish(home)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if site.root_page_id != home.pk:
            site.hostname, site.port, site.root_page = "localhost", 80, home
            site.site_name = SITE_NAME
            site.save()
        return home

    def index(self, home: HomePage, model: type[Page], key: str) -> Page:
        existing = model.objects.child_of(home).first()
        if existing:
            return existing
        spec = data.INDEXES[key] | {"source": "en"}
        page = model(
            source_language="en",
            show_in_menus=True,
            **_titles_and_slugs(spec),
            **localized("introduction", spec["introduction"]),
        )
        self.add(home, page, key)
        self.publish(page)
        return page

    def library(self, index: Page, spec: dict) -> PartnerLibraryPage:
        visit = {
            "street_address": spec["street_address"],
            "postal_code": spec["postal_code"],
            **localized("getting_there", spec["getting_there"]),
        }
        existing = self.find(index, PartnerLibraryPage, spec)
        if existing:
            self.fill_empty(existing, visit)
            return existing
        page = PartnerLibraryPage(
            source_language=spec["source"],
            city=spec["city"],
            country=spec["country"],
            main_language=spec["main_language"],
            website=spec["website"],
            **visit,
            **_titles_and_slugs(spec),
            **localized("profile", spec["profile"]),
        )
        page.contacts = [
            LibraryContact(name=name, email=email, phone=phone, **localized("role", roles))
            for name, roles, email, phone in spec["contacts"]
        ]
        self.add(index, page, spec["key"])
        self.publish(page)
        return page

    def practice(self, index, spec, libraries, topics, goals) -> PracticePage:
        existing = self.find(index, PracticePage, spec)
        if existing:
            return existing
        page = PracticePage(
            source_language=spec["source"],
            library=libraries[spec["library"]],
            maturity=spec["maturity"],
            **_titles_and_slugs(spec),
            **localized("summary", spec["summary"]),
            **localized("body", spec["body"]),
        )
        page.topics = [topics[slug] for slug in spec["topics"]]
        page.sdgs = [goals[number] for number in spec["sdgs"]]
        return self.add(index, page, spec["key"])

    def link_related_practices(self, practices: dict[str, PracticePage]) -> None:
        """Related practices point at each other, so they are set once all exist."""
        for spec in data.PRACTICES:
            page = practices[spec["key"]]
            if spec["key"] in self.new_pages:
                page.related_practices = [practices[key] for key in spec["related"]]
                page.save()
                self.publish(page)

    def meeting(self, index, spec, libraries, practices) -> None:
        if self.find(index, MeetingMinutesPage, spec):
            return
        next_date, next_notes = spec["next_meeting"]
        page = MeetingMinutesPage(
            source_language=spec["source"],
            date=spec["date"],
            end_date=spec.get("end_date"),
            format=spec["format"],
            host_library=libraries[spec["host"]],
            next_meeting_date=next_date,
            **_titles_and_slugs(spec),
            **localized("summary", spec["summary"]),
            **localized("agenda", spec["agenda"]),
            **localized("decisions", spec["decisions"]),
            **localized("next_meeting_notes", next_notes),
        )
        page.participating_libraries = [libraries[key] for key in spec["libraries"]]
        page.practices_discussed = [practices[key] for key in spec["practices"]]
        page.participants = [
            MeetingParticipant(name=name, library=libraries[library], **localized("role", roles))
            for name, roles, library in spec["participants"]
        ]
        page.action_items = [
            ActionItem(
                owner=owner, due_date=due, status=status, **localized("description", description)
            )
            for description, owner, due, status in spec["action_items"]
        ]
        if data.ATTACHMENT["meeting"] == spec["key"]:
            document = self.attachment(self.library_collection(page.host_library))
            page.attachments = [MeetingAttachment(document=document)]
        self.add(index, page, spec["key"])
        self.publish(page)

    def attachment(self, collection: Collection):
        """The demo's attached programme, in the host library's collection."""
        document_model = get_document_model()
        document = document_model.objects.filter(title=data.ATTACHMENT["title"]).first()
        if document is None:
            document = document_model(title=data.ATTACHMENT["title"], collection=collection)
            document.file.save(
                data.ATTACHMENT["filename"],
                ContentFile(data.ATTACHMENT["text"].encode()),
                save=False,
            )
            document.save()
            self.created["documents"] += 1
        return document

    def trip(self, index, spec, libraries, practices) -> None:
        meeting_point = localized("meeting_point", spec["meeting_point"])
        existing = self.find(index, ExchangeTripPage, spec)
        if existing:
            self.fill_empty(existing, meeting_point)
            return
        page = ExchangeTripPage(
            source_language=spec["source"],
            host_library=libraries[spec["host"]],
            start_date=spec["start_date"],
            end_date=spec["end_date"],
            **meeting_point,
            **_titles_and_slugs(spec),
            **localized("introduction", spec["introduction"]),
            **localized("programme", spec["programme"]),
            **localized("practical_information", spec["practical_information"]),
            **localized("checklist", spec["checklist"]),
        )
        page.practices_to_see = [practices[key] for key in spec["practices"]]
        self.add(index, page, spec["key"])
        self.publish(page)

    # Groups -----------------------------------------------------------

    def group(
        self,
        name: str,
        codenames: list[str],
        collection: Collection,
        collection_permissions: list[tuple[str, str]],
    ) -> tuple[Group, bool]:
        group, created = Group.objects.get_or_create(name=name)
        self.created["groups"] += created
        if created:
            group.permissions.add(Permission.objects.get(codename="access_admin"))
            group.permissions.add(*[self.permission(codename) for codename in codenames])
            for app_label, codename in collection_permissions:
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=collection,
                    permission=self.permission(codename, app_label),
                )
        return group, created

    def library_collection(self, library: PartnerLibraryPage) -> Collection:
        """The library's own collection of documents and images (named after its city)."""
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=library.city).first()
        if collection is None:
            collection = root.add_child(name=library.city)
            self.created["collections"] += 1
        return collection

    def permission(self, codename: str, app_label: str = "") -> Permission:
        lookup = {"content_type__app_label": app_label} if app_label else {}
        return Permission.objects.get(codename=codename, **lookup)

    def grant_pages(self, group: Group, page: Page, codenames: list[str]) -> None:
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=self.permission(codename, "wagtailcore")
            )

    def library_group(self, library: PartnerLibraryPage, indexes: dict[str, Page]) -> None:
        """The library's editor group, made its ``editor_group`` (through a published revision)."""
        group, created = self.group(
            library_group_name(library),
            [],
            self.library_collection(library),
            LIBRARY_COLLECTION_PERMISSIONS,
        )
        if not created:
            return
        for key, codenames in LIBRARY_EDITOR_PAGE_PERMISSIONS.items():
            self.grant_pages(group, indexes[key], codenames)
        if library.editor_group_id is None:
            library.editor_group = group
            self.publish(library)

    def reviewer_group(self, language: str, home: HomePage) -> None:
        codename = review_permission(language).split(".")[1]
        group, created = self.group(
            reviewer_group_name(language),
            [codename],
            Collection.get_first_root_node(),
            REVIEWER_COLLECTION_PERMISSIONS,
        )
        if created:
            self.grant_pages(group, home, REVIEWER_PAGE_PERMISSIONS)

    # Taxonomy ---------------------------------------------------------

    def topics(self) -> dict[str, Topic]:
        return {
            spec["slug"]: self._get_or_create(
                Topic,
                {"slug": spec["slug"]},
                localized("name", spec["name"]) | localized("description", spec["description"]),
            )
            for spec in data.TOPICS
        }

    def goals(self) -> dict[int, SustainableDevelopmentGoal]:
        return {
            number: self._get_or_create(
                SustainableDevelopmentGoal, {"number": number}, localized("name", names)
            )
            for number, names in data.SDGS
        }

    def _get_or_create(self, model, lookup: dict, defaults: dict):
        instance, created = model.objects.get_or_create(**lookup, defaults=defaults)
        self.created[str(model._meta.verbose_name_plural)] += created
        return instance

    # Machine drafts ---------------------------------------------------

    def machine_drafts(self) -> None:
        for key, languages in data.MACHINE_DRAFTS:
            if key in self.new_pages:
                translate_page(self.new_pages[key], languages, provider="pseudo")
                self.created["machine drafts"] += len(languages)


def load_demo_content() -> Counter[str]:
    """Create whatever is missing of the demo site; returns what was created, by kind."""
    return DemoLoader().run()
