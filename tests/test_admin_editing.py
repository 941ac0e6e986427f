"""Editors work in their own language: the admin writes and names pages in the page's language.

A Danish editor's new page is written in Danish, only Danish is required and
shown; the other languages are folded behind a language bar with their
translation statuses. The admin names a page by its source-language title, or
by the editor's language once that title is reviewed — never by an unreviewed
machine title — in the explorer, the edit header, the review queue and choosers.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from exchange_site.core.languages import LANGUAGE_CODES
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationStatus
from practices.models import PracticePage

from . import factories

State = TranslationStatus.State
DANISH_TITLE = "Højtlæsning for de mindste"


def editor(django_user_model, name: str, language: str):
    """A superuser whose admin speaks ``language``."""
    user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def danish_editor(django_user_model):
    return editor(django_user_model, "mette", "da")


@pytest.fixture
def topic(db):
    return factories.TopicFactory(name="Læsning")


@pytest.fixture
def read_aloud(site_tree, danish_library):
    """A published Danish practice, machine-translated into English and German."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da=DANISH_TITLE,
        slug="hoejtlaesning",
        summary=None,
        summary_da="Vi læser højt for børn under tre år.",
    )
    page.save_revision().publish()
    run_job(create_job(page, ["en", "de"], "pseudo").pk)
    page = PracticePage.objects.get(pk=page.pk)
    assert page.title_en == f"[EN] {DANISH_TITLE}", (
        "the pseudo provider should have drafted English"
    )
    return page


def review_title(page, language: str) -> None:
    TranslationStatus.objects.filter(page=page, field="title", language=language).update(
        state=State.REVIEWED
    )


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, f"{response.request['PATH_INFO']}: {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def field_wrapper(html: BeautifulSoup, name: str):
    """The panel element around the form field ``name`` (what the language bar folds)."""
    field = html.find(attrs={"name": name})
    assert field is not None, f"the form should have a field {name}"
    return field.find_parent(attrs={"data-field-language": True})


def empty_streams() -> dict:
    """An empty stream for every StreamField column the practice form renders."""
    return {
        field.name: streamfield([])
        for field in PracticePage._meta.get_fields()
        if isinstance(field, StreamField)
    }


def add_practice_url(site_tree) -> str:
    return f"/admin/pages/add/practices/practicepage/{site_tree.practices.pk}/"


# -- writing a new page in one's own language -----------------------------------------------


def test_a_danish_editors_new_practice_is_danish_and_folds_the_other_languages(
    client, site_tree, danish_editor
):
    client.force_login(danish_editor)
    html = soup(client.get(add_practice_url(site_tree)))

    selected = html.find("select", attrs={"name": "source_language"}).find("option", selected=True)
    assert selected["value"] == "da", "a Danish editor's new page should be written in Danish"

    for code in LANGUAGE_CODES:
        wrapper = field_wrapper(html, f"title_{code}")
        assert wrapper is not None, f"title_{code} should sit in a language-marked panel"
        required = wrapper.find(class_="w-required-mark") is not None
        if code == "da":
            assert not wrapper.has_attr("hidden"), "the Danish title should be shown"
            assert required, "the Danish title should be marked required"
        else:
            assert wrapper.has_attr("hidden"), f"the {code} title should be folded away"
            assert not required, f"the {code} title should not be marked required"
    assert field_wrapper(html, "summary_en").has_attr("hidden"), "English summary folded"
    assert not field_wrapper(html, "summary_da").has_attr("hidden"), "Danish summary shown"

    bar = html.find(attrs={"data-language-bar": True})
    assert bar is not None and bar["data-writing-language"] == "da", "a Danish language bar"
    toggles = {button["data-show-language"]: button for button in bar.find_all("button")}
    assert set(toggles) == set(LANGUAGE_CODES) - {"da"}, "one toggle per other language"
    assert all(button["aria-pressed"] == "false" for button in toggles.values())
    assert "Ikke oversat" in bar.get_text(), "a new page's other languages are not translated"
    assert "Du skriver på dansk" in bar.get_text(), "the bar should say so in Danish"


def test_a_practice_written_only_in_danish_publishes(client, site_tree, danish_editor, topic):
    client.force_login(danish_editor)
    library = factories.PartnerLibraryPageFactory(parent=site_tree.libraries)
    data = nested_form_data(
        {
            **empty_streams(),
            "title_da": DANISH_TITLE,
            "slug_da": "hoejtlaesning",
            "summary_da": "Vi læser højt for børn under tre år.",
            "source_language": "da",
            "library": library.pk,
            "maturity": "pilot",
            "action-publish": "publish",
        }
    ) | {"topics": [topic.pk]}
    response = client.post(add_practice_url(site_tree), data)
    assert response.status_code == 302, "the Danish-only form should be accepted" + (
        str(response.context["form"].errors) if response.context else ""
    )
    page = PracticePage.objects.get(title_da=DANISH_TITLE)
    assert page.live and page.source_language == "da", "published, written in Danish"
    assert page.title_en is None, "no English title should be invented"


def test_a_missing_danish_title_is_the_only_required_field(client, site_tree, danish_editor):
    client.force_login(danish_editor)
    response = client.post(
        add_practice_url(site_tree),
        nested_form_data({**empty_streams(), "source_language": "da", "summary_da": "Kort."}),
    )
    errors = response.context["form"].errors
    title_errors = {name for name in errors if name.startswith("title_")}
    assert title_errors == {"title_da"}, f"only the Danish title is missing, got {errors}"


def test_the_language_bar_shows_each_languages_translation_status(
    client, read_aloud, danish_editor
):
    review_title(read_aloud, "de")
    client.force_login(danish_editor)
    bar = soup(client.get(f"/admin/pages/{read_aloud.pk}/edit/")).find(
        attrs={"data-language-bar": True}
    )
    states = {
        item.find("button")["data-show-language"]: {
            span["data-translation-state"]: span.get_text(strip=True)
            for span in item.find_all(attrs={"data-translation-state": True})
        }
        for item in bar.find_all("li")
    }
    assert states["en"] == {"machine": "Maskinudkast: 2"}, states["en"]
    assert states["de"] == {"machine": "Maskinudkast: 1", "reviewed": "Gennemset: 1"}, states["de"]
    assert set(states["fr"]) == {"none"}, "French was never translated"


# -- inline panels keep their language-independent fields ------------------------------------


def test_action_items_keep_owner_due_date_and_status_visible(
    client, site_tree, danish_library, danish_editor
):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        host_library=danish_library,
        source_language="da",
        title=None,
        title_da="Netværksmøde",
        summary=None,
        summary_da="Møde.",
    )
    factories.ActionItemFactory(page=minutes, description=None, description_da="Send invitation")
    client.force_login(danish_editor)
    html = soup(client.get(f"/admin/pages/{minutes.pk}/edit/"))
    # The saved item, and the template a new item is made from ("Add action item").
    for prefix in ("action_items-0", "action_items-__prefix__"):
        for name in ("owner", "due_date", "status"):
            field = html.find(attrs={"name": f"{prefix}-{name}"})
            assert field is not None, f"{prefix}-{name} should be in the form"
            assert field.find_parent(attrs={"data-field-language": True}) is None, (
                f"{name} is language-independent: no language toggle may fold it"
            )
            panel = field.find_parent(attrs={"data-inline-panel-child": True})
            assert field.find_parent(attrs={"hidden": True}) in (None, *panel.find_parents()), (
                f"{name} should be visible within its action item"
            )
        assert not field_wrapper(html, f"{prefix}-description_da").has_attr("hidden"), (
            "the Danish description of an action item is shown"
        )
        assert field_wrapper(html, f"{prefix}-description_en").has_attr("hidden"), (
            "the English description of an action item folds with English"
        )


# -- naming pages ----------------------------------------------------------------------------


def test_the_admin_names_a_page_in_its_source_language_not_by_its_machine_title(
    client, django_user_model, site_tree, read_aloud
):
    english_editor = editor(django_user_model, "emma", "en")
    client.force_login(english_editor)
    places = {
        "explorer": f"/admin/pages/{site_tree.practices.pk}/",
        "edit header": f"/admin/pages/{read_aloud.pk}/edit/",
        "review queue": "/admin/translation/review/",
        "job list": "/admin/translation/jobs/",
    }
    for place, url in places.items():
        text = soup(client.get(url)).get_text()
        assert DANISH_TITLE in text, f"the {place} should name the page by its Danish title"
        assert f"[EN] {DANISH_TITLE}" not in text, f"the {place} shows an unreviewed machine title"


def test_a_reviewed_translation_names_the_page_in_the_editors_language(
    client, django_user_model, site_tree, read_aloud
):
    german_editor = editor(django_user_model, "gerda", "de")
    client.force_login(german_editor)
    german = f"[DE] {DANISH_TITLE}"
    explorer = f"/admin/pages/{site_tree.practices.pk}/"
    assert german not in soup(client.get(explorer)).get_text(), "German is not reviewed yet"

    review_title(read_aloud, "de")
    for place, url in {
        "explorer": explorer,
        "edit header": f"/admin/pages/{read_aloud.pk}/edit/",
        "review queue": "/admin/translation/review/",
    }.items():
        html = soup(client.get(url))
        assert german in html.get_text(), f"the {place} should use the reviewed German title"
    header = soup(client.get(f"/admin/pages/{read_aloud.pk}/edit/")).find("h1")
    assert german in header.get_text(), "the edit header names the page in reviewed German"


def test_choosers_name_pages_in_the_editors_language(
    client, django_user_model, site_tree, read_aloud
):
    german_editor = editor(django_user_model, "gerda", "de")
    client.force_login(german_editor)
    home_form = soup(client.get(f"/admin/pages/{site_tree.home.pk}/edit/"))
    label = home_form.find("input", attrs={"name": "featured_practices", "value": read_aloud.pk})
    label_text = label.find_parent("label").get_text(strip=True)
    assert label_text == DANISH_TITLE, f"an unreviewed German title is not a name: {label_text}"

    review_title(read_aloud, "de")
    home_form = soup(client.get(f"/admin/pages/{site_tree.home.pk}/edit/"))
    label = home_form.find("input", attrs={"name": "featured_practices", "value": read_aloud.pk})
    assert label.find_parent("label").get_text(strip=True) == f"[DE] {DANISH_TITLE}", (
        "a reviewed German title names the practice for a German editor"
    )
    chooser = client.get(f"/admin/choose-page/{site_tree.practices.pk}/")
    assert f"[DE] {DANISH_TITLE}" in chooser.json()["html"], (
        "the page chooser names the practice in reviewed German"
    )


@pytest.mark.parametrize(
    ("place", "url"),
    [
        ("review queue", "/admin/translation/review/"),
        ("job list", "/admin/translation/jobs/"),
        ("explorer", "/admin/pages/{practices}/"),
    ],
)
def test_naming_pages_costs_the_same_queries_for_5_and_20_pages(
    client, django_user_model, site_tree, danish_library, place, url
):
    """A German editor's listings check every German machine title without a query per row."""
    client.force_login(editor(django_user_model, "gerda", "de"))
    url = url.format(practices=site_tree.practices.pk)

    def queries_for(total: int) -> int:
        for number in range(PracticePage.objects.count(), total):
            page = factories.PracticePageFactory(
                parent=site_tree.practices,
                source_language="da",
                library=danish_library,
                title=None,
                title_da=f"Praksis {number}",
                slug=f"praksis-{number}",
                summary=None,
                summary_da="Kort.",
            )
            page.save_revision().publish()
            run_job(create_job(page, ["de"], "pseudo").pk)
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        text = soup(response).get_text()
        assert text.count("Praksis") >= total and "[DE] Praksis" not in text, (
            f"the {place} should name every page by its Danish title"
        )
        return len(queries)

    counts = {total: queries_for(total) for total in (5, 20)}
    assert counts[5] == counts[20], f"the {place} costs queries per row: {counts}"
