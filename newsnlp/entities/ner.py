"""natasha/slovnet NER, loaded once and batched across paragraphs of many documents.

Пример::

    >>> from newsnlp.entities.ner import get_tagger
    >>> get_tagger().tag(["Владимир Путин прибыл в Москву."])[0]
    [(0, 14, 'PER'), (24, 30, 'LOC')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from .._checkpoint import checkpoint
from ..document import Token
from ..errors import ModelLoadError
from ..grammar import get_embedding

__all__ = ["NerTagger", "RawSpan", "get_tagger"]

RawSpan = tuple[int, int, str]


class NerTagger:
    """The slovnet news NER model with navec embeddings, as shipped in the natasha wheel.

    Use :func:`get_tagger` for the shared instance.

    Пример::

        >>> get_tagger().tag(["Интерфакс сообщил."])
        [[(0, 9, 'ORG')]]
    """

    def __init__(self, batch_size: int = 16) -> None:
        try:
            # Only the embedding and the NER tagger: natasha's MorphVocab would
            # instantiate pymorphy2, which breaks on Python 3.11+.
            from natasha import NewsNERTagger
        except ImportError as error:
            raise ModelLoadError.natasha(error) from error
        try:
            # The embedding is shared with the morphology and syntax models (grammar.py).
            self.tagger: Any = NewsNERTagger(get_embedding())
        except Exception as error:
            raise ModelLoadError.natasha(error) from error
        self.batch_size = batch_size

    def tag(self, texts: Sequence[str]) -> list[list[RawSpan]]:
        """Tag many texts; returns ``(start, stop, type)`` spans per text.

        Texts are sorted by length before batching so that a batch pads little, then
        put back in order: the model sees every text exactly as alone.

        Пример::

            >>> get_tagger().tag(["", "Москва"])[0]
            []
        """
        out: list[list[RawSpan]] = [[] for _ in texts]
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        if not order:
            return out
        # slovnet chops twice (API.map and the encoder); keep both at our batch size.
        self.tagger.batch_size = self.batch_size
        self.tagger.infer.encoder.batch_size = self.batch_size
        markups = self.tagger.map([texts[i] for i in order])
        for i, markup in zip(order, markups, strict=True):
            out[i] = [(s.start, s.stop, s.type) for s in markup.spans]
        return out

    def tag_tokens(self, units: Sequence[Sequence[Token]]) -> list[list[RawSpan]]:
        """Tag pre-tokenized texts: the tokens newsnlp already has, so razdel does not
        run twice. The model sees exactly the words it would from the raw text.

        Пример::

            >>> from newsnlp.segment import tokenize_sentences
            >>> toks = list(tokenize_sentences("Владимир Путин прибыл.", []))
            >>> get_tagger().tag_tokens([toks])[0]
            [(0, 14, 'PER')]
        """
        from slovnet.bio import bio_spans

        out: list[list[RawSpan]] = [[] for _ in units]
        order = sorted((i for i, u in enumerate(units) if u), key=lambda i: len(units[i]))
        if not order:
            return out
        infer = self.tagger.infer
        infer.encoder.batch_size = self.batch_size
        words = [[t.text for t in units[i]] for i in order]
        tags = infer.decoder(infer.process(_checked(infer.encoder(words))))
        for i, unit_tags in zip(order, tags, strict=True):
            out[i] = [(s.start, s.stop, s.type) for s in bio_spans(units[i], unit_tags)]
        return out


@lru_cache(maxsize=1)
def get_tagger() -> NerTagger:
    """The process-wide NER tagger: the model loads once and is shared.

    Пример::

        >>> get_tagger() is get_tagger()
        True
    """
    return NerTagger()


def _checked(batches: Iterable[Any]) -> Iterator[Any]:
    # Between NER batches: a megabyte of text is seconds of NER, and a request whose
    # client went away must not hold the server that long (newsnlp._checkpoint).
    for batch in batches:
        checkpoint()
        yield batch
