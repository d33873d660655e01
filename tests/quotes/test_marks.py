"""Quote-mark pairing, table-driven: text | the quotations found."""

from __future__ import annotations

import pytest

from newsnlp.quotes.marks import find_regions

CASES = [
    ("Он назвал это «большой сделкой».", ["большой сделкой"]),
    ("„Да“, – сказал он.", ["Да"]),
    ("“Yes”, he said.", ["Yes"]),
    # straight quotes nested in straight quotes
    (
        '"Мы приехали на "Восточный". Да", - сказал он.',
        ['Мы приехали на "Восточный". Да', "Восточный"],
    ),
    # one straight mark closes the inner and the outer quotation
    (
        '"Там используется слово "уважаем", — сказал Ушаков.',
        ['Там используется слово "уважаем', "уважаем"],
    ),
    # « opening each paragraph of a long quotation
    ("«Первый абзац.\n\n«Второй абзац», — сказал он.", ["Первый абзац.\n\n«Второй абзац"]),
    # a straight mark left open does not pair across paragraphs
    ('Он сказал "да.\n\nДругой абзац, "нет" и всё.', ["нет"]),
    # lone and unpaired marks
    ('5" диагональ и » без пары', []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_find_regions(text, expected):
    regions = find_regions(text, 0, len(text))
    assert sorted(text[r.start : r.stop] for r in regions) == sorted(expected)
