"""The search-quality test set: queries readers type, and the demo page each must find.

Each case is (reader language, query, expected pages, what it tests). Pages
are named by one of their slugs in the demo content
(``exchange_site/demo/data.py``). A query whose words are found nowhere must
be corrected by "Did you mean"; the corrected query must then find the page.
Used by ``tests/test_search_quality.py`` and ``benchmarks/search_quality.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    language: str
    query: str
    expected: tuple[str, ...]
    kind: str

    @property
    def label(self) -> str:
        return f"[{self.language}] {self.query!r} ({self.kind})"


def case(language: str, query: str, *expected: str, kind: str) -> Case:
    return Case(language, query, expected, kind)


CASES: list[Case] = [
    # German: singular finds plural, and the other way round
    case("de", "Schulbibliothek", "schulbibliotheken", kind="inflection"),
    case("de", "Lesepate", "lesepaten", kind="inflection"),
    case("de", "Turnier", "playstation-in-der-mediathek", kind="inflection"),
    case("de", "Videospiel", "playstation-in-der-mediathek", kind="inflection"),
    case("de", "Künstlerin", "artothek", kind="inflection"),
    case("de", "Kunstwerk", "artothek", kind="inflection"),
    # German transliteration and compounds
    case("de", "Kuenstler", "artothek", kind="transliteration ue/ü"),
    case("de", "Strassburger Mediatheken", "mediatheken-strassburg", kind="transliteration ss/ß"),
    case("de", "Videoueberwachung", "bibo-7-10", kind="transliteration ue/ü"),
    case("de", "Ausweis", "bibo-7-10", "artothek", kind="compound"),
    case("de", "Festival", "strasbourg-visits-dresden-2022", kind="compound"),
    case("de", "Sonntag ohne Personal", "bibo-7-10", kind="multi-word"),
    # Danish: definite forms and æ/ø/å typed out
    case("da", "hverdagsmålene", "verdensmaal-til-hverdagsmaal", kind="definite plural"),
    case("da", "læseklubben", "laeselyst", kind="definite singular"),
    case("da", "kodeværkstedet", "skaberkultur-og-teknologiglaede", kind="definite singular"),
    case("da", "boern", "laeselyst", kind="transliteration oe/ø"),
    case("da", "baeredygtighed", "verdensmaal-til-hverdagsmaal", kind="transliteration ae/æ"),
    case("da", "vaerktoej", "verdensmaal-til-hverdagsmaal", kind="transliteration ae/æ, oe/ø"),
    case("da", "teknologi", "skaberkultur-og-teknologiglaede", kind="compound"),
    case("da", "læselyst unge", "laeselyst", kind="multi-word"),
    # French: plural, accents left out
    case("fr", "bénévole", "lesepaten", kind="inflection"),
    case("fr", "benevoles", "lesepaten", kind="accents left out"),
    case("fr", "tournoi", "jeu-video-en-mediatheque", kind="inflection"),
    case("fr", "mediatheques de quartier", "mediatheques-de-strasbourg", kind="multi-word"),
    case("fr", "jeux video", "jeu-video-en-mediatheque", kind="multi-word"),
    # English
    case("en", "library card", "bibo-7-10", kind="multi-word"),
    case("en", "volunteer", "school-libraries", kind="inflection"),
    case("en", "Sundays", "bibo-7-10", kind="inflection"),
    case("en", "weeding", "sustainability-in-libraries-2023", kind="inflection"),
    case("en", "Kunst", "artothek", kind="another language's word"),
    # The glossary's renderings connect the languages
    case("en", "art lending library", "artothek", kind="glossary"),
    case("da", "artotek", "artothek", kind="glossary"),
    case("fr", "artothèques", "artothek", kind="glossary + inflection"),
    case("en", "reading mentors", "lesepaten", kind="glossary"),
    case("fr", "parrain de lecture", "lesepaten", kind="glossary + inflection"),
    case("da", "skolebibliotek", "schulbibliotheken", kind="glossary"),
    case("de", "Nachhaltigkeitsziele", "verdensmaal-til-hverdagsmaal", kind="glossary"),
    # Typos: "Did you mean" must lead to the page
    case("en", "sustainabilty", "sustainability-in-libraries-2023", kind="typo"),
    case("de", "Artotehk", "artothek", kind="typo"),
    case("da", "laeselust", "laeselyst", kind="typo"),
    case("fr", "tournios", "jeu-video-en-mediatheque", kind="typo"),
    case("en", "photografs", "artothek", kind="typo"),
]
