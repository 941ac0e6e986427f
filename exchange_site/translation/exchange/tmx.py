"""The translation memory as TMX 1.4b, out and in (translate-toolkit writes and reads the file).

Each entry is a ``<tu>`` with a ``<tuv>`` per language; inline placeholders
are TMX codes (``<bpt>``/``<ept>``/``<ph>``, see ``inline``). Whether a
person or a provider wrote the translation travels as ``<prop
type="x-origin">`` (and the provider as ``x-provider``), so a memory read
back here keeps its rules: machine entries are reused only by their
provider. Entries from other tools carry no origin and count as a person's
wording, as translation memories exchanged between agencies are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lxml import etree
from translate.storage import tmx

from ..errors import MarkupMismatch
from ..models import TranslationMemoryEntry
from . import inline
from .formats import UnreadableFile, site_language

Origin = TranslationMemoryEntry.Origin
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export_memory(source: str | None = None, target: str | None = None) -> bytes:
    """Every memory entry (or those of one language pair) as a TMX 1.4b document."""
    entries = TranslationMemoryEntry.objects.order_by("source_language", "target_language", "pk")
    if source:
        entries = entries.filter(source_language=source)
    if target:
        entries = entries.filter(target_language=target)
    store = tmx.tmxfile(sourcelanguage=source or "*all*")
    for entry in entries.iterator():
        store.addtranslation("-", entry.source_language, "-", entry.target_language)
        unit = store.units[-1]
        unit.xmlelement.set("srclang", entry.source_language)
        properties = {"x-origin": entry.origin}
        if entry.provider:
            properties["x-provider"] = entry.provider
        for position, (name, value) in enumerate(properties.items()):
            prop = etree.Element("prop", type=name)
            prop.text = value
            unit.xmlelement.insert(position, prop)
        source_seg, target_seg = (tuv.find("seg") for tuv in unit.xmlelement.iterchildren("tuv"))
        inline.fill(source_seg, entry.source_text, inline.TMX, {})
        inline.fill(target_seg, entry.target_text, inline.TMX, {})
    return bytes(store)


@dataclass
class MemoryImport:
    """How many entries an import stored, per language pair, and how many it passed over."""

    stored: dict[tuple[str, str], int]
    skipped: int


def import_memory(data: bytes) -> MemoryImport:
    """Store the translation units of a TMX file (any number of languages per unit).

    Languages the site does not have, and segments with codes TMX allows but
    the pipeline cannot rebuild (``<it>``, ``<ut>``, unpaired codes), are passed over.
    """
    try:
        store = tmx.tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(str(error)) from error
    header = store.document.getroot().find("header")
    default_source = header.get("srclang", "") if header is not None else ""
    pairs: dict[tuple[str, str, str, str], dict[str, str]] = defaultdict(dict)
    skipped = 0
    for unit in store.units:
        element = unit.xmlelement
        properties = {prop.get("type"): prop.text or "" for prop in element.iterchildren("prop")}
        origin = properties.get("x-origin", Origin.REVIEWED)
        if origin not in Origin.values:
            origin = Origin.REVIEWED
        provider = properties.get("x-provider", "") if origin == Origin.MACHINE else ""
        texts = {}
        for tuv in element.iterchildren("tuv"):
            language = site_language(tuv.get(_XML_LANG) or tuv.get("lang"))
            seg = tuv.find("seg")
            if not language or seg is None:
                continue
            try:
                texts[language] = inline.read(seg, inline.TMX)
            except MarkupMismatch:
                skipped += 1
        source = site_language(element.get("srclang") or default_source)
        if source not in texts:
            skipped += 1
            continue
        for target, text in texts.items():
            if target != source and text.strip():
                pairs[source, target, origin, provider][texts[source]] = text
    stored = defaultdict(int)
    for (source, target, origin, provider), table in pairs.items():
        TranslationMemoryEntry.objects.remember(source, target, origin, provider, table)
        stored[source, target] += len(table)
    return MemoryImport(stored=dict(stored), skipped=skipped)
