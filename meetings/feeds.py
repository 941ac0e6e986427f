"""RSS and Atom feeds of new meeting minutes, served from the meeting index page's routes.

A feed is rendered in the language of its URL (``/da/…/feed/rss/`` is Danish), with
the same per-page fallback to the source language as the pages themselves.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language, gettext

from wagtail.models import Page

from exchange_site.core.privacy import visible_to_reader

from .calendar import absolute_url

FEED_LENGTH = 30
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "partner-library-exchange")


class MinutesRssFeed(Feed):
    """The newest minutes first; instantiated per request by ``Page``."""

    feed_type = Rss201rev2Feed
    description_template = "meetings/feeds/minutes_description.html"

    def get_object(self, request: HttpRequest, index: Page) -> Page:
        self.request = request
        return index

    def title(self, index: Page) -> str:
        return f"{index.title} · {gettext('Partner Library Exchange')}"

    def link(self, index: Page) -> str:
        return absolute_url(index, self.request)

    def description(self, index: Page) -> str:
        return index.introduction or gettext("New minutes of the partner libraries' meetings.")

    def feed_url(self, index: Page) -> str:
        return self.request.build_absolute_uri()

    def items(self, index: Page) -> QuerySet[Page]:
        return index.minutes(self.request).order_by("-date", "-first_published_at", "-pk")[
            :FEED_LENGTH
        ]

    def item_title(self, item: Page) -> str:
        return item.title

    def item_link(self, item: Page) -> str:
        return absolute_url(item, self.request)

    def item_guid(self, item: Page) -> str:
        """Stable per page and language, unlike the URL, which changes with a translated slug."""
        return uuid.uuid5(GUID_NAMESPACE, f"meeting-{item.pk}/{get_language()}").urn

    item_guid_is_permalink = False

    def item_pubdate(self, item: Page) -> datetime.datetime:
        if item.first_published_at:
            return item.first_published_at
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item: Page) -> datetime.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: Page) -> str | None:
        return (
            item.host_library.title if visible_to_reader(item.host_library, self.request) else None
        )

    def item_categories(self, item: Page) -> list[str]:
        return [str(item.get_format_display())]


class MinutesAtomFeed(MinutesRssFeed):
    """The same items as Atom 1.0 (``subtitle`` is Atom's name for the description)."""

    feed_type = Atom1Feed

    def subtitle(self, index: Page) -> str:
        return self.description(index)
