"""The demo content command: a realistic site, in its source languages, loaded once."""

from io import StringIO

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from exchange_site.translation.models import TranslationStatus
from home.models import HomePage
from libraries.models import PartnerLibraryPage
from meetings.models import ActionItem, ExchangeTripPage, MeetingMinutesPage
from practices.models import PracticePage, SustainableDevelopmentGoal, Topic

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Page,
        PracticePage,
        MeetingMinutesPage,
        ExchangeTripPage,
        PartnerLibraryPage,
        Topic,
        SustainableDevelopmentGoal,
        ActionItem,
        TranslationStatus,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo():
    load()


def test_second_run_creates_nothing(demo):
    before = counts()
    output = load()
    assert counts() == before, f"a second load_demo_content run duplicated content: {output}"
    assert "nothing to do" in output


def test_second_run_keeps_editor_changes(demo):
    practice = PracticePage.objects.get(slug_de="artothek")
    practice.title_de = "Artothek (vom Redaktionsteam geändert)"
    practice.save_revision().publish()
    load()
    practice.refresh_from_db()
    assert practice.title_de == "Artothek (vom Redaktionsteam geändert)", (
        "load_demo_content overwrote an editor's change to a demo page"
    )


def test_the_partnership_is_there(demo):
    assert {lib.city: lib.source_language for lib in PartnerLibraryPage.objects.all()} == {
        "Ballerup": "da",
        "Dresden": "de",
        "Strasbourg": "fr",
    }
    assert Topic.objects.count() == 8, "the topic taxonomy should be seeded with 8 topics"
    assert SustainableDevelopmentGoal.objects.count() == 17
    minutes = MeetingMinutesPage.objects.order_by("date")
    assert [(m.date.isoformat(), m.format, m.host_library.city) for m in minutes] == [
        ("2022-01-14", "online", "Dresden"),
        ("2022-06-13", "on_site", "Dresden"),
        ("2023-02-06", "on_site", "Strasbourg"),
        ("2023-05-11", "online", "Ballerup"),
    ], "the three exchanges and the sustainability follow-up should be minuted"
    assert ExchangeTripPage.objects.get().host_library.city == "Ballerup"
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage), "the site should start at the home page"
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists(), (
        "Wagtail's welcome page should be replaced by the home page"
    )


def test_pages_are_written_in_their_source_language(demo, client):
    danish = client.get("/da/praksisser/verdensmaal-til-hverdagsmaal/")
    assert danish.status_code == 200
    assert "Vi vil gøre verdensmål håndgribelige" in danish.content.decode()

    response = client.get("/en/practices/lesepaten/")  # no English translation
    html = response.content.decode()
    assert "Ehrenamtliche Lesepaten lesen" in html, "untranslated text should fall back to German"
    assert 'lang="de"' in html, "fallback text should carry its language"


DEMO_PAGES = {
    "/en/": "Latest minutes",
    "/en/practices/": "Bibo 7/10",
    "/en/meetings/": "Digitaler Erfahrungsaustausch der Bibliotheken",
    "/fr/reunions/dresde-en-visite-a-strasbourg-2023/": "Comment toucher de nouveaux publics",
    "/da/studieture/studiebesoeg-ballerup-2027/": "Kodeværksted med en skoleklasse",
    "/de/bibliotheken/staedtische-bibliotheken-dresden/": "Kulturpalast",
}


def test_demo_pages_render(demo, client):
    """One load, many pages: loading the demo is the slow part."""
    for url, expected in DEMO_PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert expected in response.content.decode(), f"{url} does not show {expected!r}"


def test_some_pages_wait_for_review(demo):
    drafts = TranslationStatus.objects.filter(state=TranslationStatus.State.MACHINE)
    assert set(drafts.values_list("language", flat=True)) == {"de", "da"}, (
        "the demo should leave German and Danish machine drafts in the review queue"
    )
    drafted = PracticePage.objects.get(slug_da="verdensmaal-til-hverdagsmaal")
    assert drafted.title_en == "Global goals into everyday goals", (
        "drafting German must leave the human English translation alone"
    )
    assert drafted.title_de.startswith("[DE]"), "the German draft should be the pseudo provider's"
