"""Exchange files: XLIFF 2.1 and 1.2 (translate-toolkit) and PO (polib), written and read.

One file holds one language pair (XLIFF 2 names the pair once, on its root)
and any number of pages: an XLIFF ``<file>`` per page (``id``/``original``
``page-<id>``), in PO a ``msgctxt`` of ``page-<id>:<unit id>``. An export of
pages written in several languages is a zip of one file per pair, and an
import accepts such a zip as it is.

States, as each format spells them: reviewed text is XLIFF 2 ``final``,
XLIFF 1.2 ``translated`` + ``approved="yes"``; a machine draft is XLIFF 2
``initial``, XLIFF 1.2 ``needs-review-translation``, PO ``fuzzy``; a missing
translation has no target. On import, a unit still in one of the draft
states (the translator did not confirm it) or without a target is skipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import polib
from lxml import etree
from translate.storage import xliff, xliff2

from exchange_site.core.languages import LANGUAGE_CODES

from ..errors import MarkupMismatch
from . import inline
from .pages import ExchangeDocument, ImportedDocument, ImportedUnit, UnitState

XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PAGE = re.compile(r"^page-(\d+)$")
_CONTEXT = re.compile(r"^page-(\d+):(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    "xliff": Format("xliff", _("XLIFF 2.1"), "xlf", "application/xliff+xml"),
    "xliff12": Format("xliff12", _("XLIFF 1.2 (older tools)"), "xlf", "application/xliff+xml"),
    "po": Format("po", _("PO (gettext, Weblate, Poedit)"), "po", "text/x-gettext-translation"),
}


class UnreadableFile(ValueError):
    """The upload is none of the formats we exchange (message for the person uploading)."""


def site_language(code: str | None) -> str:
    """``de-DE``/``de_DE`` → ``de``; "" for languages the site does not have."""
    base = re.split(r"[-_]", code or "")[0].lower()
    return base if base in LANGUAGE_CODES else ""


# --- writing --------------------------------------------------------------------------


def _xliff2(documents: list[ExchangeDocument]) -> bytes:
    first = documents[0]
    root = etree.Element(
        f"{{{XLIFF2_NAMESPACE}}}xliff",
        nsmap={None: XLIFF2_NAMESPACE},
        version="2.1",
        srcLang=first.source_language,
        trgLang=first.target_language,
    )
    for document in documents:
        etree.SubElement(root, f"{{{XLIFF2_NAMESPACE}}}file", id=document.name)
    store = xliff2.Xliff2File.parsestring(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    )
    states = {UnitState.REVIEWED: "final", UnitState.MACHINE: "initial"}
    for document in documents:
        store.body = store.getfilenode(document.name)
        for exchange_unit in document.units:
            unit = store.UnitClass(exchange_unit.source)
            unit.setid(exchange_unit.id)
            store.addunit(unit)
            unit_element = unit.getunitelement()
            # XLIFF 2 allows xml:space on <unit>, not on the <segment> the toolkit puts it on
            unit_element.set(XML_SPACE, unit.xmlelement.attrib.pop(XML_SPACE, "preserve"))
            notes = etree.Element(unit.namespaced("notes"))
            for text in exchange_unit.notes:
                etree.SubElement(notes, unit.namespaced("note")).text = text
            unit_element.insert(0, notes)  # notes come before segments in XLIFF 2
            source = unit.xmlelement.find(unit.namespaced("source"))
            inline.fill(source, exchange_unit.source, inline.XLIFF2, exchange_unit.kinds)
            if exchange_unit.target:
                target = etree.SubElement(unit.xmlelement, unit.namespaced("target"))
                inline.fill(target, exchange_unit.target, inline.XLIFF2, exchange_unit.kinds)
                unit.xmlelement.set("state", states.get(exchange_unit.state, "translated"))
    return bytes(store)


def _xliff12(documents: list[ExchangeDocument]) -> bytes:
    root = etree.Element(
        f"{{{XLIFF12_NAMESPACE}}}xliff", nsmap={None: XLIFF12_NAMESPACE}, version="1.2"
    )
    for document in documents:
        file_element = etree.SubElement(
            root,
            f"{{{XLIFF12_NAMESPACE}}}file",
            original=document.name,
            datatype="html",
        )
        file_element.set("source-language", document.source_language)
        file_element.set("target-language", document.target_language)
        etree.SubElement(file_element, f"{{{XLIFF12_NAMESPACE}}}body")
    store = xliff.xlifffile.parsestring(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    )
    states = {UnitState.REVIEWED: "translated", UnitState.MACHINE: "needs-review-translation"}
    for document in documents:
        for exchange_unit in document.units:
            unit = store.addsourceunit(exchange_unit.source, filename=document.name)
            unit.setid(exchange_unit.id)
            inline.fill(unit.source_dom, exchange_unit.source, inline.XLIFF12, exchange_unit.kinds)
            if exchange_unit.target:
                unit.settarget("-")
                target = unit.getlanguageNode(lang=None, index=1)
                inline.fill(target, exchange_unit.target, inline.XLIFF12, exchange_unit.kinds)
                target.set("state", states.get(exchange_unit.state, "translated"))
                if exchange_unit.state == UnitState.MACHINE:
                    target.set("state-qualifier", "mt-suggestion")
                unit.markapproved(exchange_unit.state == UnitState.REVIEWED)
            for text in exchange_unit.notes:
                unit.addnote(text, origin="developer")
    etree.cleanup_namespaces(store.document)  # units are made in 1.1's namespace, then moved
    return bytes(store)


def _po(documents: list[ExchangeDocument]) -> bytes:
    catalogue = polib.POFile(wrapwidth=0)
    first = documents[0]
    catalogue.metadata = {
        "Project-Id-Version": "Partner Library Exchange",
        "Language": first.target_language,
        "X-Source-Language": first.source_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    catalogue.header = gettext(
        "Keep the inline codes <g1>…</g1> and <x2/> as they are: they stand for the "
        "original's links, emphasis and line breaks."
    )
    for document in documents:
        for exchange_unit in document.units:
            catalogue.append(
                polib.POEntry(
                    msgctxt=f"{document.name}:{exchange_unit.id}",
                    msgid=exchange_unit.source,
                    msgstr=exchange_unit.target,
                    comment="\n".join(exchange_unit.notes),
                    flags=["fuzzy"] if exchange_unit.state == UnitState.MACHINE else [],
                )
            )
    return str(catalogue).encode("utf-8")


_WRITERS = {"xliff": _xliff2, "xliff12": _xliff12, "po": _po}


@dataclass
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def export_file(documents: list[ExchangeDocument], format_code: str, stem: str) -> ExportFile:
    """``documents`` in one file, or a zip of one file per language pair when they differ."""
    exchange_format = FORMATS[format_code]
    pairs: dict[tuple[str, str], list[ExchangeDocument]] = defaultdict(list)
    for document in documents:
        pairs[document.source_language, document.target_language].append(document)
    files = {
        f"{stem}-{source}-{target}.{exchange_format.extension}": _WRITERS[format_code](group)
        for (source, target), group in sorted(pairs.items())
    }
    if len(files) == 1:
        [(filename, content)] = files.items()
        return ExportFile(filename, exchange_format.content_type, content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, content in files.items():
            archive.writestr(filename, content)
    return ExportFile(f"{stem}.zip", "application/zip", buffer.getvalue())


# --- reading --------------------------------------------------------------------------


def _page_id(name: str | None) -> int | None:
    match = _PAGE.match(name or "")
    return int(match.group(1)) if match else None


def _read_target(element, dialect: inline.Dialect) -> tuple[str | None, str]:
    if element is None:
        return None, ""
    try:
        return inline.read(element, dialect), ""
    except MarkupMismatch as error:
        return "", str(error)


def _read_source(element, dialect: inline.Dialect) -> str:
    try:
        return inline.read(element, dialect) if element is not None else ""
    except MarkupMismatch:
        return ""  # differs from every source: refused as changed


def _file_of(element) -> etree._Element:
    while etree.QName(element).localname != "file":
        element = element.getparent()
    return element


def _read_xliff2(data: bytes) -> list[ImportedDocument]:
    store = xliff2.Xliff2File.parsestring(data)
    language = site_language(store.gettargetlanguage())
    documents: dict[str, ImportedDocument] = {}
    for unit in store.units:
        unit_element = unit.getunitelement()
        file_name = _file_of(unit_element).get("id")
        document = documents.setdefault(
            file_name,
            ImportedDocument(page_id=_page_id(file_name), target_language=language, name=file_name),
        )
        target, error = _read_target(unit.xmlelement.find(unit.namespaced("target")), inline.XLIFF2)
        if unit.xmlelement.get("state") == "initial":
            target = None
        document.units.append(
            ImportedUnit(
                id=unit_element.get("id", ""),
                source=_read_source(unit.xmlelement.find(unit.namespaced("source")), inline.XLIFF2),
                target=target,
                error=error,
            )
        )
    return list(documents.values())


def _read_xliff12(data: bytes) -> list[ImportedDocument]:
    store = xliff.xlifffile.parsestring(data)
    documents: dict[str, ImportedDocument] = {}
    for unit in store.units:
        if not unit.istranslatable():
            continue
        file_element = _file_of(unit.xmlelement)
        file_name = file_element.get("original", "")
        document = documents.setdefault(
            file_name,
            ImportedDocument(
                page_id=_page_id(file_name),
                target_language=site_language(file_element.get("target-language")),
                name=file_name,
            ),
        )
        target_element = unit.getlanguageNode(lang=None, index=1)
        target, error = _read_target(target_element, inline.XLIFF12)
        if target_element is not None and target_element.get("state", "").startswith("needs-"):
            target = None
        document.units.append(
            ImportedUnit(
                id=unit.xmlelement.get("id", ""),
                source=_read_source(unit.source_dom, inline.XLIFF12),
                target=target,
                error=error,
            )
        )
    return list(documents.values())


def _read_po(text: str) -> list[ImportedDocument]:
    catalogue = polib.pofile(text)
    language = site_language(catalogue.metadata.get("Language"))
    documents: dict[str, ImportedDocument] = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        match = _CONTEXT.match(entry.msgctxt or "")
        file_name, unit_id = (match.group(0).split(":", 1)) if match else ("", entry.msgctxt or "")
        document = documents.setdefault(
            file_name,
            ImportedDocument(page_id=_page_id(file_name), target_language=language, name=file_name),
        )
        document.units.append(
            ImportedUnit(
                id=unit_id,
                source=entry.msgid,
                target=None if entry.fuzzy else entry.msgstr,
            )
        )
    return list(documents.values())


def _read_one(data: bytes) -> list[ImportedDocument]:
    head = data.lstrip()[:1]
    if head == b"<":
        try:
            root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as error:
            raise UnreadableFile(gettext("The file is not well-formed XML.")) from error
        if etree.QName(root).localname != "xliff":
            raise UnreadableFile(gettext("The file is XML, but not XLIFF."))
        if root.get("version", "").startswith("2."):
            return _read_xliff2(data)
        return _read_xliff12(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(gettext("The file is neither XLIFF nor a UTF-8 PO file.")) from error
    try:
        documents = _read_po(text)
    except (OSError, ValueError) as error:
        raise UnreadableFile(gettext("The file is neither XLIFF nor PO.")) from error
    if not documents:
        raise UnreadableFile(gettext("The file holds no translation units."))
    return documents


MAX_ARCHIVE_MEMBERS = 200
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def read_file(data: bytes) -> list[ImportedDocument]:
    """The pages × languages in an exchange file (XLIFF 2, XLIFF 1.2, PO, or a zip of them)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return _read_one(data)
    documents = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if (
            len(members) > MAX_ARCHIVE_MEMBERS
            or sum(info.file_size for info in members) > MAX_UNPACKED_BYTES
        ):
            raise UnreadableFile(gettext("The archive is too large."))
        for info in members:
            documents += _read_one(archive.read(info))
    return documents
