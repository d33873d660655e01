"""Batched numpy inference for slovnet's CNN taggers, on the weights slovnet loads.

slovnet's own inference (``slovnet.exec``) runs a batch of 16 texts at a time, pads
every text of a batch to the longest, copies each convolution's windows out (im2col)
and decodes the CRF with a Python loop per text. The same model here:

- every sentence of a batch of documents goes into **one array of rows**, sentences
  separated by zero rows: a convolution of width 3 with a zero row on either side of a
  sentence reads exactly what slovnet's zero padding gives it, so nothing is padded
  and no sentence sees another;
- a convolution is **one matrix product** of the rows with the kernel's three slices
  side by side, then three shifted slices of the result added (no window copies);
- the first layer's product is worked out once per distinct word and shape of the
  batch (a news batch repeats most of its words);
- the CRF's Viterbi runs **across all sentences at once**, a time step per loop turn;
- a word's vocabulary ids are cached per spelling (bounded).

The arithmetic is the same float32 operations in another order of summation, so the
tags are slovnet's own: ``tests/test_nn.py`` checks identical spans on real texts.

Пример::

    >>> from newsnlp.entities.ner import get_tagger
    >>> get_tagger().model.tag([["Владимир", "Путин", "прибыл", "в", "Москву", "."]])[0]
    [(0, 2, 'PER'), (4, 5, 'LOC')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "CHUNK_ROWS",
    "Encoder",
    "MorphModel",
    "NerModel",
    "SyntaxModel",
    "one_blas_thread",
    "viterbi",
]

#: Rows (words plus separators) of one encoder pass: the working arrays of a pass are
#: about 4 KB a row, so a pass stays in a few MB of cache-friendly memory.
CHUNK_ROWS = 4096

# Spellings whose vocabulary ids are kept: a dictionary of short strings and two ints,
# about 220 bytes an entry (measured with tracemalloc), so at most about 22 MB a process,
# outside the word caches' bound; cleared whole when full.
_IDS_CACHE = 100_000

TokenSpan = tuple[int, int, str]


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS limited to one thread inside the block.

    The matrices of a batch are small: on two cores a second BLAS thread gained about
    a quarter of the NER step on a quiet machine, and on a busy one a spinning pool
    made slovnet's step take three to four times as long. One thread a process is
    also what ``workers=N`` wants.

    Пример::

        >>> with one_blas_thread():
        ...     pass
    """
    with _blas().limit(limits=1):
        yield


class _Layer:
    """One convolution + ReLU + batch norm layer, its kernel laid out for one product."""

    def __init__(self, layer: Any) -> None:
        weight = layer.conv.weight.array  # filters x in x kernel
        out, _, kernel = weight.shape
        if kernel % 2 != 1 or layer.conv.padding != kernel // 2:
            raise ValueError(f"expected an odd kernel padded to its width, got {kernel}")
        self.out = out
        self.kernel = kernel
        # in x (kernel * filters): column block j is the kernel's slice j, transposed.
        self.weight = np.ascontiguousarray(
            np.concatenate([weight[:, :, j].T for j in range(kernel)], axis=1)
        )
        self.bias = layer.conv.bias.array
        self.mean = layer.norm.mean.array
        self.std = layer.norm.std.array
        self.scale = layer.norm.weight.array
        self.shift = layer.norm.bias.array

    def __call__(self, products: np.ndarray, zero: np.ndarray) -> np.ndarray:
        """``products`` are the rows times :attr:`weight`; ``zero`` marks separator rows."""
        n = products.shape[0]
        pad = self.kernel // 2
        out = np.zeros((n, self.out), dtype=products.dtype)
        core = out[pad : n - pad]
        for j in range(self.kernel):
            core += products[j : n - 2 * pad + j, j * self.out : (j + 1) * self.out]
        core += self.bias
        np.maximum(core, 0, out=core)
        # slovnet's order of operations: (x - mean) / std * weight + bias
        core -= self.mean
        core /= self.std
        core *= self.scale
        core += self.shift
        out[zero] = 0  # as slovnet zeroes its padding after every layer
        return out


class Encoder:
    """slovnet's word + shape embedding and CNN encoder, on its loaded weights.

    ``model`` is a ``slovnet.exec.model`` tagger (NER, morphology or syntax) and the
    vocabularies come from its ``infer.encoder``.

    Пример::

        >>> from newsnlp.entities.ner import get_tagger
        >>> enc = get_tagger().model.encoder
        >>> [h.shape for h in enc.hidden([["Путин", "прибыл"], ["Да"]])]
        [(2, 64), (1, 64)]
    """

    def __init__(self, model: Any, words_vocab: Any, shapes_vocab: Any) -> None:
        from slovnet.shape import word_shape

        self._word_shape = word_shape
        self.words = words_vocab.item_ids
        self.unk = words_vocab.unk_id
        self.shapes = shapes_vocab.item_ids
        self.n_shapes = len(shapes_vocab.items)
        self.pad_word = words_vocab.pad_id
        self.pad_shape = shapes_vocab.pad_id
        self.navec_indexes = model.emb.word.indexes.array  # words x quantised dims
        self.navec_codes = model.emb.word.codes.array  # dims x centroids x chunk
        self.shape_emb = model.emb.shape.weight.array
        self.qdims = np.arange(self.navec_codes.shape[0])
        self.layers = [_Layer(layer) for layer in model.encoder.layers]
        self.pad = max(layer.kernel // 2 for layer in self.layers)
        self.dim = self.layers[-1].out
        self._ids: dict[str, tuple[int, int]] = {}

    def ids(self, word: str) -> tuple[int, int]:
        """The word's and its shape's vocabulary ids, as slovnet's encoder gives them."""
        found = self._ids.get(word)
        if found is None:
            # slovnet: vocab.encode(word.lower()), and the shape's id (None never
            # happens: every shape word_shape gives is in the vocabulary).
            found = (self.words.get(word.lower(), self.unk), self.shapes[self._word_shape(word)])
            if len(self._ids) >= _IDS_CACHE:
                self._ids.clear()
            self._ids[word] = found
        return found

    def _embed(self, keys: np.ndarray) -> np.ndarray:
        words, shapes = np.divmod(keys, self.n_shapes)
        navec = self.navec_codes[self.qdims, self.navec_indexes[words]]
        return np.concatenate(
            (navec.reshape(len(keys), -1), self.shape_emb[shapes]), axis=-1
        ).astype(np.float32, copy=False)

    def _rows(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary keys of the rows (word id * shapes + shape id), separators
        included, and the first row of each sentence."""
        pad_key = self.pad_word * self.n_shapes + self.pad_shape
        keys: list[int] = [pad_key] * self.pad
        starts: list[int] = []
        ids, n_shapes = self.ids, self.n_shapes
        for words in sentences:
            starts.append(len(keys))
            for word in words:
                w, s = ids(word)
                keys.append(w * n_shapes + s)
            keys.extend([pad_key] * self.pad)
        return np.array(keys, dtype=np.int64), np.array(starts, dtype=np.int64)

    def _pass(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Hidden rows of a chunk of sentences, and each sentence's first row."""
        keys, starts = self._rows(sentences)
        zero = np.ones(len(keys), dtype=bool)
        for start, words in zip(starts.tolist(), sentences, strict=True):
            zero[start : start + len(words)] = False
        # The first layer reads only the embedding: its product once per distinct row.
        distinct, inverse = np.unique(keys, return_inverse=True)
        first = self.layers[0]
        x = first(np.matmul(self._embed(distinct), first.weight)[inverse], zero)
        for layer in self.layers[1:]:
            x = layer(np.matmul(x, layer.weight), zero)
        return x, starts

    def chunks(self, sentences: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
        """Ranges of sentences, each at most :data:`CHUNK_ROWS` rows (a longer
        sentence alone)."""
        out: list[tuple[int, int]] = []
        a, rows = 0, self.pad
        for i, words in enumerate(sentences):
            size = len(words) + self.pad
            if rows + size > CHUNK_ROWS and i > a:
                out.append((a, i))
                a, rows = i, self.pad
            rows += size
        if a < len(sentences):
            out.append((a, len(sentences)))
        return out

    def hidden(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The encoder's output per sentence, ``len(words) x dim`` float32.

        A sentence is read exactly as alone: the result does not depend on the others
        of the batch."""
        out: list[np.ndarray] = []
        for a, b in self.chunks(sentences):
            x, starts = self._pass(sentences[a:b])
            for start, words in zip(starts.tolist(), sentences[a:b], strict=True):
                out.append(x[start : start + len(words)])
        return out


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best tag path of each sequence of emissions (``length x tags``), all decoded
    together: sequences sorted longest first, so at each time step the ones still
    running are a prefix of the batch.

    The same sums as slovnet's ``CRF.decode`` in the same order, so the same paths
    (argmax keeps the first of equal scores, as there).

    Пример::

        >>> e = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
        >>> [p.tolist() for p in viterbi([e], np.zeros((2, 2), dtype=np.float32))]
        [[1, 0]]
    """
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(emissions)
    order = sorted((i for i, e in enumerate(emissions) if len(e)), key=lambda i: -len(emissions[i]))
    if not order:
        return out
    lengths = np.array([len(emissions[i]) for i in order])
    longest, tags = int(lengths[0]), transitions.shape[0]
    batch = len(order)
    # time x sequence x tag, and how many sequences are still running at each step
    stacked = np.zeros((longest, batch, tags), dtype=emissions[order[0]].dtype)
    for k, i in enumerate(order):
        stacked[: len(emissions[i]), k] = emissions[i]
    running = np.searchsorted(-lengths, -np.arange(longest), side="left")
    score = stacked[0].copy()
    history = np.zeros((longest, batch, tags), dtype=np.int64)
    for t in range(1, longest):
        k = running[t]
        step = score[:k, :, None] + transitions
        step = step + stacked[t, :k, None, :]
        best = step.argmax(1)
        history[t, :k] = best
        score[:k] = step.max(1)  # the score at ``best``, as slovnet gathers it
    paths = np.zeros((longest, batch), dtype=np.int64)
    current = score.argmax(-1)
    rows = np.arange(batch)
    for t in range(longest - 1, 0, -1):
        k = running[t]
        paths[t, :k] = current[:k]
        current[:k] = history[t, rows[:k], current[:k]]
    paths[0] = current
    for k, i in enumerate(order):
        out[i] = paths[: lengths[k], k]
    return out


class NerModel:
    """slovnet's news NER (navec, shape embedding, CNN, CRF) on many sentences at once.

    :meth:`tag` gives ``(first, stop, type)`` spans of word indices per sentence, as
    slovnet's BIO decoding reads its tags. ``tagger`` is natasha's ``NewsNERTagger``;
    the shared model is ``newsnlp.entities.ner.get_tagger().model``.

    Пример::

        >>> from newsnlp.entities.ner import get_tagger
        >>> get_tagger().model.tag([["Интерфакс", "сообщил", "."], []])
        [[(0, 1, 'ORG')], []]
    """

    def __init__(self, tagger: Any) -> None:
        infer = tagger.infer
        self.encoder = Encoder(infer.model, infer.encoder.words_vocab, infer.encoder.shapes_vocab)
        head = infer.model.head
        self.proj = head.proj.weight.array
        self.proj_bias = head.proj.bias.array
        self.transitions = head.crf.transitions.array
        # What each tag id does in slovnet's bio_spans: B opens, I extends, O closes,
        # anything else (the padding tag) leaves a span as it is.
        self.parts: list[str] = []
        self.types: list[str | None] = []
        for tag in infer.decoder.tags_vocab.items:
            part, _, kind = tag.partition("-")
            self.parts.append(part if part in ("B", "I", "O") else "")
            self.types.append(kind or None)
        self._outside = np.array([p == "O" for p in self.parts])

    def tag_ids(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The CRF's tag ids per word, per sentence."""
        hidden = self.encoder.hidden(sentences)
        emissions = [np.matmul(h, self.proj) + self.proj_bias for h in hidden]
        return viterbi(emissions, self.transitions)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[TokenSpan]]:
        """Spans of word indices ``[first, stop)`` with their type, per sentence."""
        return [self.spans(path) for path in self.tag_ids(sentences)]

    def spans(self, path: np.ndarray) -> list[TokenSpan]:
        """The spans slovnet's ``bio_spans`` reads from a path of tag ids: B opens a
        span, I extends the open one, O closes it, the padding tag does neither.

        Пример::

            >>> from newsnlp.entities.ner import get_tagger
            >>> model = get_tagger().model
            >>> model.spans(np.array([2, 3, 1, 6]))  # B-PER I-PER O B-ORG
            [(0, 2, 'PER'), (3, 4, 'ORG')]
        """
        spans: list[TokenSpan] = []
        parts, types = self.parts, self.types
        ids = path.tolist()
        open_at, stop, kind, last = -1, 0, "", -2
        # Only words not tagged O open or extend a span; a gap between two of them is
        # an O, which closes the open span.
        for i in np.flatnonzero(~self._outside[path]).tolist():
            if open_at >= 0 and i != last + 1:
                spans.append((open_at, stop, kind))
                open_at = -1
            part = parts[ids[i]]
            if part == "B":
                if open_at >= 0:
                    spans.append((open_at, stop, kind))
                open_at, stop, kind = i, i + 1, types[ids[i]] or ""
            elif part == "I" and open_at >= 0:
                stop = i + 1
            last = i
        if open_at >= 0:
            spans.append((open_at, stop, kind))
        return spans


class MorphModel:
    """slovnet's news morphology tagger (the same CNN encoder and a linear head, one tag
    per word, no CRF) on many sentences at once.

    :meth:`tag` gives each word's tag as slovnet writes it (``NOUN|Case=Nom|...``).
    ``tagger`` is natasha's ``NewsMorphTagger``; the shared one is
    ``newsnlp.grammar.get_grammar()``'s.

    Пример::

        >>> from newsnlp.grammar import get_grammar
        >>> get_grammar().morph_model.tag([["Он", "сказал"]])[0][1].split("|")[0]
        'VERB'
    """

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger  # slovnet's own, kept as the reference the tests compare to
        infer = tagger.infer
        self.encoder = Encoder(infer.model, infer.encoder.words_vocab, infer.encoder.shapes_vocab)
        self.proj = infer.model.head.proj.weight.array
        self.proj_bias = infer.model.head.proj.bias.array
        self.tags: list[str] = list(infer.decoder.tags_vocab.items)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The tag of every word, per sentence (slovnet's head: the argmax of a linear
        layer over the encoder's output)."""
        out: list[list[str]] = []
        for h in self.encoder.hidden(sentences):
            ids = (np.matmul(h, self.proj) + self.proj_bias).argmax(-1).tolist()
            out.append([self.tags[i] for i in ids])
        return out


def _ff(x: np.ndarray, ff: Any) -> np.ndarray:
    """slovnet's FF: a linear layer, then ReLU."""
    out: np.ndarray = np.matmul(x, ff.proj.weight.array) + ff.proj.bias.array
    return np.asarray(np.maximum(out, 0))


class SyntaxModel:
    """slovnet's news syntax parser (the same CNN encoder, a biaffine head scorer and a
    relation scorer) on many sentences at once.

    :meth:`parse` gives, per sentence, each word's head (``0`` for the root, else the
    head's position from 1, as slovnet numbers them) and relation. ``parser`` is
    natasha's ``NewsSyntaxParser``; the shared one is ``newsnlp.grammar.get_grammar()``'s.

    Пример::

        >>> from newsnlp.grammar import get_grammar
        >>> heads, rels = get_grammar().syntax.parse([["Песков", "заявил"]])[0]
        >>> heads.tolist(), rels
        ([2, 0], ['nsubj', 'root'])
    """

    def __init__(self, parser: Any) -> None:
        self.parser = parser  # slovnet's own, kept as the reference the tests compare to
        infer = parser.infer
        model = infer.model
        self.encoder = Encoder(model, infer.encoder.words_vocab, infer.encoder.shapes_vocab)
        self.head = model.head
        self.rel = model.rel
        self.rels: list[str] = list(infer.decoder.rels_vocab.items)

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[tuple[np.ndarray, list[str]]]:
        """Heads and relations per sentence (an empty sentence gets empty ones)."""
        out: list[tuple[np.ndarray, list[str]]] = []
        for words, x in zip(sentences, self.encoder.hidden(sentences), strict=True):
            if not len(words):
                out.append((np.zeros(0, dtype=np.int64), []))
                continue
            heads = self._heads(x)
            rel_ids = self._relations(x, heads)
            out.append((heads, [self.rels[i] for i in rel_ids.tolist()]))
        return out

    def _heads(self, x: np.ndarray) -> np.ndarray:
        # slovnet's SyntaxHead on one sentence: a root row first, the biaffine score of
        # every (word, head) pair, the root's row dropped; no padding, so no mask.
        rooted = np.concatenate((self.head.root.array[None, :], x), axis=0)
        head = _ff(rooted, self.head.head)
        tail = _ff(rooted, self.head.tail)
        scores: np.ndarray = np.matmul(np.matmul(head, self.head.kernel.array), tail.T)[1:]
        return np.asarray(scores.argmax(-1))

    def _relations(self, x: np.ndarray, heads: np.ndarray) -> np.ndarray:
        # slovnet's SyntaxRel: each word's head vector (the root's for head 0) against
        # the word's own, one score per relation.
        rooted = np.concatenate((self.rel.root.array[None, :], x), axis=0)
        head = _ff(rooted[heads], self.rel.head)
        tail = _ff(x, self.rel.tail)
        hidden, dim = self.rel.kernel.shape
        pairs = np.matmul(head, self.rel.kernel.array).reshape(len(x), dim // hidden, hidden)
        scores: np.ndarray = np.matmul(pairs, tail.reshape(len(x), hidden, 1)).reshape(len(x), -1)
        return np.asarray(scores.argmax(-1))
