"""Control characters and disallowed markup are cleaned on save, however the text arrives.

Text pasted from Word carries vertical tabs; exports carry NUL bytes; imports and
scripts write rich text around the editor. Each is saved through the ORM or the
admin here and read back from the database, then through the feeds, the
calendar, the translation pipeline and the review screen.
"""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.auth.models import Permission

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from exchange_site.translation.fields import translatable_fields
from exchange_site.translation.markup import decode_inline
from exchange_site.translation.pipeline import translate_page
from libraries.models import PartnerLibraryPage
from meetings.models import ActionItem, MeetingMinutesPage
from practices.models import PracticePage
from tests import factories

DIRTY = "Læse\x0blyst\x00 for\x1f alle"
CONTROL = ["\x0b", "\x00", "\x1f"]
HOSTILE_HTML = (
    '<p onclick="steal()">Vi læser <b onmouseover="x()">sammen</b>'
    '<script>alert("xss")</script> og <a href="javascript:alert(1)">mere</a>.</p>'
    '<img src="x" onerror="alert(2)">'
)


def has_control(value) -> bool:
    return any(char in str(value) for char in CONTROL)


def has_script(value) -> bool:
    text = str(value).lower()
    return any(marker in text for marker in ("<script", "onclick", "onmouseover", "onerror"))


@pytest.fixture
def dirty_minutes(site_tree, dresden):
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        host_library=dresden,
        title=DIRTY,
        summary=f"Zusammenfassung\x0b{DIRTY}",
        date=datetime.date(2023, 5, 1),
        decisions=[("decision", f"<p>{DIRTY}</p>")],
    )
    factories.ActionItemFactory(page=meeting, description=DIRTY, owner="Anja\x00 Berg")
    meeting.save()
    meeting.save_revision().publish()
    return MeetingMinutesPage.objects.get(pk=meeting.pk)


def test_orm_save_cleans_titles_summaries_streams_and_inline_objects(dirty_minutes):
    stored = MeetingMinutesPage.objects.get(pk=dirty_minutes.pk)
    assert stored.title_en == "Læse lyst for alle", (
        f"the title should lose its control characters, got {stored.title_en!r}"
    )
    assert stored.summary_en == "Zusammenfassung\nLæse\nlyst for alle", (
        f"a vertical tab in a multi-line field should become a line break: {stored.summary_en!r}"
    )
    decisions = stored.decisions_en.get_prep_value()
    assert not has_control(decisions), f"rich text in a StreamField kept control chars: {decisions}"
    item = ActionItem.objects.get(page=stored)
    assert not has_control(item.description_en) and item.owner == "Anja Berg", (
        f"inline objects should be cleaned too: {item.description_en!r}, {item.owner!r}"
    )
    revision = stored.get_latest_revision().content
    assert not has_control(revision), "the published revision should hold the cleaned text"


def test_feeds_and_calendars_still_serialise_after_dirty_text(client, site_tree, dirty_minutes):
    base = site_tree.meetings.url
    for route in ("feed/rss/", "feed/atom/"):
        response = client.get(f"{base}{route}")
        assert response.status_code == 200, f"{route} answered {response.status_code}"
        titles = [
            element.text
            for element in ET.fromstring(response.content).iter()  # noqa: S314 - our own feed
            if element.tag.rsplit("}", 1)[-1] == "title"
        ]
        assert "Læse lyst for alle" in titles, f"{route} should list the cleaned title: {titles}"
    for url in (f"{base}calendar/", f"{dirty_minutes.url}calendar/"):
        body = client.get(url).content.decode()
        assert "BEGIN:VCALENDAR" in body and "SUMMARY:Læse lyst for alle" in body, (
            f"{url} should carry the cleaned title"
        )
        assert not has_control(body), f"{url} must not contain control characters"


def library_form(city: str) -> dict:
    return nested_form_data(
        {
            "title_da": "Ballerup\x0bBibliotekerne",
            "slug_da": "ballerup",
            "source_language": "da",
            "city": city,
            "country": "DK",
            "main_language": "da",
            "profile_da": rich_text("<p>Kommunens\x1f største kulturinstitution.</p>"),
            "contacts": inline_formset(
                [{"name": "Mette\x0b Jensen", "role_da": "Bib\x1fliotekar"}]
            ),
        }
    )


def test_admin_save_cleans_control_characters(admin_client, site_tree):
    url = f"/admin/pages/add/libraries/partnerlibrarypage/{site_tree.libraries.pk}/"
    refused = admin_client.post(url, library_form("Ballerup\x00"))
    assert (
        refused.status_code == 200 and "Null characters are not allowed" in refused.content.decode()
    ), "a NUL byte typed into the admin gets Django's clear form error"
    assert not PartnerLibraryPage.objects.filter(slug_da="ballerup").exists(), "nothing saved yet"
    response = admin_client.post(url, library_form("Ballerup\x1f"))
    assert response.status_code == 302, (
        f"the admin should save the page: {response.status_code} {response.context.get('form')}"
    )
    page = PartnerLibraryPage.objects.get(slug_da="ballerup")
    contact = page.contacts.get()
    assert (page.title_da, page.city) == ("Ballerup Bibliotekerne", "Ballerup"), (
        f"title and city should be cleaned: {page.title_da!r}, {page.city!r}"
    )
    assert page.profile_da == "<p>Kommunens største kulturinstitution.</p>", page.profile_da
    assert (contact.name, contact.role_da) == ("Mette  Jensen", "Bibliotekar"), (
        f"the inline contact should be cleaned: {contact.name!r}, {contact.role_da!r}"
    )
    assert not has_control(page.get_latest_revision().content), "the revision must be clean"


@pytest.fixture
def hostile_practice(site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Læseklub",
        slug="laeseklub",
        summary=None,
        summary_da="Vi læser sammen.",
        body=None,
        body_da=[("paragraph", HOSTILE_HTML)],
    )
    page.save_revision().publish()
    return PracticePage.objects.get(pk=page.pk)


def test_rich_text_written_through_the_orm_is_cleaned_to_the_fields_rules(hostile_practice):
    stored = hostile_practice.body_da.get_prep_value()[0]["value"]
    assert not has_script(stored), f"script and event handlers must not be stored: {stored}"
    assert "javascript:" not in stored, f"a javascript: link must not be stored: {stored}"
    assert "<b>sammen</b>" in stored and "Vi læser" in stored, f"allowed markup stays: {stored}"
    assert "<img" not in stored, "images are not a feature of this field"


def test_rich_text_is_cleaned_before_it_is_segmented(hostile_practice):
    # Written around save(): a raw SQL import or a queryset update.
    PracticePage.objects.filter(pk=hostile_practice.pk).update(
        body_da=[{"type": "paragraph", "value": HOSTILE_HTML, "id": "raw"}]
    )
    page = PracticePage.objects.get(pk=hostile_practice.pk)
    assert has_script(page.body_da.get_prep_value()), "the update should bypass save()"
    segments = [  # as sent and shown: placeholders turned back into their tags
        decode_inline(segment.text, segment, unit.is_html)
        for item in translatable_fields(page, "da")
        for unit in item.units
        for segment in unit.segments
    ]
    assert segments and not any(has_script(text) for text in segments), (
        f"segments must not carry scripts or event handlers: {segments}"
    )


def test_machine_drafts_and_review_screen_carry_no_script(
    client, django_user_model, hostile_practice
):
    PracticePage.objects.filter(pk=hostile_practice.pk).update(
        body_da=[{"type": "paragraph", "value": HOSTILE_HTML, "id": "raw"}]
    )
    page = PracticePage.objects.get(pk=hostile_practice.pk)
    page.save_revision().publish()
    PracticePage.objects.filter(pk=page.pk).update(
        body_da=[{"type": "paragraph", "value": HOSTILE_HTML, "id": "raw"}]
    )
    translate_page(PracticePage.objects.get(pk=page.pk), ["de"], provider="pseudo")
    draft = PracticePage.objects.get(pk=page.pk).body_de.get_prep_value()
    assert draft and not has_script(draft), f"the German draft must not carry a script: {draft}"

    # A draft written around save() too: the review screen must clean what it shows.
    PracticePage.objects.filter(pk=page.pk).update(
        body_de=[{"type": "paragraph", "value": HOSTILE_HTML, "id": "raw"}]
    )
    reviewer = django_user_model.objects.create_superuser("rev", "rev@example.org", "pw")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_de"))
    client.force_login(reviewer)
    html = client.get(f"/admin/translation/review/{page.pk}/de/").content.decode()
    assert "Vi læser" in html, "the review screen should show the source text"
    leaked = [m for m in ("steal()", "alert(", "javascript:", "onmouseover") if m in html]
    assert not leaked, f"the review screen must not render the source's script: {leaked}"


def test_review_filter_whitelists_before_marking_safe():
    from exchange_site.translation.templatetags.translation_admin_tags import whitelisted_html

    shown = whitelisted_html('Vi <b onclick="x()">læser</b><script>alert(1)</script>')
    assert shown == "Vi <b>læser</b>", f"only whitelisted markup may be marked safe: {shown}"
