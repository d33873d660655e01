"""Invariants that hold for any input text (hypothesis).

Scraped news is dirty: HTML remnants, zero-width and no-break spaces, combining accents,
NUL, lone surrogates from a bad decode, unbalanced or mixed quote marks, Ukrainian and
Latin text. Whatever the str, the Document keeps every offset exact, its ids resolve and
its JSON line encodes to UTF-8 (tests/conftest.py: assert_valid_document).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsnlp import Pipeline

from .conftest import assert_valid_document

# Russian news-like alphabet: letters, digits, every quote mark and dash the rules read.
ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ")
    + list("0123456789.,:;!?-—–«»„“”\"'()\n\r\t")
)
WORDS = st.sampled_from(
    [
        "Путин",
        "Путину",
        "Ким",
        "Чен",
        "Ын",
        "заявил",
        "сказал",
        "что",
        "по словам",
        "ТАСС",
        'РИА "Новости"',
        "«",
        "»",
        '"',
        " - ",
        " — ",
        ":",
        ",",
        ".",
        "\n\n",
        "Похожие новости",
        "сообщает",
        "агентство",
        "Интерфакс",
        "Песков",
        "он",
        "она",
        "Москва",
        "13 мая 2023",
    ]
)
QUOTE_MARKS = list("«»„“”\"'‘’‹›‚")
DASHES = list("-‐‑‒–—―−")
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"]
CYRILLIC = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯіїєґІЇЄҐ")
# What scrapers leave in news text, and text in other languages and scripts.
DEBRIS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br/>",
        "&nbsp;",
        "&laquo;",
        "&raquo;",
        "&#8212;",
        '<a href="https://ria.ru/20230913/kim.html">',
        "</a>",
        "<!-- counter -->",
        "<script>var q = '«';</script>",
        "е\u0301",
        "\u0301",
        "\u0308\u0308",
        "\x00",
        "\x1b[0m",
        "\r",
        "\x0c",
        "\u2028",
        "\u2029",
        "\x85",
        "\ud800",
        "\udfff",
        "\udc80",
        "\ud83d\ude00",
        "😀",
        "𝕏",
        "\U00017000",
        "\u202e",
        "مرحبا",
        "Зеленський заявив, що Київ готовий.",
        "«Слава Україні», — сказав він.",
        "повідомляє Укрінформ",
        "Reuters",
        '"We are ready," Biden said.',
        "Lorem ipsum dolor sit amet.",
    ]
)
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.text(max_size=200),  # any unicode at all
    st.text(st.characters(exclude_categories=()), max_size=100),  # lone surrogates too
)
SEPARATORS = st.sampled_from(["", " ", " ", "\n", "\n\n", ", ", " — "])
HOSTILE = st.lists(
    st.tuples(
        st.one_of(
            DEBRIS,
            WORDS,
            st.sampled_from(QUOTE_MARKS + DASHES + ZERO_WIDTH),
            st.text(st.characters(exclude_categories=()), max_size=4),
        ),
        SEPARATORS,
    ),
    max_size=50,
).map(lambda parts: "".join(a + b for a, b in parts))
# The check: random strings of quote marks, dashes, Cyrillic and zero-width
# characters, as characters and as words.
MARKS_DASHES_CYRILLIC = st.one_of(
    st.text(
        st.sampled_from(QUOTE_MARKS + DASHES + ZERO_WIDTH + CYRILLIC + [" ", "\n", ",", "."]),
        max_size=200,
    ),
    st.lists(st.one_of(WORDS, st.sampled_from(QUOTE_MARKS + DASHES + ZERO_WIDTH)), max_size=60).map(
        "".join
    ),
    st.lists(st.one_of(WORDS, st.sampled_from(QUOTE_MARKS + DASHES + ZERO_WIDTH)), max_size=60).map(
        " ".join
    ),
)
QUICK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
# At least the 300; the deep profile (tests/conftest.py) asks for more.
AT_LEAST_300 = settings(QUICK, max_examples=max(300, settings().max_examples))


@QUICK
@given(TEXTS)
def test_any_text_gives_a_valid_document(nlp, text):
    assert_valid_document(nlp(text), text)


@QUICK
@given(HOSTILE)
def test_scraped_debris_gives_a_valid_document(nlp, text):
    assert_valid_document(nlp(text), text)


@AT_LEAST_300
@given(MARKS_DASHES_CYRILLIC)
def test_quote_marks_dashes_cyrillic_zero_width_keep_every_offset(nlp, text):
    assert_valid_document(nlp(text), text)


@QUICK
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_pipe_equals_call(nlp, texts):
    streamed = [d.as_json() for d in nlp.pipe(texts, batch_size=2)]
    single = [nlp(t, id=f"doc{i}").as_json() for i, t in enumerate(texts, 1)]
    assert streamed == single


@pytest.fixture(scope="module")
def windowed_nlp():
    # Windows of 1 000 characters: hypothesis's texts of a few thousand are long texts.
    return Pipeline(window=1_000)


LONG = (
    st.lists(st.tuples(st.one_of(WORDS, DEBRIS), SEPARATORS), min_size=150, max_size=600)
    .map(lambda parts: "".join(a + b for a, b in parts))
    .filter(lambda text: len(text) > 1_500)
)


@settings(QUICK, max_examples=max(25, settings().max_examples // 4))
@given(LONG)
def test_windowed_documents_are_valid(windowed_nlp, text):
    # Texts of several windows: merged ids, clusters and offsets hold as for one.
    assert_valid_document(windowed_nlp(text), text)
