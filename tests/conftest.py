"""Shared fixtures: a small site tree built with factories (never the demo content)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from wagtail.models import Page, Site

import pytest

from exchange_site.translation.providers import reset_providers
from home.models import HomePage
from libraries.models import PartnerLibraryIndexPage
from meetings.models import ExchangeTripIndexPage, MeetingIndexPage
from practices.models import PracticeIndexPage

from . import factories
from .browser import chromium_page
from .provider_server import ProviderServer


def pytest_report_header(config) -> str:
    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@dataclass
class SiteTree:
    home: HomePage
    libraries: PartnerLibraryIndexPage
    practices: PracticeIndexPage
    meetings: MeetingIndexPage
    trips: ExchangeTripIndexPage


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached settings must not leak from one test's (rolled back) database to the next."""
    cache.clear()


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
def danish_library(site_tree):
    """Ballerup's profile, written in Danish only."""
    return factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        source_language="da",
        title=None,
        title_da="Ballerup Bibliotekerne",
        slug="ballerup",
        city="Ballerup",
        country="DK",
        main_language="da",
    )


@pytest.fixture
def danish_practice(site_tree, danish_library):
    """A practice written in Danish only, with inline markup in its body."""
    return factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Verdensmål til hverdagsmål",
        slug="verdensmaal",
        summary=None,
        summary_da="Vi gør verdensmålene håndgribelige i borgernes hverdag.",
        body=None,
        body_da=[("paragraph", "<p>Bæredygtighed tænkes ind i <b>husenes</b> drift.</p>")],
    )


@pytest.fixture
def board(db) -> Group:
    """A group view restrictions can name."""
    return Group.objects.create(name="Board")


@pytest.fixture
def reader(django_user_model, board):
    """A logged-in reader (no admin access) in the Board group."""
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    user.groups.add(board)
    return user


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def latest_schema_afterwards():
    """Migration tests move the schema back: bring it forward to the newest migrations after
    the test, so later tests in the same process find every table and column."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(scope="session")
def provider_server():
    """One loopback translation server for the whole run (see tests/provider_server.py)."""
    server = ProviderServer(hang_seconds=3.0).start()
    yield server
    server.stop()


LOOPBACK_OPTIONS = {"TIMEOUT": 0.5, "RETRIES": 2, "BACKOFF": 0.01}


@pytest.fixture
def loopback(provider_server, settings, monkeypatch):
    """Point every real provider at the loopback server, with short timeouts for tests."""
    provider_server.reset()
    monkeypatch.setenv("TEST_LIBRE_URL", provider_server.url)
    monkeypatch.setenv("TEST_LIBRE_KEY", "libre-secret-key")
    monkeypatch.setenv("TEST_DEEPL_KEY", provider_server.deepl_key)
    monkeypatch.setenv("TEST_DEEPL_URL", provider_server.url)
    monkeypatch.setenv("TEST_MS_KEY", "microsoft-secret-key")
    monkeypatch.setenv("TEST_LLM_URL", f"{provider_server.url}/v1")
    monkeypatch.setenv("TEST_LLM_MODEL", "test-model")
    monkeypatch.setenv("TEST_LLM_KEY", provider_server.llm_key)
    base = "exchange_site.translation.providers"
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "DEFAULT": "libretranslate",
        "PROVIDERS": {
            "pseudo": {"CLASS": f"{base}.pseudo.PseudoTranslator"},
            "libretranslate": {
                "CLASS": f"{base}.deep_translator.LibreTranslateTranslator",
                "OPTIONS": LOOPBACK_OPTIONS
                | {"URL_ENV": "TEST_LIBRE_URL", "API_KEY_ENV": "TEST_LIBRE_KEY"},
            },
            "deepl": {
                "CLASS": f"{base}.deepl.DeepLTranslator",
                "OPTIONS": LOOPBACK_OPTIONS
                | {"API_KEY_ENV": "TEST_DEEPL_KEY", "SERVER_URL_ENV": "TEST_DEEPL_URL"},
            },
            "google": {
                "CLASS": f"{base}.deep_translator.GoogleTranslator",
                "OPTIONS": LOOPBACK_OPTIONS | {"URL": f"{provider_server.url}/m"},
            },
            "mymemory": {
                "CLASS": f"{base}.deep_translator.MyMemoryTranslator",
                "OPTIONS": LOOPBACK_OPTIONS | {"URL": f"{provider_server.url}/get"},
            },
            "microsoft": {
                "CLASS": f"{base}.deep_translator.MicrosoftTranslator",
                "OPTIONS": LOOPBACK_OPTIONS
                | {"API_KEY_ENV": "TEST_MS_KEY", "URL": f"{provider_server.url}/microsoft"},
            },
            "llm": {
                "CLASS": f"{base}.llm.OpenAICompatibleTranslator",
                "OPTIONS": LOOPBACK_OPTIONS
                | {
                    "URL_ENV": "TEST_LLM_URL",
                    "MODEL_ENV": "TEST_LLM_MODEL",
                    "API_KEY_ENV": "TEST_LLM_KEY",
                    "BATCH_SIZE": 20,
                },
            },
        },
    }
    reset_providers()
    yield provider_server
    reset_providers()


@pytest.fixture
def browser_page(monkeypatch, request):
    """A Chromium page for tests that also use ``live_server``.

    Indirect parametrisation may give the browser's locale (Accept-Language).
    """
    pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop running in this thread; the ORM
    # calls the test makes meanwhile are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium_page(locale=getattr(request, "param", "en-GB")) as page:
        yield page
