"""Addresses that last: changed slugs redirect in every language; machine slugs transliterate."""

from django.utils import translation

from wagtail.blocks.base import BlockField
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.slugs import transliterated_slug
from practices.models import PracticeIndexPage, PracticePage
from tests import factories

LANGUAGES = ["en", "da", "de", "fr"]


def get(client, url):
    return client.get(url, HTTP_HOST="localhost")


def url_in(page, language: str) -> str:
    with translation.override(language):
        return type(page).objects.get(pk=page.pk).url


def admin_edit_data(client, page, **changes) -> dict:
    """What the page's edit form would post back unchanged, plus ``changes``.

    Built from the form the admin renders (every language column of every
    field), so the POST is the one a browser sends; StreamFields must be
    empty, as a browser builds their data with JavaScript.
    """
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200, f"the edit view opens: {response.status_code}"
    form = response.context["form"]
    data, choices = {}, {}
    for bound in form:
        name, value = bound.html_name, bound.value()
        if isinstance(bound.field, BlockField):
            assert not value, f"{name}: this helper only posts empty StreamFields"
            data[name] = streamfield([])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            choices[name] = [str(getattr(item, "pk", item)) for item in value]
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    for name in form.formsets:
        data[name] = inline_formset([])
    return nested_form_data(data) | choices | changes


def publish_through_admin(client, page, **changes):
    data = admin_edit_data(client, page, **changes) | {"action-publish": "action-publish"}
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, (
        f"the admin accepts the edit: {response.status_code} "
        f"{getattr(response, 'context', None) and response.context['form'].errors}"
    )


def slugs(stem: str) -> dict:
    return {f"slug_{code}": f"{stem}-{code}" for code in LANGUAGES}


@pytest.fixture
def practice(site_tree, danish_library):
    """A live Danish practice with its own slug in every language."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Højtlæsning",
        title_en="Reading aloud",
        title_de="Vorlesen",
        title_fr="Lecture à voix haute",
        summary=None,
        summary_da="Vi læser højt for børn.",
        **slugs("reading"),
    )
    page.topics.set([factories.TopicFactory()])
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_slug_changed_in_the_admin_redirects_in_its_language(admin_client, practice, language):
    old_urls = {code: url_in(practice, code) for code in LANGUAGES}
    publish_through_admin(admin_client, practice, **{f"slug_{language}": "renamed"})
    new_url = url_in(practice, language)
    assert new_url == f"/{language}/practices/renamed/", f"the new slug is live: {new_url}"
    response = get(admin_client, old_urls[language])
    assert response.status_code == 301, (
        f"the old {language} address {old_urls[language]} must redirect, got {response.status_code}"
    )
    assert response["Location"] == new_url, f"redirects to the page's new URL: {response}"
    assert get(admin_client, response["Location"]).status_code == 200
    for code in LANGUAGES:
        if code != language:
            assert get(admin_client, old_urls[code]).status_code == 200, (
                f"the unchanged {code} address still serves the page itself"
            )


def test_a_parents_slug_change_redirects_its_childrens_old_urls(admin_client, site_tree, practice):
    index = PracticeIndexPage.objects.get(pk=site_tree.practices.pk)
    index.slug_de = "praktiken"
    index.save_revision().publish()
    child_before = url_in(practice, "de")
    assert child_before == "/de/praktiken/reading-de/", child_before
    publish_through_admin(admin_client, index, slug_de="gute-praxis")
    response = get(admin_client, child_before)
    assert response.status_code == 301, f"the child's old German URL must redirect: {response}"
    assert response["Location"] == "/de/gute-praxis/reading-de/", response["Location"]
    assert get(admin_client, "/de/praktiken/")["Location"] == "/de/gute-praxis/", (
        "the renamed page's own old URL redirects too"
    )
    assert get(admin_client, "/fr/practices/reading-fr/").status_code == 200, (
        "other languages' addresses did not change"
    )


def test_moving_a_page_redirects_its_old_urls_in_every_language(site_tree, client, practice):
    old_urls = {code: url_in(practice, code) for code in LANGUAGES}
    archive = factories.PracticeIndexPageFactory(
        parent=site_tree.home, title="Archive", **slugs("archive")
    )
    archive.save_revision().publish()
    PracticePage.objects.get(pk=practice.pk).move(archive, pos="last-child")
    for code in LANGUAGES:
        response = get(client, old_urls[code])
        assert response.status_code == 301, f"{code}: {old_urls[code]} must redirect after a move"
        assert response["Location"] == f"/{code}/archive-{code}/reading-{code}/", (
            f"{code}: redirects to the new place, got {response['Location']}"
        )


def test_a_first_translated_slug_keeps_the_fallback_address(client, site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Højtlæsning på Ølstykke",
        slug="hoejtlaesning",
        summary=None,
        summary_da="Vi læser højt.",
    )
    page.save_revision().publish()
    fallback = url_in(page, "de")
    assert fallback == "/de/practices/hoejtlaesning/", f"untranslated slugs fall back: {fallback}"
    translate_page(page, ["de"])
    assert url_in(page, "de") == "/de/practices/de-hoejtlaesning-paa-oelstykke/"
    response = get(client, fallback)
    assert response.status_code == 301 and response["Location"] == url_in(page, "de"), (
        "links to the page's German address from before its translation keep working"
    )


@pytest.mark.parametrize(
    ("title", "language", "slug"),
    [
        ("Højtlæsning på Ølstykke", "da", "hoejtlaesning-paa-oelstykke"),
        ("Straße über Äpfel", "de", "strasse-ueber-aepfel"),
        ("Bibliothèque à Strasbourg", "fr", "bibliotheque-a-strasbourg"),
        ("Æbler, øl og Åen", "en", "aebler-oel-og-aaen"),
        ("Cœur de Noël", "fr", "coeur-de-noel"),
    ],
)
def test_machine_slugs_transliterate(title, language, slug):
    assert transliterated_slug(title, language) == slug, f"{title!r} in {language}"


@pytest.mark.parametrize(
    ("source", "title", "target", "slug"),
    [
        ("de", "Straße über Äpfel", "da", "da-strasse-ueber-aepfel"),
        ("da", "Højtlæsning på Ølstykke", "de", "de-hoejtlaesning-paa-oelstykke"),
        ("de", "Bibliothèque à Strasbourg", "fr", "fr-bibliotheque-a-strasbourg"),
    ],
)
def test_the_pipeline_gives_transliterated_slugs(
    site_tree, danish_library, source, title, target, slug
):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=danish_library,
        source_language=source,
        title=None,
        slug=f"page-{source}",
        **{f"title_{source}": title, "summary": None, f"summary_{source}": "Text."},
    )
    translate_page(page, [target])
    made = getattr(PracticePage.objects.get(pk=page.pk), f"slug_{target}")
    assert made == slug, f"the {target} slug of the pseudo title '[{target.upper()}] {title}'"


def test_the_pipeline_never_changes_an_existing_slug(site_tree, practice):
    page = PracticePage.objects.get(pk=practice.pk)
    page.title_de = ""
    page.title_en = ""
    page.slug_en = ""
    page.save_revision().publish()
    translate_page(page, ["de", "en"])
    page = PracticePage.objects.get(pk=practice.pk)
    assert page.title_de == "[DE] Højtlæsning", "the title was machine-translated"
    assert page.slug_de == "reading-de", "a slug an editor set stays"
    assert page.slug_en == "en-hoejtlaesning", "a missing slug is made"
    page.title_da = "Højtlæsning for alle"
    page.save_revision().publish()
    translate_page(page, ["de", "en"])
    page = PracticePage.objects.get(pk=practice.pk)
    assert page.title_en == "[EN] Højtlæsning for alle", "the new title was translated"
    assert (page.slug_en, page.slug_de) == ("en-hoejtlaesning", "reading-de"), (
        "a slug the pipeline made once is never changed by a later translation"
    )
    assert url_in(page, "en") == "/en/practices/en-hoejtlaesning/"
