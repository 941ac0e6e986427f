"""Shared fixtures: a small site tree built with factories (never the demo content)."""

from dataclasses import dataclass

import pytest
from django.utils import translation

from wagtail.models import Page, Site

from home.models import HomePage, PartnerLibraryIndexPage
from meetings.models import ExchangeTripIndexPage, MeetingIndexPage
from practices.models import PracticeIndexPage

from . import factories


@dataclass
class SiteTree:
    home: HomePage
    libraries: PartnerLibraryIndexPage
    practices: PracticeIndexPage
    meetings: MeetingIndexPage
    trips: ExchangeTripIndexPage


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests start in the site's default language, whatever ran before them."""
    with translation.override("en"):
        yield


@pytest.fixture
def site_tree(db) -> SiteTree:
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, source_language="en")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return SiteTree(
        home=home,
        libraries=factories.PartnerLibraryIndexPageFactory(parent=home, show_in_menus=True),
        practices=factories.PracticeIndexPageFactory(parent=home, show_in_menus=True),
        meetings=factories.MeetingIndexPageFactory(parent=home, show_in_menus=True),
        trips=factories.ExchangeTripIndexPageFactory(parent=home, show_in_menus=True),
    )


@pytest.fixture
def dresden(site_tree):
    """A library page written in German only."""
    return factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        source_language="de",
        title=None,
        title_de="Städtische Bibliotheken Dresden",
        slug="bibo-dresden",
        city="Dresden",
        profile_de="<p>Die Städtischen Bibliotheken Dresden.</p>",
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
