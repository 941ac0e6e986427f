"""Turn ``home.demo_data`` into a published site tree.

Idempotent by design: every page is looked up by its source-language slug
under its parent, every topic by slug and every goal by number, and only what
is missing is created. Existing pages are left exactly as they are, so a
second run is fast and never undoes an editor's changes to the demo.

Publishing here queues no translation job (``auto_translation_paused``);
instead a few pages get offline pseudo-provider drafts so the review queue
has something to show, without any provider account or network.
"""

from __future__ import annotations

from collections import Counter

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.signals import auto_translation_paused
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

from . import demo_data as data
from .models import HomePage, LibraryContact, PartnerLibraryIndexPage, PartnerLibraryPage

SITE_NAME = "Partner Library Exchange"


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
        existing = self.find(index, PartnerLibraryPage, spec)
        if existing:
            return existing
        page = PartnerLibraryPage(
            source_language=spec["source"],
            city=spec["city"],
            country=spec["country"],
            main_language=spec["main_language"],
            website=spec["website"],
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
            page.attachments = [MeetingAttachment(document=self.attachment())]
        self.add(index, page, spec["key"])
        self.publish(page)

    def attachment(self):
        document_model = get_document_model()
        document = document_model.objects.filter(title=data.ATTACHMENT["title"]).first()
        if document is None:
            document = document_model(title=data.ATTACHMENT["title"])
            document.file.save(
                data.ATTACHMENT["filename"],
                ContentFile(data.ATTACHMENT["text"].encode()),
                save=False,
            )
            document.save()
            self.created["documents"] += 1
        return document

    def trip(self, index, spec, libraries, practices) -> None:
        if self.find(index, ExchangeTripPage, spec):
            return
        page = ExchangeTripPage(
            source_language=spec["source"],
            host_library=libraries[spec["host"]],
            start_date=spec["start_date"],
            end_date=spec["end_date"],
            **_titles_and_slugs(spec),
            **localized("introduction", spec["introduction"]),
            **localized("programme", spec["programme"]),
            **localized("practical_information", spec["practical_information"]),
            **localized("checklist", spec["checklist"]),
        )
        page.practices_to_see = [practices[key] for key in spec["practices"]]
        self.add(index, page, spec["key"])
        self.publish(page)

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
