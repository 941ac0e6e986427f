"""Per-language overrides: a translation's link target or image replaced for one language."""

from django.utils import translation

from wagtail.test.utils.form_data import querydict_from_html

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from exchange_site.translation.models import TranslationOverride
from exchange_site.translation.overrides import page_overridables
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.review import PageReview
from exchange_site.translation.segments import extract_units
from practices.models import PracticePage
from tests import factories
from tests.test_review import make_user
from tests.test_review_screen import editors  # noqa: F401 - fixture

GUIDE = "https://example.org/vejledning"
GERMAN_GUIDE = "https://example.org/de/leitfaden"
BODY = f'<p>Læs <a href="{GUIDE}">vejledningen</a> om <b>højtlæsning</b>.</p>'


@pytest.fixture
def reviewer(django_user_model, editors):  # noqa: F811 - the fixture above
    return make_user(django_user_model, "gerda", "review_de", "review_fr", groups=[editors])


@pytest.fixture
def linked_practice(site_tree, danish_library) -> PracticePage:
    """A Danish practice whose body links to a Danish guide, drafted into German and French."""
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
        body_da=[("paragraph", BODY)],
    )
    page.save_revision().publish()
    translate_page(page, ["de", "fr"])
    return PracticePage.objects.get(pk=page.pk)


def overrides_url(page, language="de") -> str:
    return f"/admin/translation/review/{page.pk}/{language}/links/"


def body_links(client, page, language: str) -> list[str]:
    """The link targets a reader of ``language`` finds in the page's body."""
    with translation.override(language):
        url = page.url
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    return [link["href"] for link in soup.select("main a[href^='https://example.org']")]


def prefix_of(page, language="de", kind="link") -> str:
    entry = next(e for e in page_overridables(page, language) if e.overridable.kind == kind)
    return entry.prefix


def test_a_link_in_a_segment_is_marked_overridable_in_the_segment_model(linked_practice):
    body = PracticePage._meta.get_field("body")
    [unit] = extract_units(body, linked_practice.body_da)
    assert unit.overridable, "a unit with a link must say its target can be overridden"
    assert [s.overridable for s in unit.segments] == [True], "the segment with the link must say so"
    [title] = extract_units(PracticePage._meta.get_field("title"), "Højtlæsning")
    assert not title.overridable, "plain text has no link to override"


def test_the_review_screen_says_which_segments_have_overridable_links(
    client, reviewer, linked_practice
):
    client.force_login(reviewer)
    html = client.get(f"/admin/translation/review/{linked_practice.pk}/de/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    notes = soup.select("[data-overridable] a")
    assert len(notes) == 1, "only the segment with a link should offer to change its target"
    assert notes[0]["href"] == overrides_url(linked_practice), "the note must lead to the links"


def test_german_readers_see_the_german_link_target_others_the_source(
    client, reviewer, linked_practice
):
    client.force_login(reviewer)
    response = client.post(
        overrides_url(linked_practice),
        {f"{prefix_of(linked_practice)}-link_url": GERMAN_GUIDE},
    )
    assert response.status_code == 302, "a valid address must be saved"
    client.logout()
    assert body_links(client, linked_practice, "de") == [GERMAN_GUIDE], (
        "the German reader must follow the German link"
    )
    assert body_links(client, linked_practice, "da") == [GUIDE], "Danish keeps the source's link"
    assert body_links(client, linked_practice, "fr") == [GUIDE], "French keeps the source's link"


def test_an_override_to_a_page_links_to_that_page(
    client, reviewer, linked_practice, site_tree, dresden
):
    german_page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="de",
        library=dresden,
        title=None,
        title_de="Vorlesen",
        slug="vorlesen",
        summary=None,
        summary_de="Wir lesen vor.",
    )
    client.force_login(reviewer)
    client.post(
        overrides_url(linked_practice),
        {f"{prefix_of(linked_practice)}-link_page": german_page.pk},
    )
    client.logout()
    with translation.override("de"):
        url = linked_practice.url
        german_url = german_page.url
    soup = BeautifulSoup(client.get(url, HTTP_HOST="localhost").content, "html.parser")
    assert soup.select(f"main a[href='{german_url}']"), "the German body must link to the page"


def test_an_override_survives_retranslation_and_review(client, reviewer, linked_practice):
    client.force_login(reviewer)
    client.post(
        overrides_url(linked_practice),
        {f"{prefix_of(linked_practice)}-link_url": GERMAN_GUIDE},
    )
    page = PracticePage.objects.get(pk=linked_practice.pk)
    page.body_da = [("paragraph", BODY.replace("Læs", "Læs gerne"))]
    page.save_revision().publish()
    translate_page(page, ["de"])
    review = PageReview(page, "de")
    review.take_input({}, accept_all=True)
    assert review.validate(), "the re-translated draft must be approvable"
    review.save(reviewer)
    client.logout()
    assert body_links(client, linked_practice, "de") == [GERMAN_GUIDE], (
        "the German link must survive a new source, a new draft and a review"
    )


def test_an_invalid_address_is_refused_with_a_clear_message(client, reviewer, linked_practice):
    client.force_login(reviewer)
    response = client.post(
        overrides_url(linked_practice),
        {f"{prefix_of(linked_practice)}-link_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200, "an invalid address must not be saved"
    assert "is not a web address" in response.content.decode(), "the editor must be told why"
    assert not TranslationOverride.objects.exists(), "nothing may be stored"


def test_only_reviewers_of_the_language_may_override(client, django_user_model, linked_practice):
    danish_only = make_user(django_user_model, "dorte", "review_da")
    client.force_login(danish_only)
    response = client.post(
        overrides_url(linked_practice), {f"{prefix_of(linked_practice)}-link_url": GERMAN_GUIDE}
    )
    assert response.status_code == 302 and response.url == "/admin/", (
        "a non-reviewer of German must be turned away from German links"
    )
    assert not TranslationOverride.objects.exists(), "nothing may be stored"


def test_image_override_and_translated_alt_text_reach_german_readers(
    client, reviewer, site_tree, danish_library
):
    danish_image = wagtail_factories.ImageFactory(title="Læsesalen")
    german_image = wagtail_factories.ImageFactory(title="Lesesaal")
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Læsesal",
        slug="laesesal",
        summary=None,
        summary_da="Et rum til at læse i.",
        body=None,
        body_da=[
            (
                "image",
                {
                    "image": danish_image,
                    "alt_text": "Børn læser i sofaen",
                    "caption": "Vores nye læsesal",
                    "attribution": "",
                },
            )
        ],
    )
    page.save_revision().publish()
    translate_page(page, ["de"])
    page = PracticePage.objects.get(pk=page.pk)  # with the German slug the pipeline gave it
    client.force_login(reviewer)
    response = client.post(
        overrides_url(page), {f"{prefix_of(page, kind='image')}-image": german_image.pk}
    )
    assert response.status_code == 302, "choosing an image must be saved"
    client.logout()

    def figure(language: str):
        with translation.override(language):
            url = page.url
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        soup = BeautifulSoup(response.content, "html.parser")
        return soup.select_one("main figure")

    german = figure("de")
    assert german.img["alt"] == "[DE] Børn læser i sofaen", "the alt text must be translated"
    assert german.figcaption.get_text(strip=True) == "[DE] Vores nye læsesal", "caption too"
    assert german_image.file.name.split("/")[-1].split(".")[0] in german.img["src"], (
        "the German reader must see the German image"
    )
    danish = figure("da")
    assert danish_image.file.name.split("/")[-1].split(".")[0] in danish.img["src"], (
        "the Danish reader keeps the source's image"
    )
    assert danish.img["alt"] == "Børn læser i sofaen", "the Danish alt text stays the source's"


def test_an_admin_copy_keeps_the_overrides(admin_client, reviewer, linked_practice):
    admin_client.post(
        overrides_url(linked_practice),
        {f"{prefix_of(linked_practice)}-link_url": GERMAN_GUIDE},
    )
    url = f"/admin/pages/{linked_practice.pk}/copy/"
    page_html = admin_client.get(url).content.decode()
    form = next(
        data
        for index in range(5)
        if "new_parent_page" in (data := querydict_from_html(page_html, form_index=index))
    ).dict()
    form |= {"publish_copies": "on"}
    form |= {name: f"{value}-kopi" for name, value in form.items() if name.startswith("new_slug")}
    response = admin_client.post(url, form)
    assert response.status_code == 302, f"copy refused: {response.content.decode()[:2000]}"
    copy = PracticePage.objects.exclude(pk=linked_practice.pk).get()
    admin_client.logout()
    assert body_links(admin_client, copy, "de") == [GERMAN_GUIDE], (
        "the copy's German readers must follow the German link, as on the original"
    )
    assert body_links(admin_client, copy, "da") == [GUIDE], "Danish keeps the source's link"
