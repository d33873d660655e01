"""Shared fixtures: models load once per test session."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# `HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py` for a long search before a
# release; CI runs the quick default.
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SAMPLE = CORPORA / "sample" / "kim-putin-vostochny.txt"
# Normal forms issue 2 names for the sample article (library and CLI check the same).
SAMPLE_NAMES = frozenset(
    {"Владимир Путин", "Ким Чен Ын", "Дмитрий Песков", "Джон Кирби", "ТАСС", "Интерфакс"}
)


def chromium_or_skip() -> str:
    """Debian's Chromium; without it a browser test module skips, and fails in CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium package (see .ci/run)")
        pytest.skip("headless Chromium is not installed", allow_module_level=True)
    return path


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def nlp():
    from newsnlp import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def debug_nlp():
    from newsnlp import Pipeline

    return Pipeline(debug=True)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return read(SAMPLE)


@pytest.fixture(scope="session")
def sample_doc(nlp, sample_text):
    return nlp(sample_text, id="kim-putin-vostochny")


@pytest.fixture
def fragile_quotes(monkeypatch):
    """The quote layer raises on any text with ВЗРЫВ in it: a document that fails."""
    import newsnlp.pipeline

    real = newsnlp.pipeline.find_quotes

    def fragile(text, *args, **kwargs):
        if "ВЗРЫВ" in text:
            raise RuntimeError("rule broke")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(newsnlp.pipeline, "find_quotes", fragile)


SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def assert_valid_document(doc, text: str) -> None:
    """Every invariant a Document keeps whatever the text: exact offsets, known kinds,
    ids that resolve, JSON that encodes to UTF-8 and reads back."""
    from newsnlp import Document
    from newsnlp.document import iter_spans

    assert doc.text == text
    for where, start, stop, span_text in iter_spans(doc):
        if start is None:
            continue
        assert 0 <= start <= stop <= len(text), where
        assert text[start:stop] == span_text, where
    entity_ids = [e.id for e in doc.entities]
    cluster_ids = [c.id for c in doc.clusters]
    assert len(set(entity_ids)) == len(entity_ids) and len(set(cluster_ids)) == len(cluster_ids)
    assert sorted(m for c in doc.clusters for m in c.mentions) == sorted(entity_ids)
    for e in doc.entities:
        assert e.type in ("PER", "LOC", "ORG") and e.normal and e.cluster in cluster_ids
    for q in doc.quotes:
        assert q.kind in ("direct", "indirect", "mixed") and q.rule and q.start < q.stop
        for who in (q.speaker, q.addressee):
            assert who is None or who.cluster is None or who.cluster in cluster_ids
    line = doc.to_jsonl()
    line.encode("utf-8")  # a lone surrogate is escaped, never raises
    # JSON reads a high surrogate before a low one as the character they encode.
    if not SURROGATE_PAIR.search(text):
        assert Document.from_json(line).as_json() == doc.as_json()
