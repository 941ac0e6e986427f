"""Reviewing an outdated translation: what changed, the earlier wording, keep / edit / replace."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest
from bs4 import BeautifulSoup

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationMemoryEntry, TranslationStatus
from practices.models import PracticePage
from tests import factories
from tests.test_review import make_user

State = TranslationStatus.State
FIRST, SECOND, THIRD = "body:0:0", "body:0:1", "body:0:2"
REVIEWED_WORDING = {
    FIRST: "Wir lesen Kindern <b>laut</b> vor.",
    SECOND: "Jeden Dienstag<br/>um 10 Uhr.",
    THIRD: "Alle sind willkommen.",
}
#: The same wording as the review form posts it: marks as the source's numbered tokens.
POSTED_WORDING = {
    FIRST: "Wir lesen Kindern [1]laut[/1] vor.",
    SECOND: "Jeden Dienstag[1]um 10 Uhr.",
    THIRD: "Alle sind willkommen.",
}


def danish_body(day: str) -> list:
    return [
        (
            "paragraph",
            f"<p>Vi læser <b>højt</b> for børn.</p><p>Hver {day}<br/>kl. 10.</p>"
            "<p>Alle er velkomne.</p>",
        )
    ]


def review_url(page) -> str:
    return f"/admin/translation/review/{page.pk}/de/"


def shown_texts(response) -> dict[str, str]:
    """What the review form's editors hold, as a browser would post them."""
    return {f"text-{s.id}": s.text for s in response.context["review"].segments}


def body_status(page) -> TranslationStatus:
    return TranslationStatus.objects.get(page=page, language="de", field="body")


def body_de(page) -> str:
    return PracticePage.objects.get(pk=page.pk).body_de[0].value.source


@pytest.fixture
def reviewer(django_user_model, site_tree):
    group = Group.objects.create(name="Review history editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=site_tree.home, permission=Permission.objects.get(codename=codename)
        )
    return make_user(django_user_model, "gerda", "review_de", groups=[group])


@pytest.fixture
def outdated(client, reviewer, site_tree, danish_library):
    """A German translation reviewed with the reviewer's own wording, then the source's
    second paragraph changed and the job run again."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Højtlæsning",
        slug="hoejtlaesning",
        summary=None,
        summary_da="Vi læser højt.",
        body=None,
        body_da=danish_body("tirsdag"),
    )
    page.save_revision().publish()
    run_job(create_job(page, ["de"]).pk)
    client.force_login(reviewer)
    shown = client.get(review_url(page))
    own_wording = {f"text-{key}": text for key, text in POSTED_WORDING.items()}
    response = client.post(
        review_url(page),
        shown_texts(shown) | own_wording | {"action": "accept_all", "confirm_unedited": "1"},
    )
    assert response.status_code == 302, "the first review is saved"
    assert body_status(page).state == State.REVIEWED
    page = PracticePage.objects.get(pk=page.pk)
    page.body_da = danish_body("onsdag")
    page.save_revision().publish()
    run_job(create_job(page, ["de"]).pk)
    assert body_status(page).state == State.OUTDATED, "the source changed after the review"
    return page


def test_outdated_field_shows_plain_word_diff_earlier_wording_and_new_draft(client, outdated):
    html = client.get(review_url(outdated)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    field = soup.select_one('section[data-field="body"]')
    diff = field.select_one(".source-diff p")
    assert diff is not None, "an outdated field says what changed in the source"
    assert "<del>tirsdag</del>" in str(diff) and "<ins>onsdag</ins>" in str(diff), str(diff)
    assert "Vi læser højt for børn." in diff.get_text(), f"plain words: {diff}"
    for placeholder in ("<g1>", "</g1>", "<x2/>", "&lt;g", "&lt;/g", "&lt;x"):
        assert placeholder not in str(diff), f"no internal placeholder {placeholder} in {diff}"
    second = field.select_one(f'[data-segment="{SECOND}"]')
    earlier = second.select_one(".earlier")
    assert earlier is not None and "Jeden Dienstag" in earlier.decode_contents(), (
        f"the reviewer's earlier wording of the changed paragraph is shown: {second}"
    )
    assert second.select_one(".draft .text").decode_contents() == "[DE] Hver onsdag<br/>kl. 10.", (
        "the new machine draft is shown beside it"
    )
    assert second.select_one("textarea").get_text() == "Jeden Dienstag[1]um 10 Uhr.", (
        "the editor starts from the reviewer's wording"
    )
    first = field.select_one(f'[data-segment="{FIRST}"]')
    assert "Unchanged in the source since the review" in first.get_text(), (
        "unchanged paragraphs are marked as still approved"
    )


def test_keeping_the_earlier_wording_stores_it_and_marks_reviewed(client, reviewer, outdated):
    shown = client.get(review_url(outdated))
    response = client.post(
        review_url(outdated),
        shown_texts(shown) | {"action": "save", f"accept-{SECOND}": "1"},
    )
    assert response.status_code == 302, "keeping needs no confirmation: it is a person's wording"
    assert body_de(outdated) == "".join(f"<p>{text}</p>" for text in REVIEWED_WORDING.values()), (
        "the earlier wording is kept for the changed paragraph, and the unchanged ones stay"
    )
    status = body_status(outdated)
    assert status.state == State.REVIEWED and status.reviewed_by == reviewer
    assert status.pending_draft is None
    assert TranslationMemoryEntry.objects.filter(
        origin="reviewed", target_language="de", source_text="Hver onsdag<x1/>kl. 10."
    ).values_list("target_text", flat=True)[0] == ("Jeden Dienstag<x1/>um 10 Uhr."), (
        "the kept wording now translates the new source in the memory"
    )


def test_replacing_with_the_new_draft(client, outdated):
    shown = client.get(review_url(outdated))
    filled = client.post(review_url(outdated), shown_texts(shown) | {"action": f"draft:{SECOND}"})
    texts = shown_texts(filled)
    assert texts[f"text-{SECOND}"] == "[DE] Hver onsdag[1]kl. 10.", "the draft fills the editor"
    assert body_status(outdated).state == State.OUTDATED, "filling the editor saves nothing"
    response = client.post(
        review_url(outdated),
        texts | {"action": "save", f"accept-{SECOND}": "1", "confirm_unedited": "1"},
    )
    assert response.status_code == 302
    assert body_de(outdated) == (
        "<p>Wir lesen Kindern <b>laut</b> vor.</p><p>[DE] Hver onsdag<br/>kl. 10.</p>"
        "<p>Alle sind willkommen.</p>"
    ), "the changed paragraph takes the draft; the unchanged ones keep the reviewed wording"
    assert body_status(outdated).state == State.REVIEWED


def test_editing_the_earlier_wording(client, outdated):
    shown = client.get(review_url(outdated))
    response = client.post(
        review_url(outdated),
        shown_texts(shown) | {"action": "save", f"text-{SECOND}": "Jeden Mittwoch[1]um 10 Uhr."},
    )
    assert response.status_code == 302
    assert "<p>Jeden Mittwoch<br/>um 10 Uhr.</p>" in body_de(outdated)
    assert body_status(outdated).state == State.REVIEWED, "an edit counts as approval"


def test_saving_without_approving_the_changed_paragraph_keeps_it_outdated(client, outdated):
    before = body_de(outdated)
    shown = client.get(review_url(outdated))
    response = client.post(review_url(outdated), shown_texts(shown) | {"action": "save"})
    assert response.status_code == 302
    assert body_status(outdated).state == State.OUTDATED, (
        "the earlier wording of a changed paragraph is only kept when the reviewer says so"
    )
    assert body_de(outdated) == before, "the reviewed text stays as it was"
