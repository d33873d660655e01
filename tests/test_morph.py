"""pymorphy3 normal forms."""

from __future__ import annotations

import pytest

from newsnlp.morph import get_morph

# words | nominative person name
NAMES = [
    ("Путина", "Путин"),
    ("Путину", "Путин"),
    ("Путиным", "Путин"),
    ("Дмитрия Пескова", "Дмитрий Песков"),
    ("Кима", "Ким"),
    ("Ким Чен Ын", "Ким Чен Ын"),
    ("Алексея Навального", "Алексей Навальный"),
    ("Анны Политковской", "Анна Политковская"),
    ("Илон Маск", "Илон Маск"),
    ("Бараком Обамой", "Барак Обама"),
    ("Сергею Шойгу", "Сергей Шойгу"),
    ("Лаврову", "Лавров"),  # a tie between Лавров (datv) and Лаврова (accs): the man
    ("Валентины Матвиенко", "Валентина Матвиенко"),
    ("Джона Кирби", "Джон Кирби"),
    ("Велки Ханг", "Велки Ханг"),
    ("Юрия Лужкова", "Юрий Лужков"),
]

# words | nominative place or organisation
PHRASES = [
    ("Северной Кореи", "Северная Корея"),
    ("Совете Безопасности", "Совет Безопасности"),
    ("Белого дома", "Белый дом"),
    ("Российской Федерацией", "Российская Федерация"),
    ("Соединенных Штатах", "Соединенные Штаты"),
    ("Министерство иностранных дел", "Министерство иностранных дел"),
    ("Малой Холодной долине", "Малая Холодная долина"),
    ("Кремля", "Кремль"),
    ("Попраде", "Попраде"),  # unknown word: kept, never a guess
    ("ООН", "ООН"),
    # an abbreviation never declines, and loses the case ending put on it (NEREL train)
    ("ДУМ республики", "ДУМ республики"),
    ("ИГ", "ИГ"),
    ("МИДа России", "МИД России"),
    ("МИДе", "МИД"),
]


@pytest.mark.parametrize(("words", "expected"), NAMES)
def test_nominative_name(words, expected):
    assert get_morph().nominative_name(words.split()) == expected


@pytest.mark.parametrize(("words", "expected"), PHRASES)
def test_nominative_phrase(words, expected):
    assert get_morph().nominative_phrase(words.split()) == expected


def test_ambiguous_surname_lists_both_readings():
    assert get_morph().name_forms(["Иванова"]) == ["Иванов", "Иванова"]


@pytest.mark.parametrize(
    ("verb", "feminine"),
    [("заявила", True), ("сказал", False), ("сообщили", None), ("уверена", True), ("дом", None)],
)
def test_verb_gender(verb, feminine):
    assert get_morph().is_feminine_verb(verb) is feminine


# -- the dictionary reader and the caches (issue 15; issue 14 item 5) ------------------


def test_the_c_dictionary_reader_is_in_use() -> None:
    # pymorphy3[fast] is a dependency; on CPython its DAWG2 wheel must be what reads the
    # dictionaries, since the pure-Python fallback doubles the cost of every lookup.
    from newsnlp.morph import dictionary_reader

    assert dictionary_reader() == "DAWG2"


def _unique_words(n: int) -> list[str]:
    # Russian-looking nonce words: each is a new key, and pymorphy3 still guesses parses.
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    out = []
    for i in range(n):
        word, k = "", i
        while True:
            word += letters[k % len(letters)]
            k //= len(letters)
            if not k:
                break
        out.append(word + "ами")
    return out


def test_caches_stay_within_their_byte_bound_on_many_unique_words() -> None:
    from newsnlp.morph import Morph

    morph = Morph(cache_bytes=2_000_000)
    for word in _unique_words(20_000):
        morph.lemma(word)
        morph.cases(word)
        morph.is_known(word)
        morph.name_readings(word)
    assert 0 < morph.cache_nbytes <= 2_000_000
    # Evicted, not frozen: the newest words are still there, the oldest gone.
    assert len(morph.parse) < 20_000
    assert morph.lemma("Путина") == "путин"


def test_a_cached_parse_is_the_same_object() -> None:
    from newsnlp.morph import Morph

    morph = Morph(cache_bytes=1_000_000)
    assert morph.parse("заявил") is morph.parse("заявил")
    assert morph.parse.hits == 1


def test_the_default_bound_is_documented() -> None:
    from newsnlp.morph import DEFAULT_CACHE_BYTES, Morph

    assert DEFAULT_CACHE_BYTES == 256 * 1024 * 1024
    assert "256 MiB" in (Morph.__doc__ or "")


@pytest.mark.parametrize(
    "word", ["Путина", "заявил", "87-летнего", "СИЗО-6", "iPhone", "щщщ", "ёлка", "В", "𖣐"]
)
def test_lemma_and_pos_are_the_first_parses(word: str) -> None:
    # The lemma-and-POS cache every token reads says what the first parse says.
    from newsnlp.morph import get_morph

    morph = get_morph()
    parses = morph.parse(word)
    lemma = str(parses[0].normal_form) if parses else word.lower()
    pos = str(parses[0].tag.POS) if parses and parses[0].tag.POS else None
    assert morph.lemma_pos(word) == (lemma, pos)
    assert (morph.lemma(word), morph.pos(word)) == (lemma, pos)
    assert all(type(v) is str for v in morph.lemma_pos(word) if v is not None)


def test_the_lemma_cache_counts_in_the_bound() -> None:
    from newsnlp.morph import Morph

    morph = Morph(cache_bytes=1_000_000)
    for word in _unique_words(5_000):
        morph.lemma_pos(word)
    assert 0 < morph.lemma_pos.nbytes <= morph.cache_nbytes <= 1_000_000
    assert len(morph.lemma_pos) < 5_000  # its share is 5 %: the oldest went
