"""Segmentation and markup protection: lossless, and only text reaches providers."""

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_site.translation.errors import MarkupMismatch
from exchange_site.translation.markup import decode_inline, encode_inline
from exchange_site.translation.segments import extract_units, rebuild_value
from meetings.models import ExchangeTripPage
from practices.models import PracticePage

BODY = PracticePage._meta.get_field("body")
SUMMARY = PracticePage._meta.get_field("summary")
PROGRAMME = ExchangeTripPage._meta.get_field("programme")

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
    min_size=1,
    max_size=30,
).map(lambda text: html.escape(text, quote=False))


@st.composite
def inline_html(draw, depth=0):
    parts = draw(
        st.lists(
            st.one_of(
                words,
                st.just("<br/>"),
                *(
                    []
                    if depth > 1
                    else [
                        st.tuples(st.sampled_from(["b", "i"]), inline_html(depth + 1)).map(
                            lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>"
                        ),
                        inline_html(depth + 1).map(
                            lambda inner: f'<a href="https://example.org/?a=1&amp;b=2">{inner}</a>'
                        ),
                    ]
                ),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return "".join(parts)


rich_text = st.lists(
    st.one_of(
        inline_html().map(lambda inner: f"<p>{inner}</p>"),
        # Only what the paragraph block's features allow: segmenting cleans to them.
        st.tuples(st.sampled_from(["h3", "h4"]), words).map(lambda p: f"<{p[0]}>{p[1]}</{p[0]}>"),
        st.lists(inline_html(), min_size=1, max_size=3).map(
            lambda items: "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        ),
        st.just("<hr/>"),
    ),
    min_size=1,
    max_size=5,
).map("".join)


# Step and session descriptions allow only inline formatting and lists.
short_rich_text = st.lists(
    st.one_of(
        inline_html().map(lambda inner: f"<p>{inner}</p>"),
        st.lists(inline_html(), min_size=1, max_size=3).map(
            lambda items: "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        ),
    ),
    min_size=1,
    max_size=4,
).map("".join)


def identity(units):
    return [[decode_inline(s.text, s, unit.is_html) for s in unit.segments] for unit in units]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_text)
def test_rich_text_segment_and_reassemble_is_lossless(value):
    stream = [{"type": "paragraph", "value": value, "id": "p1"}]
    units = extract_units(BODY, stream)
    assert rebuild_value(BODY, stream, units, identity(units)) == stream


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(words, st.just(""), st.just("  ")), min_size=1, max_size=6).map("\n".join)
)
def test_plain_text_segment_and_reassemble_is_lossless(value):
    units = extract_units(SUMMARY, value)
    assert rebuild_value(SUMMARY, value, units, identity(units)) == value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(short_rich_text, words, words)
def test_nested_streamfield_values_are_lossless(description, title, session):
    stream = [
        {"type": "heading", "value": {"text": title, "level": "h2"}, "id": "h"},
        {
            "type": "key_facts",
            "id": "k",
            "value": [{"type": "item", "value": {"label": title, "value": "2,500"}, "id": "k1"}],
        },
        {
            "type": "how_to_adopt",
            "id": "a",
            "value": [
                {
                    "type": "item",
                    "value": {"title": session, "description": description},
                    "id": "a1",
                }
            ],
        },
        {
            "type": "contact",
            "id": "c",
            "value": {
                "name": "Anna Schmidt",
                "role": session,
                "email": "anna@example.org",
                "phone": "+49 351",
            },
        },
    ]
    units = extract_units(BODY, stream)
    assert rebuild_value(BODY, stream, units, identity(units)) == stream
    programme = [
        {
            "type": "day",
            "id": "d",
            "value": {
                "date": "2027-04-26",
                "title": title,
                "sessions": [
                    {
                        "type": "item",
                        "id": "s",
                        "value": {
                            "start_time": "09:30:00",
                            "end_time": None,
                            "title": session,
                            "location": "",
                            "description": description,
                        },
                    }
                ],
            },
        }
    ]
    units = extract_units(PROGRAMME, programme)
    assert rebuild_value(PROGRAMME, programme, units, identity(units)) == programme


def test_only_prose_is_segmented():
    stream = [
        {
            "type": "paragraph",
            "id": "p",
            "value": '<p>Read <a href="/x" linktype="page" id="3">the'
            " <b>guide</b></a><br/>now.</p><p>2024</p>",
        },
        {
            "type": "image",
            "id": "i",
            "value": {"image": 4, "caption": "Reading room", "attribution": ""},
        },
        {
            "type": "contact",
            "id": "c",
            "value": {
                "name": "Anna Schmidt",
                "role": "Curator",
                "email": "anna@example.org",
                "phone": "+49 351",
            },
        },
        {
            "type": "resources",
            "id": "r",
            "value": [
                {
                    "type": "item",
                    "id": "r1",
                    "value": {
                        "title": "Catalogue",
                        "url": "https://example.org/art",
                        "page": None,
                        "document": 2,
                        "description": "",
                    },
                }
            ],
        },
    ]
    sent = [s.text for unit in extract_units(BODY, stream) for s in unit.segments]
    assert sent == [
        "Read <g1>the <g2>guide</g2></g1><x3/>now.",
        "Reading room",
        "Curator",
        "Catalogue",
    ], "numbers, names, e-mails, URLs and chooser ids stay home"


def test_long_paragraphs_are_split_into_sentences():
    value = "<p>" + " ".join(f"Sentence number {n} is here." for n in range(40)) + "</p>"
    units = extract_units(BODY, [{"type": "paragraph", "value": value, "id": "p"}])
    assert len(units[0].segments) == 40


def test_provider_markup_is_only_accepted_back_as_sent():
    source = encode_inline('Die <a href="/artothek">Artothek</a>')
    with pytest.raises(MarkupMismatch):
        decode_inline('<g1 onerror="alert(1)">Artothek</g1>', source)
    with pytest.raises(MarkupMismatch):
        decode_inline("Die Artothek", source)
    with pytest.raises(MarkupMismatch):
        decode_inline("</g1>Artothek<g1>", source)
    injected = decode_inline(
        '<script>alert(1)</script><img onerror="x"> <g1>artothèque</g1>', source
    )
    assert injected == (
        '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img onerror="x"&gt; '
        '<a href="/artothek">artothèque</a>'
    ), "anything but our placeholders must come back as text"


def test_unbalanced_source_markup_is_reported():
    with pytest.raises(MarkupMismatch, match="unclosed <b>"):
        encode_inline("Die <b>Artothek")
