"""Word lists in newsnlp/data: every file reads and follows its format, and a typo in a
class is refused with the file and the line, not silently ignored."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from newsnlp.errors import WordListError
from newsnlp.lexicon import (
    CUE_CLASSES,
    fold_yo,
    load_classes,
    load_list,
    load_table,
    parse_classes,
)

DATA = resources.files("newsnlp").joinpath("data")
# WORD | ... rows; every other file is a list
TABLES = {"cues", "media", "organisations", "place_names"}


def test_every_word_list_reads_and_is_commented():
    names = sorted(p.name[:-4] for p in DATA.iterdir() if p.name.endswith(".txt"))
    assert len(names) >= 14
    for name in names:
        text = DATA.joinpath(f"{name}.txt").read_text(encoding="utf-8")
        assert text.startswith("#"), f"{name}.txt opens with a comment saying what it holds"
        rows = load_table(name) if name in TABLES else load_list(name)
        assert rows, name


def test_cue_classes_are_all_known():
    cues = load_classes("cues", frozenset(CUE_CLASSES))
    assert cues["заявить"] == {"speech"}
    assert set().union(*cues.values()) <= set(CUE_CLASSES)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("заявить | speach", "line 7 gives the class speach, which is not one of"),
        ("заявить", "line 7 is 'заявить'; write WORD | CLASS"),
        ("заявить | speech | opinion", "write WORD | CLASS"),
        ("заявить |", "write WORD | CLASS"),
    ],
)
def test_a_malformed_class_row_names_file_and_line(line, says):
    with pytest.raises(WordListError, match=re.escape(says)) as caught:
        parse_classes("cues", [(7, line)], frozenset(CUE_CLASSES))
    assert "newsnlp/data/cues.txt" in str(caught.value)


def test_a_missing_list_says_so():
    with pytest.raises(WordListError, match=re.escape("no word list newsnlp/data/nonexistent.txt")):
        load_list("nonexistent")


def test_yo_is_folded_one_way():
    assert fold_yo("Ёлка ещё") == "Елка еще"
