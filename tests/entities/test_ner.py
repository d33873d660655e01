"""The NER tagger on raw texts gives natasha's own spans (slovnet's tokenizer and BIO)."""

from __future__ import annotations

from ..conftest import CORPORA, read


def test_raw_texts_tag_as_natasha_tags_them() -> None:
    from newsnlp.entities.ner import get_tagger

    tagger = get_tagger()
    texts = [read(p) for p in sorted(CORPORA.rglob("*.txt"))[:60]] + ["", "  \n"]
    expected = [
        [(s.start, s.stop, s.type) for s in markup.spans] if text.strip() else []
        for text, markup in zip(texts, tagger.tagger.map(texts), strict=True)
    ]
    found = tagger.tag(texts)
    assert found == expected
    assert sum(map(len, found)) > 300
