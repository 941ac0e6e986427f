"""The site search understands four languages, and tells nothing about private pages.

The quality set (``tests/search_quality.py``) runs on the demo content: every
expected page must be in the top 3 (for a typo: of the query "Did you mean"
offers). Hits in the top 3 and the mean reciprocal rank are printed
(``pytest -s``). The other tests build small trees with factories.
"""

from __future__ import annotations

import datetime
import re

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone, translation

from wagtail.models import Page, PageViewRestriction

import pytest

from exchange_site.core.privacy import reader_pages
from exchange_site.core.registry import translation_state_changed
from exchange_site.search import engine
from exchange_site.search.models import IndexedWord
from exchange_site.translation.models import TranslationStatus
from practices.models import PracticePage
from tests import factories
from tests.search_quality import CASES, Case

pytestmark = pytest.mark.django_db

TOP = 3


def demo_page_id(slug: str) -> int:
    slugs = Q(slug_en=slug) | Q(slug_da=slug) | Q(slug_de=slug) | Q(slug_fr=slug)
    return Page.objects.get(slugs).pk


def ranked_ids(case: Case) -> tuple[list[int], str | None]:
    """The anonymous reader's ranking for the case, after following "Did you mean" for typos."""
    with translation.override(case.language):
        visible = reader_pages().for_reader(None)
        outcome = engine.run(case.query, visible, case.language, hide_drafts=False)
        if case.kind == "typo":
            assert outcome.suggestion, f"{case.label}: no “Did you mean” for a typo"
            outcome = engine.run(outcome.suggestion, visible, case.language, hide_drafts=False)
    return [result.page.pk for result in outcome.results], outcome.suggestion


def test_search_quality_on_the_demo_content():
    call_command("load_demo_content", verbosity=0)
    assert len(CASES) >= 30, "the quality set should have at least 30 queries"
    assert {case.language for case in CASES} == {"en", "da", "de", "fr"}
    misses, reciprocal_ranks = [], []
    for case in CASES:
        ids, _suggestion = ranked_ids(case)
        for slug in case.expected:
            expected = demo_page_id(slug)
            rank = ids.index(expected) + 1 if expected in ids else None
            reciprocal_ranks.append(1 / rank if rank else 0.0)
            if rank is None or rank > TOP:
                misses.append(f"{case.label}: {slug} at rank {rank}")
    hits = len(reciprocal_ranks) - len(misses)
    mrr = sum(reciprocal_ranks) / len(reciprocal_ranks)
    print(  # noqa: T201 - the figures this test exists for
        f"\nsearch quality: {len(CASES)} queries, {hits}/{len(reciprocal_ranks)} expected pages "
        f"in the top {TOP}, mean reciprocal rank {mrr:.3f}"
    )
    assert not misses, "expected pages missing from the top 3:\n" + "\n".join(misses)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def test_matched_words_are_highlighted_and_everything_else_escaped(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        title="Zeppelin workshop",
        summary='Build a <script>alert("x")</script> <b>zeppelin</b> & fly Zeppelins.',
    )
    html = html_of(client, "/en/search/?q=zeppelin")
    snippet = re.search(r'<p class="search-snippet" lang="en">(.*?)</p>', html, re.S)
    assert snippet, "a result should have a snippet in English"
    assert "<mark>zeppelin</mark>" in snippet.group(1), "the matched word should be marked"
    assert "<mark>Zeppelins</mark>" in snippet.group(1), "an inflected form should be marked too"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in snippet.group(1), (
        "markup in the text should be shown as text"
    )
    assert "<script>alert" not in html and "<b>zeppelin" not in html, "no markup may get through"
    hostile = html_of(client, "/en/search/?q=%3Cmark%3Ezeppelin%3C%2Fmark%3E")
    assert "&lt;mark&gt;zeppelin" in hostile, "the query itself is escaped where it is shown"


def test_private_pages_never_appear_in_results_snippets_or_suggestions(
    client, site_tree, dresden, reader
):
    private = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        title="Members only",
        summary="The quokkaboard meets on Tuesdays.",
    )
    factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Public", summary="Open to all."
    )
    factories.PageViewRestrictionFactory(page=private, restriction_type=PageViewRestriction.LOGIN)
    for query in ("quokkaboard", "quokkabord", "quokaboard members"):
        html = html_of(client, f"/en/search/?q={query}")
        assert "quokkaboard" not in html.replace(query, ""), (
            f"anonymous search for {query!r} should neither find, quote nor suggest a private word"
        )
        assert "Members only" not in html, f"{query!r} listed a private page"
    client.force_login(reader)
    assert "Members only" in html_of(client, "/en/search/?q=quokkaboard"), (
        "a reader who passes the restriction should find the page"
    )
    suggestion = html_of(client, "/en/search/?q=quokkabord")
    assert "Did you mean" in suggestion and "q=quokkaboard" in suggestion, (
        "a reader who may see the page gets its word suggested"
    )


def test_did_you_mean_links_to_the_corrected_query_and_keeps_filters(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Sustainability", summary="Energy."
    )
    capitalised = html_of(client, "/en/search/?q=Sustainabilty")
    assert "<strong>Sustainability</strong>" in capitalised, (
        "the suggestion should be capitalised the way the reader typed the word"
    )
    html = html_of(client, "/en/search/?q=sustainabilty&country=DE")
    link = re.search(r'Did you mean <a href="\?([^"]+)"', html)
    assert link, "a typo should offer a corrected query"
    assert link.group(1) == "q=sustainability&amp;country=DE", f"suggestion link: {link.group(1)}"
    assert "Did you mean" not in html_of(client, "/en/search/?q=sustainability"), (
        "a query that finds its words needs no suggestion"
    )


def test_the_readers_language_ranks_first_then_recency(site_tree, dresden):
    translated = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="makerspace-translated",
        title_de="Makerspace",
        title_fr="Espace makerspace",
        summary=None,
        summary_de="Werkstatt.",
        summary_fr="Atelier.",
    )
    german_only = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="makerspace-neustadt",
        title_de="Makerspace Neustadt",
        summary=None,
        summary_de="Werkstatt.",
    )
    now = timezone.now()
    Page.objects.filter(pk=translated.pk).update(last_published_at=now - datetime.timedelta(7))
    Page.objects.filter(pk=german_only.pk).update(last_published_at=now)
    visible = reader_pages().for_reader(None)
    french = engine.run("makerspace", visible, "fr", hide_drafts=False)
    assert [r.page.pk for r in french.results] == [translated.pk, german_only.pk], (
        "a page translated into the reader's language should rank above a newer fallback"
    )
    assert french.results[0].snippet.language == "fr", "the snippet is in the reader's language"
    german = engine.run("makerspace", visible, "de", hide_drafts=False)
    assert [r.page.pk for r in german.results] == [german_only.pk, translated.pk], (
        "within the reader's language, the most recently published page comes first"
    )


def test_the_index_follows_edits_and_translation_states(site_tree, dresden):
    practice = factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Hub", summary="Origami corner."
    )
    visible = reader_pages().for_reader(None)
    assert engine.run("origami", visible, "en", hide_drafts=False).results, "found at first"
    practice.summary = "Calligraphy corner."
    practice.save()
    assert not engine.run("origami", visible, "en", hide_drafts=False).results, (
        "an edited page should not be found by its old words"
    )
    assert engine.run("calligraphy", visible, "en", hide_drafts=False).results, (
        "an edited page should be found by its new words"
    )
    assert IndexedWord.objects.filter(page=practice).exists()
    translation_state_changed.send(sender=None, page_id=practice.pk)
    assert not IndexedWord.objects.filter(page=practice).exists(), (
        "a change of translation states should make the page's index stale"
    )


def test_unreviewed_machine_drafts_are_not_matched_when_hidden(danish_practice):
    danish_practice.summary_de = "Maschinell übersetzter Entwurf über Nachhaltigkeitsziele."
    danish_practice.save()
    TranslationStatus.objects.create(
        page=danish_practice, field="summary", language="de", state=TranslationStatus.State.MACHINE
    )
    translation_state_changed.send(sender=None, page_id=danish_practice.pk)
    visible = PracticePage.objects.for_reader(None)
    assert engine.run("Entwurf", visible, "de", hide_drafts=False).results, (
        "a machine draft readers are shown is searchable"
    )
    assert not engine.run("Entwurf", visible, "de", hide_drafts=True).results, (
        "a hidden machine draft must not be found"
    )


def test_results_come_before_the_collapsed_filters(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Gaming corner", summary="Games."
    )
    html = html_of(client, "/en/search/?q=gaming")
    results = html.index('class="search-results"')
    filters = html.index('<details class="search-filters"')
    assert results < filters, "on a phone the results must come before the filters"
    assert '<details class="search-filters">' in html, "filters start collapsed"
    filtered = html_of(client, "/en/search/?q=gaming&country=DE")
    assert '<details class="search-filters" open>' in filtered, "active filters stay open"


def test_did_you_mean_is_one_sentence_in_the_readers_language(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices, library=dresden, title="Tournoi", summary="Un tournoi."
    )
    html = html_of(client, "/fr/search/?q=tournio")
    sentence = re.search(r'<p class="search-suggestion">(.*?)</p>', html, re.S)
    assert sentence, "a typo should offer a correction"
    assert sentence.group(1) == (
        'Vouliez-vous dire <a href="?q=tournoi" rel="nofollow"><strong>tournoi</strong></a>\u00a0?'
    ), f"French puts a no-break space before the question mark: {sentence.group(1)!r}"


def test_snippets_keep_line_breaks_apart(client, site_tree, dresden):
    factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        title="Reading",
        summary="Reading clubs for children\nInteractive stories.\nAudio books",
    )
    html = html_of(client, "/en/search/?q=interactive")
    snippet = re.search(r'<p class="search-snippet" lang="en">(.*?)</p>', html, re.S)
    assert snippet, "a result should have a snippet"
    assert snippet.group(1) == (
        "Reading clubs for children · <mark>Interactive</mark> stories. Audio books"
    ), f"a line break should not run two lines into one sentence: {snippet.group(1)!r}"


def test_spelled_out_letters_find_the_written_ones_and_back(site_tree, dresden, danish_practice):
    """ß/ss, æ/ae, ø/oe, å/aa, ä/ae, ö/oe, ü/ue are one letter to the search, either way round."""
    german = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="grosse-uebersicht",
        title_de="Große Übersicht",
        summary=None,
        summary_de="Ärmel, Öffnungszeiten und die Schlossstraße.",
    )
    danish_practice.summary_da = "Blåbær, søer og ærter til læseklubben."
    danish_practice.save()
    visible = reader_pages().for_reader(None)
    for query, page in [
        ("grosse", german),
        ("Uebersicht", german),
        ("aermel", german),
        ("Oeffnungszeit", german),
        ("Schloßstraße", german),
        ("blaabaer", danish_practice),
        ("soeer", danish_practice),
        ("aerter", danish_practice),
    ]:
        found = [r.page.pk for r in engine.run(query, visible, "en", hide_drafts=False).results]
        assert found == [page.pk], f"{query!r} should find {page.slug} only, found {found}"


def test_a_reviewed_translation_ranks_above_a_newer_machine_draft(site_tree, dresden):
    reviewed, drafted = (
        factories.PracticePageFactory(
            parent=site_tree.practices,
            library=dresden,
            source_language="de",
            title=None,
            slug=slug,
            title_de="Lesecafé",
            title_fr="Café lecture",
            summary=None,
            summary_de="Ein Lesecafé.",
            summary_fr="Un café lecture.",
        )
        for slug in ("reviewed", "drafted")
    )
    for field in ("title", "summary"):
        TranslationStatus.objects.create(
            page=drafted, field=field, language="fr", state=TranslationStatus.State.MACHINE
        )
    translation_state_changed.send(sender=None, page_id=drafted.pk)
    now = timezone.now()
    Page.objects.filter(pk=reviewed.pk).update(last_published_at=now - datetime.timedelta(30))
    Page.objects.filter(pk=drafted.pk).update(last_published_at=now)
    visible = reader_pages().for_reader(None)
    found = [r.page.pk for r in engine.run("café", visible, "fr", hide_drafts=False).results]
    assert found == [reviewed.pk, drafted.pk], (
        "a French reader should see the reviewed French page above a newer machine draft"
    )
