"""Every gold file in corpora/ follows ANNOTATION.md to the letter."""

from __future__ import annotations

import json

import pytest

from .conftest import CORPORA, read

GOLD = sorted(CORPORA.rglob("*.quotes.jsonl"))
KEYS = {"doc", "kind", "start", "stop", "text", "speaker", "source", "addressee", "optional"}
MARKS = '"«»„“”'


def test_corpora_are_big_enough():
    rows = [json.loads(x) for p in GOLD for x in p.read_text("utf-8").splitlines() if x.strip()]
    assert len(GOLD) >= 20
    assert len(rows) >= 150
    assert {p.parent.name for p in GOLD} >= {"sample", "tune", "heldout"}


@pytest.mark.parametrize("path", GOLD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_file(path):
    stem = path.name[: -len(".quotes.jsonl")]
    text = read(path.with_name(stem + ".txt"))
    previous = -1
    for line in path.read_text("utf-8").splitlines():
        q = json.loads(line)
        assert set(q) == KEYS
        assert q["doc"] == stem
        assert q["kind"] in ("direct", "indirect", "mixed")
        assert text[q["start"] : q["stop"]] == q["text"]
        assert q["text"] == q["text"].strip() and q["text"][-1] != "."
        assert (
            q["text"][0] not in MARKS or q["kind"] != "direct" or q["text"].count(q["text"][0]) > 1
        )
        assert isinstance(q["speaker"], list) and q["speaker"]
        assert all(isinstance(s, str) and s for s in q["speaker"])
        assert q["source"] is None or isinstance(q["source"], str)
        assert q["addressee"] is None or isinstance(q["addressee"], str)
        assert isinstance(q["optional"], bool)
        assert q["start"] >= previous
        previous = q["start"]
