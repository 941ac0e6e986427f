"""The review screen's one-segment re-translation sends text exactly as the pipeline does.

Both go through ``machine.SegmentTranslator``: glossary terms and addresses
travel as placeholders, invisible controls a provider adds are removed, and
the placeholders must come back intact.
"""

import pytest

from exchange_site.translation.errors import MarkupMismatch
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.review import PageReview
from practices.models import PracticePage
from tests import factories

from .provider_server import BIDI, ZERO_WIDTH

PARAGRAPHS = [
    "<p>Die <b>Artothek</b> verleiht Kunstwerke wie Bücher.</p>",
    "<p>Bibo 7/10 öffnet sonntags, Fragen an info@bibo.example.org.</p>",
]


@pytest.fixture
def practice(site_tree, dresden):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        title_de="Lesen",
        slug="lesen",
        summary=None,
        summary_de="Kunst ausleihen.",
        body=None,
        body_de=[("paragraph", text) for text in PARAGRAPHS],
    )
    page.save_revision().publish()
    return page


def segment(review: PageReview, segment_id: str):
    return next(s for s in review.segments if s.id == segment_id)


def test_retranslation_gives_the_pipelines_draft(practice):
    translate_page(practice, ["fr"])
    review = PageReview(PracticePage.objects.get(pk=practice.pk), "fr")
    drafted = {s.id: s.draft for s in review.segments}
    for item in review.segments:
        review.retranslate(item.id, "pseudo")
    assert {s.id: s.draft for s in review.segments} == drafted
    assert segment(review, "body:0:0").draft_display == (
        "[FR] Die <b>artothèque</b> verleiht Kunstwerke wie Bücher."
    ), "the glossary's rendering, inside the source's markup"


def test_retranslation_sends_glossary_terms_and_addresses_as_placeholders(loopback, practice):
    translate_page(practice, ["fr"], provider="pseudo")
    review = PageReview(PracticePage.objects.get(pk=practice.pk), "fr")
    loopback.received.clear()
    review.retranslate("body:0:0", "libretranslate")
    review.retranslate("body:1:0", "libretranslate")
    sent = " ".join(text for request in loopback.received for text in request.texts)
    assert "Artothek" not in sent and "Bibo 7/10" not in sent, f"terms were sent: {sent}"
    assert "info@bibo.example.org" not in sent, f"the address was sent: {sent}"
    assert segment(review, "body:0:0").draft_display == (
        "&lt;fr&gt; Die <b>artothèque</b> verleiht Kunstwerke wie Bücher."
    )
    assert segment(review, "body:1:0").draft_display == (
        "&lt;fr&gt; Bibo 7/10 öffnet sonntags, Fragen an info@bibo.example.org."
    )


def test_retranslation_removes_invisible_controls_the_provider_added(loopback, practice):
    translate_page(practice, ["fr"], provider="pseudo")
    review = PageReview(PracticePage.objects.get(pk=practice.pk), "fr")
    loopback.set_fault("bidi")
    review.retranslate("summary:0:0", "libretranslate")
    draft = segment(review, "summary:0:0").draft
    assert BIDI not in draft and ZERO_WIDTH not in draft, repr(draft)
    assert draft == "<fr> Kunst ausleihen."


def test_retranslation_refuses_an_answer_without_the_placeholders(loopback, practice):
    translate_page(practice, ["fr"], provider="pseudo")
    review = PageReview(PracticePage.objects.get(pk=practice.pk), "fr")
    before = segment(review, "body:0:0").draft
    loopback.set_fault("drop_markup")
    with pytest.raises(MarkupMismatch):
        review.retranslate("body:0:0", "libretranslate")
    assert segment(review, "body:0:0").draft == before
