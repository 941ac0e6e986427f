"""Translators' files: XLIFF 2.1 / 1.2 and PO out and back in, TMX for the memory.

Files are edited as a CAT tool edits them, through translate-toolkit and
polib (the source's inline codes copied into the target, the words between
them translated), never by string replacement in our own output.
"""

from __future__ import annotations

import copy
import io
import zipfile

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import GroupPagePermission

import polib
import pytest
from lxml import etree
from translate.storage import tmx, xliff, xliff2

from exchange_site.translation.exchange.pages import IMPORTED_DRAFT_PROVIDER
from exchange_site.translation.models import (
    GlossaryEntry,
    TranslationMemoryEntry,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from meetings.models import MeetingMinutesPage
from practices.models import PracticePage
from tests import factories

State = TranslationStatus.State
Origin = TranslationMemoryEntry.Origin

#: How the "translator" renders each text node of the fixtures (anything else stays as it is).
GERMAN = {
    "Læselyst": "Leselust",
    "Vi vil understøtte læselyst på alle niveauer.": "Wir fördern die Leselust auf allen Ebenen.",
    "Læs om ": "Lies über ",
    " og ": " und ",
    "interaktiv": "interaktives",
    " læsning.": " Lesen.",
    "Sådan gør I": "So geht es",
    "Find en partner": "Einen Partner finden",
    "Spørg ": "Fragt ",
    "skolen": "die Schule",
    "Onlinemøde januar": "Online-Treffen Januar",
    "Digital erfaringsudveksling.": "Digitaler Erfahrungsaustausch.",
    "Send invitationen.": "Einladung senden.",
    "Del referatet.": "Protokoll verteilen.",
}


def german(text: str) -> str:
    return GERMAN.get(text, text)


@pytest.fixture
def editors_group(site_tree):
    group = Group.objects.create(name="Exchange editors")
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=site_tree.home,
            permission=Permission.objects.get(codename=permission),
        )
    return group


def make_user(django_user_model, name, *permissions, groups=()):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *[Permission.objects.get(codename=codename) for codename in permissions],
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def reviewer(django_user_model, editors_group):
    """Reviews German; edits every page."""
    return make_user(django_user_model, "gerda", "review_de", groups=[editors_group])


@pytest.fixture
def editor(django_user_model, editors_group):
    """Edits every page, reviews no language."""
    return make_user(django_user_model, "erik", groups=[editors_group])


@pytest.fixture
def practice(site_tree, danish_library):
    """Danish, with a link, bold text and StreamField blocks; machine-drafted in German."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Læselyst",
        slug="laeselyst",
        summary=None,
        summary_da="Vi vil understøtte læselyst på alle niveauer.",
        body=None,
        body_da=[
            (
                "paragraph",
                f'<p>Læs om <a linktype="page" id="{danish_library.pk}">Ballerup</a> og '
                "<b>interaktiv</b> læsning.</p>",
            ),
            ("heading", {"text": "Sådan gør I", "level": "h2"}),
            (
                "how_to_adopt",
                [{"title": "Find en partner", "description": "<p>Spørg <i>skolen</i>.</p>"}],
            ),
        ],
    )
    page.save_revision().publish()
    translate_page(page, ["de"])
    return PracticePage.objects.get(pk=page.pk)


@pytest.fixture
def minutes(site_tree):
    """Danish minutes with two action items (inline objects), no German yet."""
    page = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="da",
        title=None,
        title_da="Onlinemøde januar",
        slug="onlinemoede",
        summary=None,
        summary_da="Digital erfaringsudveksling.",
    )
    for description in ("Send invitationen.", "Del referatet."):
        factories.ActionItemFactory(page=page, description=None, description_da=description)
    page = MeetingMinutesPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return MeetingMinutesPage.objects.get(pk=page.pk)


def translate_element(source: etree._Element, target: etree._Element) -> None:
    """What a CAT tool does: the source's content and inline codes copied, the words translated."""
    target.text = german(source.text or "") if source.text else source.text
    for child in list(target):
        target.remove(child)
    for child in source:
        copied = copy.deepcopy(child)
        for node in copied.iter():
            node.text = german(node.text) if node.text else node.text
            if node is not copied:
                node.tail = german(node.tail) if node.tail else node.tail
        copied.tail = german(child.tail) if child.tail else child.tail
        target.append(copied)


def translate_xliff2(content: bytes, edit=None) -> bytes:
    """Translate every unit of an XLIFF 2 file (``edit(unit, target)`` may spoil some)."""
    store = xliff2.Xliff2File.parsestring(content)
    for unit in store.units:
        source = unit.xmlelement.find(unit.namespaced("source"))
        target = unit.xmlelement.find(unit.namespaced("target"))
        if target is None:
            target = etree.SubElement(unit.xmlelement, unit.namespaced("target"))
        translate_element(source, target)
        unit.marktranslated()
        if edit:
            edit(unit, target)
    return bytes(store)


def export(tmp_path, page, fmt="xliff", language="de") -> bytes:
    output = tmp_path / f"export.{fmt}"
    call_command(
        "export_translations",
        "--page",
        str(page.pk),
        "--language",
        language,
        "--format",
        fmt,
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    return output.read_bytes()


def import_file(tmp_path, content: bytes, user, *extra) -> str:
    path = tmp_path / "translated"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_translations", str(path), "--user", user.username, *extra, stdout=out)
    return out.getvalue()


def statuses(page, language="de") -> dict:
    return {
        status.field: status
        for status in TranslationStatus.objects.filter(page_id=page.pk, language=language)
    }


def test_xliff2_round_trip_of_rich_text_links_bold_and_stream_blocks(
    tmp_path, practice, reviewer, danish_library
):
    GlossaryEntry.objects.create(term_da="læselyst", term_de="Leselust")
    content = export(tmp_path, practice)
    store = xliff2.Xliff2File.parsestring(content)
    assert store.document.getroot().get("version") == "2.1", "an XLIFF 2.1 file"
    units = {unit.getid(): unit for unit in store.units}
    assert set(units) == {
        "title:0:0",
        "summary:0:0",
        "body:0:0",
        "body:1:0",
        "body:2:0",
        "body:3:0",
    }, "one unit per segment, ids as the review screen's"
    body = units["body:0:0"].xmlelement
    codes = body.find(units["body:0:0"].namespaced("source"))
    assert [(etree.QName(code).localname, code.get("id")) for code in codes] == [
        ("pc", "1"),
        ("pc", "2"),
    ], "link and bold travel as XLIFF 2 paired codes"
    assert "[DE]" in units["body:0:0"].target and body.get("state") == "initial", (
        "the machine draft is the target, marked as not final"
    )
    notes = " | ".join(
        note.text
        for note in units["summary:0:0"].getunitelement().iter(f"{{{store.namespace}}}note")
    )
    assert "Field: Summary" in notes and "/de/" in notes, (
        f"field label and page URL in notes: {notes}"
    )
    assert "“læselyst” is “Leselust”" in notes, f"the glossary term found is noted: {notes}"
    link_notes = " | ".join(
        note.text for note in units["body:0:0"].getunitelement().iter(f"{{{store.namespace}}}note")
    )
    assert "Its links may point elsewhere in German" in link_notes, (
        f"a unit with a link says its target may be chosen per language: {link_notes}"
    )
    assert "point elsewhere" not in notes, "a unit without a link says nothing of the kind"
    revisions_before = practice.revisions.count()

    output = import_file(tmp_path, translate_xliff2(content), reviewer)

    assert "6 imported" in output and "0 refused" in output, output
    page = PracticePage.objects.get(pk=practice.pk)
    body_de = page.body_de.raw_data
    assert body_de[0]["value"] == (
        f'<p>Lies über <a linktype="page" id="{danish_library.pk}">Ballerup</a> und '
        "<b>interaktives</b> Lesen.</p>"
    ), f"the link and bold are kept around the translator's words: {body_de[0]['value']}"
    assert body_de[1]["value"]["text"] == "So geht es", "StreamField heading block imported"
    assert body_de[2]["value"][0]["value"]["description"] == "<p>Fragt <i>die Schule</i>.</p>", (
        "rich text inside a list of struct blocks imported"
    )
    assert (page.title_de, page.summary_de) == (
        "Leselust",
        "Wir fördern die Leselust auf allen Ebenen.",
    )
    rows = statuses(page)
    assert {key: row.state for key, row in rows.items()} == {
        "title": State.REVIEWED,
        "summary": State.REVIEWED,
        "body": State.REVIEWED,
    }, "every imported field is reviewed"
    assert {row.reviewed_by for row in rows.values()} == {reviewer}, "reviewed by the importer"
    assert page.revisions.count() == revisions_before + 1, "the import is one revision"
    assert page.get_latest_revision().user == reviewer, "the revision is the importer's"
    remembered = dict(
        TranslationMemoryEntry.objects.filter(
            target_language="de", origin=Origin.REVIEWED
        ).values_list("source_text", "target_text")
    )
    assert remembered.get("Læs om <g1>Ballerup</g1> og <g2>interaktiv</g2> læsning.") == (
        "Lies über <g1>Ballerup</g1> und <g2>interaktives</g2> Lesen."
    ), "the translator's wording is in the memory as reviewed"


def test_xliff12_round_trip_of_inline_objects_through_the_admin(
    client, tmp_path, minutes, reviewer
):
    client.force_login(reviewer)
    view = client.get(f"/admin/translation/pages/{minutes.pk}/")
    assert "Work with translators" in view.content.decode(), "the Translations view offers it"
    response = client.get(
        f"/admin/translation/pages/{minutes.pk}/export/", {"language": "de", "format": "xliff12"}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    store = xliff.xlifffile.parsestring(response.content)
    items = list(minutes.action_items.all())
    ids = {unit.xmlelement.get("id") for unit in store.units}
    assert {f"action_items.{item.inline_key}.description:0:0" for item in items} <= ids, (
        f"each action item's text is a unit: {ids}"
    )
    for unit in store.units:
        unit.settarget(german(unit.source))
        unit.markapproved(True)

    upload = io.BytesIO(bytes(store))
    upload.name = "minutes-de.xlf"
    response = client.post(f"/admin/translation/pages/{minutes.pk}/import/", {"file": upload})

    assert response.status_code == 302
    page = MeetingMinutesPage.objects.get(pk=minutes.pk)
    assert [item.description_de for item in page.action_items.order_by("sort_order")] == [
        "Einladung senden.",
        "Protokoll verteilen.",
    ], "the German action items show the translator's text"
    assert page.title_de == "Online-Treffen Januar"
    assert {row.state for row in statuses(page).values()} == {State.REVIEWED}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("units imported" in m for m in messages), messages


def test_po_round_trip_with_polib_and_import_as_drafts(tmp_path, practice, reviewer):
    catalogue = polib.pofile(export(tmp_path, practice, "po").decode())
    assert catalogue.metadata["Language"] == "de"
    entry = next(e for e in catalogue if e.msgctxt.endswith(":body:0:0"))
    assert entry.msgid == "Læs om <g1>Ballerup</g1> og <g2>interaktiv</g2> læsning.", entry.msgid
    assert entry.fuzzy, "a machine draft is fuzzy"
    for entry in catalogue:
        entry.msgstr = {
            "Læs om <g1>Ballerup</g1> og <g2>interaktiv</g2> læsning.": (
                "Lies über <g1>Ballerup</g1> und <g2>interaktives</g2> Lesen."
            ),
            "Spørg <g1>skolen</g1>.": "Fragt <g1>die Schule</g1>.",
        }.get(entry.msgid, german(entry.msgid))
        entry.flags.remove("fuzzy")

    output = import_file(tmp_path, str(catalogue).encode(), reviewer, "--as-drafts")

    assert "6 imported" in output, output
    page = PracticePage.objects.get(pk=practice.pk)
    assert "<b>interaktives</b>" in page.body_de.raw_data[0]["value"]
    rows = statuses(page)
    assert {row.state for row in rows.values()} == {State.MACHINE}, "drafts awaiting review"
    assert {row.provider for row in rows.values()} == {IMPORTED_DRAFT_PROVIDER}
    assert not TranslationMemoryEntry.objects.filter(origin=Origin.REVIEWED).exists(), (
        "drafts do not enter the memory as reviewed"
    )
    assert not rows["body"].reviewed_by


def test_refused_units_stay_unchanged_and_the_rest_is_imported(tmp_path, practice, reviewer):
    content = export(tmp_path, practice)
    page = PracticePage.objects.get(pk=practice.pk)
    page.summary_da = "Vi vil styrke læselysten."  # the source changes after the export
    page.save_revision().publish()
    page = PracticePage.objects.get(pk=practice.pk)
    summary_before, body_before = page.summary_de, page.body_de.raw_data

    def spoil(unit, target):
        if unit.getid() == "body:0:0":  # the bold code is lost
            bold = target[1]
            target.remove(bold)
        if unit.getid() == "body:3:0":  # an invented code
            etree.SubElement(target, unit.namespaced("ph"), id="7")

    store = xliff2.Xliff2File.parsestring(translate_xliff2(content, spoil))
    stray = store.UnitClass("Ukendt tekst")
    stray.setid("body:9:0")
    store.addunit(stray)
    stray.target = "Unbekannter Text"

    output = import_file(tmp_path, bytes(store), reviewer)

    assert "3 imported" in output and "4 refused" in output, output
    assert (
        "refused summary:0:0: The original text has changed since the file was exported" in output
    )
    assert "refused body:0:0: The translation must keep every inline code" in output
    assert "refused body:3:0: The translation must keep every inline code" in output
    assert "refused body:9:0: The page has no such unit." in output
    page = PracticePage.objects.get(pk=practice.pk)
    assert page.title_de == "Leselust", "an accepted unit is imported"
    assert page.summary_de == summary_before, "the refused unit's field is unchanged"
    body = page.body_de.raw_data
    assert body[0]["value"] == body_before[0]["value"], "refused segment keeps its text"
    assert body[3 - 1]["value"][0]["value"]["title"] == "Einen Partner finden"
    assert body[1]["value"]["text"] == "So geht es"
    assert statuses(page)["body"].state == State.MACHINE, "a partly imported field awaits review"


def test_files_written_from_scratch_by_translate_toolkit_and_polib(tmp_path, practice, reviewer):
    name = f"page-{practice.pk}"
    store = xliff.xlifffile(sourcelanguage="da", targetlanguage="de")
    unit = store.addsourceunit("Læselyst", filename=name, createifmissing=True)
    unit.setid("title:0:0")
    unit.target = "Leselust"
    store.getfilenode(name).set("target-language", "de")
    output = import_file(tmp_path, bytes(store), reviewer)
    assert "1 imported" in output, output
    assert PracticePage.objects.get(pk=practice.pk).title_de == "Leselust"

    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "de_DE", "Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(
        polib.POEntry(
            msgctxt=f"{name}:body:3:0",
            msgid="Spørg <g1>skolen</g1>.",
            msgstr="Fragt <g1>die Schule</g1>.",
        )
    )
    output = import_file(tmp_path, str(catalogue).encode(), reviewer)
    assert "1 imported" in output, output
    body = PracticePage.objects.get(pk=practice.pk).body_de.raw_data
    assert body[2]["value"][0]["value"]["description"] == "<p>Fragt <i>die Schule</i>.</p>"


def test_upload_is_refused_without_review_permission(client, tmp_path, practice, editor):
    content = translate_xliff2(export(tmp_path, practice))
    client.force_login(editor)
    page_view = client.get(f"/admin/translation/pages/{practice.pk}/").content.decode()
    assert "Download for translation" in page_view and "Upload translation" not in page_view
    upload = io.BytesIO(content)
    upload.name = "de.xlf"
    response = client.post(f"/admin/translation/pages/{practice.pk}/import/", {"file": upload})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert PracticePage.objects.get(pk=practice.pk).title_de != "Leselust", "nothing imported"


def test_a_reviewer_of_another_language_gets_a_clear_refusal(
    client, tmp_path, practice, django_user_model, editors_group
):
    french_reviewer = make_user(django_user_model, "francois", "review_fr", groups=[editors_group])
    content = translate_xliff2(export(tmp_path, practice))
    client.force_login(french_reviewer)
    upload = io.BytesIO(content)
    upload.name = "de.xlf"
    response = client.post(
        f"/admin/translation/pages/{practice.pk}/import/", {"file": upload}, follow=True
    )
    assert "You may not review translations into this language." in response.content.decode()
    assert PracticePage.objects.get(pk=practice.pk).title_de != "Leselust"


def test_bulk_action_exports_the_selection(client, practice, minutes, reviewer):
    client.force_login(reviewer)
    url = (
        "/admin/bulk/wagtailcore/page/export_translations/"
        f"?next=/admin/&id={practice.pk}&id={minutes.pk}"
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "de", "format": "xliff"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    store = xliff2.Xliff2File.parsestring(response.content)
    files = {f.get("id") for f in store.document.getroot()}
    assert files == {f"page-{practice.pk}", f"page-{minutes.pk}"}, "one <file> per page"


def test_export_of_pages_written_in_several_languages_is_a_zip(tmp_path, practice, dresden):
    output = tmp_path / "fr.zip"
    call_command(
        "export_translations",
        "--missing",
        "--language",
        "fr",
        "--format",
        "po",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    with zipfile.ZipFile(output) as archive:
        names = sorted(archive.namelist())
    assert {"translations-fr-da-fr.po", "translations-fr-de-fr.po"} <= set(names), (
        f"one file per original language: {names}"
    )


def test_tmx_round_trip_of_the_memory(tmp_path, practice):
    TranslationMemoryEntry.objects.remember(
        "da", "de", Origin.REVIEWED, "", {"Spørg <g1>skolen</g1>.": "Fragt <g1>die Schule</g1>."}
    )
    before = set(
        TranslationMemoryEntry.objects.values_list(
            "source_language", "target_language", "origin", "provider", "source_text", "target_text"
        )
    )
    output = tmp_path / "memory.tmx"
    call_command("export_memory", "--format", "tmx", "--output", str(output), stdout=io.StringIO())
    store = tmx.tmxfile.parsestring(output.read_bytes())
    assert store.document.getroot().get("version") == "1.4"
    assert len(store.units) == len(before), "one translation unit per memory entry"
    seg = store.document.getroot().find(".//tuv/seg[bpt]")
    assert seg is not None, "inline codes travel as TMX <bpt>/<ept>"
    TranslationMemoryEntry.objects.all().delete()

    call_command("import_memory", str(output), stdout=io.StringIO())

    after = set(
        TranslationMemoryEntry.objects.values_list(
            "source_language", "target_language", "origin", "provider", "source_text", "target_text"
        )
    )
    assert after == before, "every entry comes back with its origin and provider"

    foreign = tmx.tmxfile(sourcelanguage="en")
    foreign.addtranslation("Reading joy", "en", "Leselust", "de-DE")
    path = tmp_path / "foreign.tmx"
    path.write_bytes(bytes(foreign))
    call_command("import_memory", str(path), stdout=io.StringIO())
    entry = TranslationMemoryEntry.objects.get(source_text="Reading joy")
    assert (entry.target_language, entry.target_text, entry.origin) == (
        "de",
        "Leselust",
        "reviewed",
    )


def test_unreadable_file_is_refused_with_a_message(tmp_path, reviewer):
    path = tmp_path / "broken.xlf"
    path.write_bytes(b"<xliff version='2.1'><file")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_translations", str(path), "--user", reviewer.username)
