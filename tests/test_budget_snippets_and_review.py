"""Snippet drafts and the review screen's one-segment re-translation spend the monthly
budgets like page jobs; a snippet's translation typed by hand in its edit form is a person's.

Providers are the loopback server (``tests/provider_server.py``): "nothing was sent" is what
that server received.
"""

import io

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

import pytest
from bs4 import BeautifulSoup

from exchange_site.translation.budget import spent
from exchange_site.translation.models import ProviderUsage, SnippetTranslationStatus
from exchange_site.translation.models import TranslationStatus as Status
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.snippets import estimate_snippet_characters, translate_snippet
from practices.models import PracticePage, Topic
from tests import factories
from tests.test_translation_budget import set_budget, spend

State = Status.State


@pytest.fixture
def auto_translate(settings, loopback):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }


def save_danish_topic(capture, name: str = "Kunstudlån") -> Topic:
    """An editor saves a Danish topic; the drafts are queued on commit (the task runs at once)."""
    with capture(execute=True):
        topic = Topic(source_language="da", name_da=name, slug="kunstudlaan")
        topic.save()
    return Topic.objects.get(pk=topic.pk)


def topic_states(topic: Topic) -> dict[str, str]:
    return dict(
        SnippetTranslationStatus.objects.filter(object_id=topic.pk, field="name").values_list(
            "language", "state"
        )
    )


# --- snippets spend the budget ----------------------------------------------------------------


def test_a_saved_topic_over_the_budget_sends_nothing(
    db, auto_translate, loopback, django_capture_on_commit_callbacks
):
    set_budget("libretranslate", 1000)
    spend("libretranslate", 1000)
    topic = save_danish_topic(django_capture_on_commit_callbacks)
    assert loopback.received == [], "a topic over the budget sent text to the provider"
    assert topic.name_de is None, "a refused topic got a German draft"
    assert topic_states(topic) == {}, "a refused topic got machine statuses"
    assert spent("libretranslate") == 1000, "a refusal spent characters"


def test_a_saved_topic_spends_what_it_sent_and_the_report_counts_it(
    db, auto_translate, loopback, admin_client, django_capture_on_commit_callbacks
):
    set_budget("libretranslate", 10_000)
    topic = save_danish_topic(django_capture_on_commit_callbacks)
    assert topic.name_de == "<de> Kunstudlån", "the topic's German draft is missing"
    assert loopback.characters > 0, "the provider received nothing"
    assert spent("libretranslate") == loopback.characters, (
        f"the budget counts {spent('libretranslate')} characters, "
        f"the provider received {loopback.characters}"
    )
    assert ProviderUsage.objects.filter(settled=True).count() == 1, "one settled usage record"
    html = admin_client.get(reverse("translation_usage")).content.decode()
    cells = [td.get_text(strip=True) for td in BeautifulSoup(html, "html.parser").select("td")]
    assert str(loopback.characters) in cells, (
        f"the usage report should show the {loopback.characters} characters sent: {cells}"
    )


def test_translate_pages_all_refuses_topics_over_the_budget_and_says_why(db, loopback):
    topic = Topic.objects.create(source_language="fr", name_fr="Prêt d’œuvres", slug="pret")
    needed = estimate_snippet_characters(topic, ["de"])["libretranslate"]
    assert needed > 0, "the topic's name costs characters"
    set_budget("libretranslate", 100_000)
    spend("libretranslate", 100_000)
    with pytest.raises(CommandError) as refused:
        call_command("translate_pages", "--all", "--to", "de", "--yes", stdout=io.StringIO())
    assert "Prêt d’œuvres" in str(refused.value), str(refused.value)
    assert "Refused before sending anything" in str(refused.value), (
        f"the command should say the topic was refused for the budget: {refused.value}"
    )
    assert loopback.received == [], "topics over the budget were sent"
    topic.refresh_from_db()
    assert topic.name_de is None, "a refused topic got a German draft"


# --- the review screen's "Re-translate" ---------------------------------------------------------


@pytest.fixture
def german_practice(site_tree, dresden, loopback):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        title_de="Lesen",
        slug="lesen",
        summary=None,
        summary_de="Kunst ausleihen wie Bücher.",
    )
    page.save_revision().publish()
    translate_page(page, ["fr"], provider="pseudo")
    loopback.received.clear()
    return PracticePage.objects.get(pk=page.pk)


def review_form(client, page) -> tuple[str, dict]:
    url = f"/admin/translation/review/{page.pk}/fr/"
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("textarea", attrs={"name": "text-title:0:0"}).find_parent("form")
    return url, querydict_from_html(str(form)).dict()


def test_re_translating_a_segment_over_the_budget_is_refused_and_keeps_the_edits(
    admin_client, german_practice, loopback
):
    set_budget("libretranslate", 1000)
    spend("libretranslate", 1000)
    url, form = review_form(admin_client, german_practice)
    form["text-title:0:0"] = "Lire, revu à la main"
    response = admin_client.post(
        url,
        form | {"action": "retranslate:summary:0:0", "provider": "libretranslate"},
    )
    assert response.status_code == 200, f"the review screen answered {response.status_code}"
    assert loopback.received == [], "an over-budget re-translation reached the provider"
    soup = BeautifulSoup(response.content, "html.parser")
    shown = soup.get_text(" ", strip=True)
    assert "Not translated again" in shown and "Refused before sending anything" in shown, (
        "the reviewer should be told the re-translation was refused for the budget"
    )
    assert soup.find("textarea", attrs={"name": "text-title:0:0"}).get_text() == (
        "Lire, revu à la main"
    ), "the reviewer's edit of another segment was lost"
    assert spent("libretranslate") == 1000, "a refusal spent characters"


def test_re_translating_a_segment_is_counted(admin_client, german_practice, loopback):
    set_budget("libretranslate", 1000)
    url, form = review_form(admin_client, german_practice)
    response = admin_client.post(
        url, form | {"action": "retranslate:summary:0:0", "provider": "libretranslate"}
    )
    assert response.status_code == 200, f"the review screen answered {response.status_code}"
    assert loopback.received, "the re-translation should reach the provider"
    assert spent("libretranslate") == loopback.characters > 0, (
        f"the budget counts {spent('libretranslate')} characters, "
        f"the provider received {loopback.characters}"
    )


# --- a hand-written translation in the snippet form ------------------------------------------


def test_a_name_typed_in_the_topic_form_is_reviewed_and_kept(
    db, admin_client, loopback, django_capture_on_commit_callbacks
):
    """Without automatic translation on save, nothing but the save itself can tell."""
    topic = Topic.objects.create(source_language="da", name_da="Kunstudlån", slug="kunstudlaan")
    translate_snippet(topic, ["de"])
    assert topic_states(topic)["de"] == State.MACHINE, "the German name starts as a draft"
    url = f"/admin/snippets/practices/topic/edit/{topic.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    form = querydict_from_html(
        str(soup.find("input", attrs={"name": "name_de"}).find_parent("form"))
    )
    data = form.dict() | {"name_de": "Kunstverleih"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, f"the topic form refused the save: {response.status_code}"
    assert topic_states(topic)["de"] == State.REVIEWED, (
        "a German name typed by an editor must count as reviewed, not as a machine draft"
    )
    queue = admin_client.get("/admin/translation/review/").content.decode()
    assert f"/snippets/practices/topic/{topic.pk}/de/" not in queue, (
        "the hand-written German name should not wait for review"
    )
    topic.refresh_from_db()
    topic.name_da = "Kunstudlån for alle"  # the source changes: the next run must not overwrite
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    call_command("translate_pages", "--all", "--to", "de", "--yes", stdout=io.StringIO())
    assert Topic.objects.get(pk=topic.pk).name_de == "Kunstverleih", (
        "a machine run overwrote the German name an editor wrote"
    )
