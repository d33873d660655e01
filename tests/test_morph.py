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
