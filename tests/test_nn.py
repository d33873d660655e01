"""newsnlp.nn: our batched inference gives slovnet's own tags, on real texts."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsnlp import nn
from newsnlp.segment import layout, sentences, tokenize_sentences

from .conftest import CORPORA, read

FACTRU_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "factru-2016" / "dev"


@pytest.fixture(scope="module")
def model() -> nn.NerModel:
    from newsnlp.entities.ner import get_tagger

    return get_tagger().model


def _words(text: str) -> list[list[str]]:
    """The words of each sentence of a text, as newsnlp tokenises it."""
    _, sections = layout(text)
    out: list[list[str]] = []
    for sent in sentences(text, sections):
        words = [t.text for t in tokenize_sentences(text, [sent])]
        if words:
            out.append(words)
    return out


def _slovnet_tags(model: nn.NerModel, units: list[list[str]]) -> list[list[int]]:
    """slovnet's own inference (its encoder, padded batches, its CRF decode)."""
    from newsnlp.entities.ner import get_tagger

    infer = get_tagger().tagger.infer
    # sorted by length, as slovnet's users batch, so its batches pad little
    order = sorted(range(len(units)), key=lambda i: len(units[i]))
    out: list[list[int]] = [[] for _ in units]
    for i, tags in zip(order, infer.process(infer.encoder([units[i] for i in order])), strict=True):
        out[i] = np.asarray(tags).tolist()
    return out


@pytest.fixture(scope="module")
def real_units() -> list[list[str]]:
    """Whole texts (up to 1 100 words, as the pipeline cuts them) and their sentences:
    all of ``corpora/`` and the first 40 factRuEval dev texts."""
    paths = sorted(CORPORA.rglob("*.txt")) + sorted(FACTRU_DEV.glob("*.txt"))[:40]
    units: list[list[str]] = []
    for path in paths:
        sents = _words(read(path))
        units.append([w for s in sents for w in s][:1100])
        units.extend(sents[:5])
    return [u for u in units if u]


def test_tags_are_slovnets_on_real_texts(model: nn.NerModel, real_units) -> None:
    units = real_units
    assert len(units) > 500
    ours = [path.tolist() for path in model.tag_ids(units)]
    assert ours == _slovnet_tags(model, units)


def test_spans_are_slovnets_on_real_texts(model: nn.NerModel, real_units) -> None:
    from slovnet.bio import bio_spans
    from slovnet.token import Token

    units = real_units[:200]
    decode = get_tagger_decoder()
    found = 0
    for words, tags, spans in zip(
        units, _slovnet_tags(model, units), model.tag(units), strict=True
    ):
        tokens = [Token(i, i + 1, w) for i, w in enumerate(words)]
        expected = [(s.start, s.stop, s.type) for s in bio_spans(tokens, decode(tags))]
        assert spans == expected
        found += len(spans)
    assert found > 100


def get_tagger_decoder():
    from newsnlp.entities.ner import get_tagger

    vocab = get_tagger().tagger.infer.decoder.tags_vocab
    return lambda ids: [vocab.decode(i) for i in ids]


@given(st.lists(st.integers(0, 7), max_size=30))
def test_spans_decode_any_path_as_slovnet_does(path: list[int]) -> None:
    # Any path, even one slovnet's CRF would not give (I after O, the padding tag).
    from slovnet.bio import bio_spans
    from slovnet.token import Token

    from newsnlp.entities.ner import get_tagger

    model = get_tagger().model
    tokens = [Token(i, i + 1, "x") for i in range(len(path))]
    expected = [(s.start, s.stop, s.type) for s in bio_spans(tokens, get_tagger_decoder()(path))]
    assert model.spans(np.array(path, dtype=np.int64)) == expected


def test_a_sentence_reads_the_same_in_any_company(model: nn.NerModel) -> None:
    alone = [["Владимир", "Путин", "прибыл", "в", "Москву", "."]]
    others = [["Интерфакс", "сообщил", "."], ["Песков", "заявил", "журналистам"] * 30]
    assert model.tag(alone) == [[(0, 2, "PER"), (4, 5, "LOC")]]
    batch = others + alone + others
    assert model.tag(batch)[2] == model.tag(alone)[0]
    hidden = model.encoder.hidden(batch)[2]
    np.testing.assert_array_equal(hidden, model.encoder.hidden(alone)[0])


def test_chunks_cover_every_sentence_once_and_bound_their_rows(model: nn.NerModel) -> None:
    enc = model.encoder
    long = ["слово"] * (nn.CHUNK_ROWS + 10)
    batch = [["Путин"] * 700] * 12 + [long] + [["Да"]] * 3
    chunks = enc.chunks(batch)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(batch)
    assert all(a < b for a, b in chunks)
    assert all(b == c for (_, b), (c, _) in pairwise(chunks))
    for a, b in chunks:
        rows = enc.pad + sum(len(s) + enc.pad for s in batch[a:b])
        assert rows <= nn.CHUNK_ROWS or b - a == 1
    # Across chunks, each sentence still reads as alone.
    assert model.tag(batch)[12:] == model.tag([long] + [["Да"]] * 3)


@given(
    st.lists(st.integers(1, 12), min_size=1, max_size=6),
    st.integers(0, 2**32 - 1),
)
def test_viterbi_is_slovnets_crf_decode(lengths: list[int], seed: int) -> None:
    from slovnet.exec.model import CRF, Weight

    rng = np.random.default_rng(seed)
    tags = 4
    transitions = rng.normal(size=(tags, tags)).astype(np.float32)
    emissions = [rng.normal(size=(n, tags)).astype(np.float32) for n in lengths]
    padded = np.zeros((len(lengths), max(lengths), tags), dtype=np.float32)
    mask = np.zeros((len(lengths), max(lengths)), dtype=bool)
    for i, e in enumerate(emissions):
        padded[i, : len(e)] = e
        mask[i, : len(e)] = True
    crf = CRF(Weight((tags, tags), "float32", transitions))
    expected = [p.tolist() for p in crf.decode(padded, mask)]
    assert [p.tolist() for p in nn.viterbi(emissions, transitions)] == expected


def test_viterbi_of_no_sequence_or_an_empty_one() -> None:
    transitions = np.zeros((2, 2), dtype=np.float32)
    assert nn.viterbi([], transitions) == []
    (path,) = nn.viterbi([np.zeros((0, 2), dtype=np.float32)], transitions)
    assert path.tolist() == []


def test_word_ids_are_slovnets_and_their_cache_is_bounded(model: nn.NerModel) -> None:
    from newsnlp.entities.ner import get_tagger

    encoder = get_tagger().tagger.infer.encoder
    words = ["Путин", "МИД", "iPhone", "2023", "«", "...", "СИЗО-6", "Нью-Йорк", "ёлка", "щщщ"]
    assert [model.encoder.ids(w) for w in words] == [
        tuple(map(int, pair)) for pair in zip(*encoder.item(words), strict=True)
    ]
    enc = nn.Encoder.__new__(nn.Encoder)
    enc.__dict__.update(model.encoder.__dict__)
    enc._ids = {}
    for i in range(nn._IDS_CACHE + 10):
        enc.ids(f"w{i}")
    assert len(enc._ids) <= nn._IDS_CACHE


def test_parses_are_slovnets_on_real_sentences(real_units) -> None:
    from newsnlp.grammar import MAX_WORDS, get_grammar

    syntax = get_grammar().syntax
    sentences = [u for u in real_units if len(u) <= MAX_WORDS][:600]
    assert len(sentences) > 400
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    expected: list[tuple[list[int], list[str]]] = [([], [])] * len(sentences)
    for i, markup in zip(order, syntax.parser.infer([sentences[i] for i in order]), strict=True):
        expected[i] = ([int(t.head_id) for t in markup.tokens], [t.rel for t in markup.tokens])
    ours = [(heads.tolist(), rels) for heads, rels in syntax.parse(sentences)]
    assert ours == expected


def test_a_parse_is_the_same_alone_and_in_a_batch() -> None:
    from newsnlp.grammar import get_grammar

    grammar = get_grammar()
    one = ["Песков", "заявил", "журналистам", ",", "что", "Путин", "приедет", "."]
    batch = [["Да"], one, ["Интерфакс", "сообщил"] * 40, []]
    assert grammar.parse(batch)[1] == grammar.parse([one])[0]
    assert grammar.parse(batch)[3] == []
    # A sentence longer than the models read is parsed in pieces, heads kept within each.
    long = (["Он", "сказал", ","] * 100)[:301]
    words = grammar.parse([long])[0]
    assert len(words) == len(long)
    assert all(-1 <= w.head < len(long) for w in words)


def test_morph_tags_are_slovnets_on_real_sentences(real_units) -> None:
    # grammar.morph ran slovnet's own tagger per document; it now runs the shared
    # batched encoder (the NER names' case in context, issue 13), which must tag alike
    from newsnlp.grammar import MAX_WORDS, get_grammar

    model = get_grammar().morph_model
    sentences = [u for u in real_units if len(u) <= MAX_WORDS][:600]
    assert len(sentences) > 400
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    expected: list[list[str]] = [[]] * len(sentences)
    for i, markup in zip(order, model.tagger.infer([sentences[i] for i in order]), strict=True):
        expected[i] = [t.tag for t in markup.tokens]
    assert model.tag(sentences) == expected


def test_morph_words_of_a_long_sentence_and_an_empty_one() -> None:
    from newsnlp.grammar import get_grammar

    long = (["Путину", "сказали", ","] * 100)[:301]
    tagged = get_grammar().morph([long, []])
    assert [w.text for w in tagged[0]] == long and tagged[1] == []
    assert tagged[0][0].feats.get("Case") == "Dat"
