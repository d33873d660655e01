"""News layout, sentences and tokens."""

from __future__ import annotations

import pytest

from newsnlp.segment import MAX_PIECE, MAX_SENTENCE, layout, pieces, sentences, tokenize_sentences

# text | date | rubric | title
LAYOUT_CASES = [
    (
        "13 сентября 2023, 16:30 В мире\n\nЗаголовок новости\n\nТекст.",
        "2023-09-13T16:30",
        "В мире",
        "Заголовок новости",
    ),
    ("13.09.2023 16:30\n\nЗаголовок\n\nТекст.", "2023-09-13T16:30", None, "Заголовок"),
    ("2023-09-13\nТекст новости.", "2023-09-13", None, None),
    ("1 мая 2011 г.\n\nТекст.\n\nЕщё текст.", "2011-05-01", None, None),
    ("Путин прибыл в Москву.\n\nОн сказал речь.", None, None, None),
    ("Кремль всех опередил\n\nПодана первая заявка.", None, None, "Кремль всех опередил"),
    ("", None, None, None),
    # not a date: the line is read as a title, and no date is invented
    ("32 мая 2023\n\nТекст.", None, None, "32 мая 2023"),
]


@pytest.mark.parametrize(("text", "date", "rubric", "title"), LAYOUT_CASES)
def test_layout_meta(text, date, rubric, title):
    meta, _ = layout(text)
    assert (meta.date, meta.rubric, meta.title) == (date, rubric, title)


@pytest.mark.parametrize("marker", ["Похожие новости", "Читайте также:", "ДРУГИЕ НОВОСТИ"])
def test_related_block_becomes_teaser_sections(marker):
    text = f"Текст. Сказал он.\n\n{marker}\n\nТизер один.\nТизер два."
    _, sections = layout(text)
    assert [s.kind for s in sections] == ["body", "related", "related"]
    assert [s.text for s in sections] == ["Текст. Сказал он.", "Тизер один.", "Тизер два."]


def test_sample_sections(sample_text):
    meta, sections = layout(sample_text)
    assert meta.date == "2023-09-13T16:30"
    assert meta.rubric == "В мире"
    assert meta.title.startswith("Мы всегда будем поддерживать Путина")
    body = [s for s in sections if s.kind == "body"]
    related = [s for s in sections if s.kind == "related"]
    assert len(body) == 1 and body[0].text.endswith("о поставках оружия.")
    assert len(related) == 12
    assert related[0].text.startswith("В воскресенье 47-летняя чешская туристка")
    assert all(sample_text[s.start : s.stop] == s.text for s in sections)


def test_sentences_never_cross_a_line():
    text = "Заголовок без точки\nПервое предложение. Второе.\n\nТретье"
    _, sections = layout(text)
    sents = [s.text for s in sentences(text, sections)]
    assert sents == ["Заголовок без точки", "Первое предложение.", "Второе.", "Третье"]


def test_tokens_carry_lemmas():
    tokens = list(tokenize_sentences("Дмитрия Пескова спросили.", []))
    assert [(t.text, t.lemma) for t in tokens][:3] == [
        ("Дмитрия", "дмитрий"),
        ("Пескова", "песков"),
        ("спросили", "спросить"),
    ]
    assert tokens[-1].text == "." and tokens[-1].pos is None


# text | limit | pieces: cut after a sentence end, else at a space, else anywhere
PIECE_CASES = [
    ("Раз два. Три четыре пять.", 12, ["Раз два.", "Три четыре", "пять."]),
    ("Раз два. Три.", 100, ["Раз два. Три."]),
    ("  Раз  ", 100, ["Раз"]),
    ("абвгдеёжзи", 4, ["абвг", "деёж", "зи"]),
    ("«Да!» Нет. «Да?» Нет.", 12, ["«Да!» Нет.", "«Да?» Нет."]),
    ("", 5, []),
    ("   \n  ", 5, []),
]


@pytest.mark.parametrize(("text", "limit", "expected"), PIECE_CASES)
def test_pieces(text, limit, expected):
    found = list(pieces(text, 0, len(text), limit))
    assert [text[a:b] for a, b in found] == expected
    assert all(b - a <= limit for a, b in found)


def test_long_runs_are_cut_into_bounded_sentences():
    # One line, no sentence end: razdel would read it whole (its time grows with the
    # square of such runs); a sentence never exceeds MAX_SENTENCE.
    text = "«»„“-" * (MAX_PIECE // 2) + " Путин сказал. " + "слово " * MAX_SENTENCE
    _, sections = layout(text)
    sents = list(sentences(text, sections))
    assert all(s.stop - s.start <= MAX_SENTENCE for s in sents)
    assert all(text[s.start : s.stop] == s.text for s in sents)
    assert "Путин сказал." in " ".join(s.text for s in sents)
    covered = sum(len(s.text.replace(" ", "")) for s in sents)
    assert covered == len(text.replace(" ", ""))  # nothing is lost at a cut


def test_long_paragraph_is_cut_at_sentence_ends(sample_text):
    # A scrape that lost its line breaks: the sentences are the ones razdel finds
    # paragraph by paragraph.
    flat = sample_text.replace("\n", " ")
    text = " ".join([flat] * (3 * MAX_PIECE // len(flat) + 1))
    _, sections = layout(text)
    found = [s.text for s in sentences(text, sections)]
    one = [s.text for s in sentences(flat, layout(flat)[1])]
    assert found[: len(one) - 1] == one[:-1]
    assert all(len(s) <= MAX_SENTENCE for s in found)


def test_bare_text_is_tokenized_in_bounded_pieces():
    text = "а-" * MAX_SENTENCE
    tokens = list(tokenize_sentences(text, []))
    assert all(t.stop - t.start <= MAX_SENTENCE for t in tokens)
    assert all(text[t.start : t.stop] == t.text for t in tokens)


@pytest.mark.parametrize("mark", [".", "!", "?", "…", ".!?…"])
def test_a_run_of_marks_is_tried_once_not_from_each_mark(mark):
    # issue 14.2: the sentence-end pattern was tried from every mark of a run, each try
    # reading to the run's end: quadratic in the run. It now starts at the run's first.
    from newsnlp.segment import _SENTENCE_END

    run = mark * 50 + " "
    assert _SENTENCE_END.match(run, 0) is not None
    assert _SENTENCE_END.match(run, 1) is None


@pytest.mark.parametrize("mark", [".", "!", "?", "…", ".»", "«", "а."])
def test_a_megabyte_of_marks_is_cut_into_pieces_in_bounded_time(mark):
    # issue 14.2 as a hang guard (figures: benchmarks/hostile.py): 1 MB of dots took
    # about 8 s in pieces() before the fix, well under a second after.
    import time

    text = mark * (1_000_000 // len(mark))
    start = time.perf_counter()
    cuts = list(pieces(text, 0, len(text), MAX_PIECE))
    assert time.perf_counter() - start < 3
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(b - a <= MAX_PIECE for a, b in cuts)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_line_end_gives_the_same_layout(sample_text, end):
    # issue 14.14: with lone \r line ends the sample was one section instead of 13.
    text = sample_text.replace("\r\n", "\n").replace("\n", end)
    meta, sections = layout(text)
    plain_meta, plain = layout(sample_text.replace("\r\n", "\n"))
    assert len(sections) == len(plain) > 1
    assert meta.title == plain_meta.title
    for section in sections:
        assert text[section.start : section.stop] == section.text
    assert [s.text.replace(end, "\n") for s in sections] == [s.text for s in plain]


GLUED_CASES = [
    # Wikinews footnote glued to the sentence before (NEREL train 163703)
    (
        "МИД России сообщил, что будет использовать название Королевство Эсватини (Kingdom "
        "of Eswatini)Официальный ответ находится у журналиста.",
        [
            "МИД России сообщил, что будет использовать название Королевство Эсватини "
            "(Kingdom of Eswatini)",
            "Официальный ответ находится у журналиста.",
        ],
    ),
    # names with a period inside stay whole; a bracket before a lower-case word too
    ("Сервис Яндекс.Деньги (ЯД)запустил перевод.", ["Сервис Яндекс.Деньги (ЯД)запустил перевод."]),
    ("Сайт Mail.Ru сообщил о сбое.", ["Сайт Mail.Ru сообщил о сбое."]),
]


@pytest.mark.parametrize(("text", "expected"), GLUED_CASES)
def test_sentences_glued_by_a_scrape_are_cut(text, expected):
    _, sections = layout(text)
    assert [s.text for s in sentences(text, sections)] == expected
