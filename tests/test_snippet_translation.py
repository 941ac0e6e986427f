"""Topics and goals are machine-drafted, reviewed and shown like pages' text."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from exchange_site.translation.models import (
    GlossaryEntry,
    SnippetTranslationStatus,
    TranslationSettings,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage, Topic
from tests import factories
from tests.test_review import make_user
from tests.test_review_screen import editors  # noqa: F401 - fixture

State = TranslationStatus.State


@pytest.fixture
def auto_translate(settings):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }


@pytest.fixture
def topic_reviewer(django_user_model, editors):  # noqa: F811 - the fixture above
    return make_user(django_user_model, "gerda", "review_de", "change_topic", groups=[editors])


@pytest.fixture
def danish_topic(db, auto_translate, django_capture_on_commit_callbacks) -> Topic:
    """A topic an editor saved in Danish; saving queues its drafts (the task runs at once)."""
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic(source_language="da", name_da="Kunstudlån", slug="kunstudlaan")
        topic.full_clean()
        topic.save()
    return Topic.objects.get(pk=topic.pk)


@pytest.fixture
def practice_with_topic(site_tree, danish_library, danish_topic) -> PracticePage:
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Artotek",
        slug="artotek",
        summary=None,
        summary_da="Lån kunst som bøger.",
    )
    page.topics.set([danish_topic])
    page.save_revision().publish()
    translate_page(page, ["de"])
    return PracticePage.objects.get(pk=page.pk)


def snippet_review_url(topic, language="de") -> str:
    return f"/admin/translation/review/snippets/practices/topic/{topic.pk}/{language}/"


def topics_shown(client, page, language: str) -> list[str]:
    with translation.override(language):
        url = page.url
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        item.get_text(strip=True) for item in soup.select("main .facts ul.tags:not(.tags--sdg) li")
    ]


def test_saving_a_danish_topic_drafts_the_other_languages(danish_topic):
    states = dict(
        SnippetTranslationStatus.objects.filter(
            object_id=danish_topic.pk, field="name"
        ).values_list("language", "state")
    )
    assert states == {"de": State.MACHINE, "fr": State.MACHINE, "en": State.MACHINE}, (
        "saving a Danish topic must leave machine drafts in German, French and English"
    )
    assert danish_topic.name_de == "[DE] Kunstudlån", "the German draft must be in its column"
    assert danish_topic.name_da == "Kunstudlån", "the Danish original must stay as written"


def test_the_topic_waits_in_the_review_queue_and_is_approved_there(
    client, topic_reviewer, practice_with_topic, danish_topic
):
    client.force_login(topic_reviewer)
    queue = BeautifulSoup(client.get("/admin/translation/review/").content, "html.parser")
    links = [a["href"] for a in queue.select("[data-snippet] a")]
    assert links == [snippet_review_url(danish_topic)], "the German topic must wait for review"

    screen = client.get(snippet_review_url(danish_topic))
    assert screen.status_code == 200, "the review screen must open for the topic"
    [segment] = screen.context["review"].segments
    assert "Kunstudlån" in screen.content.decode(), "the reviewer must see the Danish original"
    response = client.post(
        snippet_review_url(danish_topic),
        {"action": "save", f"text-{segment.id}": "Kunstverleih", f"accept-{segment.id}": "1"},
    )
    assert response.status_code == 302, "approving the topic must save"
    status = SnippetTranslationStatus.objects.get(
        object_id=danish_topic.pk, field="name", language="de"
    )
    assert status.state == State.REVIEWED and status.reviewed_by == topic_reviewer, (
        "the German name must be reviewed, by the reviewer"
    )
    queue = BeautifulSoup(client.get("/admin/translation/review/").content, "html.parser")
    assert not queue.select("[data-snippet]"), "a reviewed topic leaves the queue"
    client.logout()
    assert topics_shown(client, practice_with_topic, "de") == ["Kunstverleih"], (
        "the German practice page must list the reviewed German topic name"
    )
    assert topics_shown(client, practice_with_topic, "da") == ["Kunstudlån"], "Danish: the original"


def test_hidden_machine_drafts_of_topics_fall_back_to_the_original(
    client, practice_with_topic, danish_topic
):
    settings_row = TranslationSettings.load()
    settings_row.show_machine_drafts = False
    settings_row.save()
    assert topics_shown(client, practice_with_topic, "de") == ["Kunstudlån"], (
        "with machine drafts hidden, German readers see the Danish topic until it is reviewed"
    )
    settings_row.show_machine_drafts = True
    settings_row.save()
    assert topics_shown(client, practice_with_topic, "de") == ["[DE] Kunstudlån"], (
        "with machine drafts shown, German readers see the draft"
    )


def test_reviewing_a_topic_needs_the_language_and_the_right_to_change_topics(
    client,
    django_user_model,
    editors,  # noqa: F811 - the fixture imported above
    danish_topic,
):
    no_topics = make_user(django_user_model, "paul", "review_de", groups=[editors])
    no_german = make_user(django_user_model, "dorte", "review_da", "change_topic")
    for user in (no_topics, no_german):
        client.force_login(user)
        response = client.post(snippet_review_url(danish_topic), {"action": "accept_all"})
        assert response.status_code == 302 and response.url == "/admin/", (
            f"{user.username} must be turned away from reviewing German topics"
        )
    client.force_login(no_topics)
    queue = BeautifulSoup(client.get("/admin/translation/review/").content, "html.parser")
    assert not queue.select("[data-snippet]"), "the queue lists only snippets the user may change"
    assert (
        SnippetTranslationStatus.objects.get(object_id=danish_topic.pk, language="de").state
        == State.MACHINE
    ), "nothing may have been approved"


def test_translate_pages_all_drafts_topics_too(db):
    topic = Topic.objects.create(source_language="fr", name_fr="Prêt d’œuvres", slug="pret")
    call_command("translate_pages", "--all", "--to", "de", "--yes", stdout=StringIO())
    topic.refresh_from_db()
    assert topic.name_de == "[DE] Prêt d’œuvres", "translate_pages --all must draft topics"
    assert not topic.name_en, "only the requested language is drafted"


def test_glossary_notes_are_drafted_like_topic_names(
    db, auto_translate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = GlossaryEntry.objects.create(
            source_language="de", term_de="Lesesaal", note_de="Ein Raum nur zum Lesen."
        )
    entry.refresh_from_db()
    assert entry.note_fr == "[FR] Ein Raum nur zum Lesen.", "the note must be drafted into French"
    assert set(
        SnippetTranslationStatus.objects.filter(object_id=entry.pk, field="note").values_list(
            "language", "state"
        )
    ) == {("da", State.MACHINE), ("fr", State.MACHINE), ("en", State.MACHINE)}, (
        "the note's drafts must wait for review like a page's"
    )
    assert entry.term_fr == "", "terms are the glossary's own data, never machine-translated"
