"""Text that looks like markup or an address stays text, through glossary and provider.

Editors write about markup (``<x1/>`` typed as text) and put web and e-mail
addresses in prose. Placeholders must never collide with such literals, and
addresses must reach the page exactly as written, whatever the glossary says.
A "provider" here keeps placeholders and prefixes the text, as a good one does.
"""

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_site.translation import glossary
from exchange_site.translation.markup import decode_inline
from exchange_site.translation.segments import extract_units, rebuild_value
from practices.models import PracticePage

BODY = PracticePage._meta.get_field("body")
SUMMARY = PracticePage._meta.get_field("summary")
ARTOTHEK = glossary.Term("Artothek", "artothèque", protected=False)

LOOK_ALIKES = ["<x1/>", "<g1>", "</g1>", "<x901/>", "<g2>x</g2>", "&lt;", "&amp;", "&", "<", ">"]
plain_words = st.lists(
    st.one_of(
        st.sampled_from(LOOK_ALIKES),
        st.text(alphabet="abcdeäöü ", min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=8,
).map("".join)
addresses = st.sampled_from(
    [
        "artothek@stadtbibliothek.example.de",
        "https://bibo.example.org/artothek?id=1&lang=de",
        "www.artothek.example.org/Artothek",
        "Artothek.example.com",
    ]
)


def translate(units, is_html_unit, terms=()):
    """Segments through glossary protection and a placeholder-keeping provider, decoded."""
    results = []
    for unit in units:
        texts = []
        for segment in unit.segments:
            protected = glossary.protect(segment, list(terms), unit.is_html)
            answer = "T " + protected.text
            decode_inline(answer, protected, unit.is_html)  # the markup check the pipeline makes
            memory_form = glossary.unprotect(answer, protected, unit.is_html)
            texts.append(decode_inline(memory_form, segment, unit.is_html))
        results.append(texts)
    return results


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plain_words, min_size=1, max_size=3))
def test_placeholder_look_alikes_in_rich_text_stay_text(paragraphs):
    value = "".join(f"<p>Text <b>{html.escape(p, quote=False)}</b> hier.</p>" for p in paragraphs)
    stream = [{"type": "paragraph", "value": value, "id": "p"}]
    units = extract_units(BODY, stream)
    identity = [[decode_inline(s.text, s, True) for s in unit.segments] for unit in units]
    assert rebuild_value(BODY, stream, units, identity) == stream, "round trip changed the text"
    translated = rebuild_value(BODY, stream, units, translate(units, True))[0]["value"]
    expected = "".join(
        f"<p>T Text <b>{html.escape(p, quote=False)}</b> hier.</p>" for p in paragraphs
    )
    assert translated == expected, "a literal that looks like a placeholder became markup"


@settings(max_examples=150, deadline=None)
@given(st.lists(plain_words, min_size=1, max_size=3).map("\n".join))
def test_placeholder_look_alikes_in_plain_text_stay_text(value):
    units = extract_units(SUMMARY, value)
    identity = [[decode_inline(s.text, s, False) for s in unit.segments] for unit in units]
    assert rebuild_value(SUMMARY, value, units, identity) == value, "round trip changed the text"
    translated = rebuild_value(SUMMARY, value, units, translate(units, False))
    for line, source_line in zip(translated.split("\n"), value.split("\n"), strict=True):
        if source_line.strip() and any(u.segments for u in extract_units(SUMMARY, source_line)):
            assert line.strip() == "T " + source_line.strip(), (
                f"the literal text {source_line!r} came back as {line!r}"
            )


@settings(max_examples=100, deadline=None)
@given(
    addresses,
    st.sampled_from(["", "(", "<b>"]),
    st.sampled_from(["", ".", ")", ","]),
    st.booleans(),
)
def test_addresses_in_prose_are_hidden_from_glossary_and_provider(address, lead, trail, rich):
    if rich:
        closing = "</b>" if lead == "<b>" else ""
        written = f"{lead}{html.escape(address, quote=False)}{closing}"
        value = f"<p>Die Artothek: {written}{trail} Fragen an die Artothek</p>"
        units = extract_units(BODY, [{"type": "paragraph", "value": value, "id": "p"}])
    else:
        value = f"Die Artothek: {lead.strip('<b>')}{address}{trail} Fragen an die Artothek"
        units = extract_units(SUMMARY, value)
    [segment] = units[0].segments
    protected = glossary.protect(segment, [ARTOTHEK], rich)
    sent = html.unescape(protected.text)
    assert address not in sent, f"the provider was sent the address: {sent!r}"
    assert "Artothek" not in sent, f"a glossary term was sent to the provider: {sent!r}"
    memory_form = glossary.unprotect("T " + protected.text, protected, rich)
    assert glossary.violations(segment.text, memory_form, [ARTOTHEK]) == [], (
        "an address containing a glossary term raised a glossary warning"
    )
    shown = decode_inline(memory_form, segment, rich)
    shown = html.unescape(shown) if rich else shown
    assert address in shown, f"the address {address!r} was changed: {shown!r}"
    assert shown.count("artothèque") == 2, f"the glossary should render both terms: {shown!r}"
