"""natasha/slovnet NER, loaded once and batched across paragraphs of many documents.

Пример::

    >>> from newsnlp.entities.ner import get_tagger
    >>> get_tagger().tag(["Владимир Путин прибыл в Москву."])[0]
    [(0, 14, 'PER'), (24, 30, 'LOC')]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .._checkpoint import checkpoint
from ..document import Token
from ..errors import ModelLoadError
from ..grammar import get_embedding
from ..nn import NerModel, one_blas_thread

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
            # slovnet's weights, run by newsnlp's own batched inference (newsnlp.nn).
            self.model = NerModel(self.tagger)
        except Exception as error:
            raise ModelLoadError.natasha(error) from error
        self.batch_size = batch_size

    def tag(self, texts: Sequence[str]) -> list[list[RawSpan]]:
        """Tag many texts; returns ``(start, stop, type)`` spans per text.

        Each text is split into words as natasha's tagger splits it (slovnet's
        tokenizer), then read exactly as alone.

        Пример::

            >>> get_tagger().tag(["", "Москва"])[0]
            []
        """
        from slovnet.token import tokenize

        tokens = [list(tokenize(text)) if text.strip() else [] for text in texts]
        return self._spans(tokens)

    def tag_tokens(self, units: Sequence[Sequence[Token]]) -> list[list[RawSpan]]:
        """Tag pre-tokenized texts: the tokens newsnlp already has, so razdel does not
        run twice. The model sees exactly the words it would from the raw text.

        Пример::

            >>> from newsnlp.segment import tokenize_sentences
            >>> toks = list(tokenize_sentences("Владимир Путин прибыл.", []))
            >>> get_tagger().tag_tokens([toks])[0]
            [(0, 14, 'PER')]
        """
        return self._spans(units)

    def _spans(self, units: Sequence[Sequence[Any]]) -> list[list[RawSpan]]:
        # Units in batches of newsnlp.nn's inference (one for a news text): no padding,
        # and each unit read as alone, so the order and company of units change nothing.
        found: list[Any] = []
        with one_blas_thread():
            for chunk in _chunks(units, _CHECK_TOKENS):
                checkpoint()  # the HTTP service stops abandoned work here
                found.extend(self.model.tag([[t.text for t in unit] for unit in chunk]))
        return [
            [(unit[a].start, unit[b - 1].stop, kind) for a, b, kind in spans]
            for unit, spans in zip(units, found, strict=True)
        ]


@lru_cache(maxsize=1)
def get_tagger() -> NerTagger:
    """The process-wide NER tagger: the model loads once and is shared.

    Пример::

        >>> get_tagger() is get_tagger()
        True
    """
    return NerTagger()


# Tokens of NER between two checkpoints: a megabyte of text is seconds of NER, and a
# request whose client went away must not hold the server that long; a text under it
# is one batch, as before.
_CHECK_TOKENS = 50_000


def _chunks(units: Sequence[Sequence[Any]], tokens: int) -> list[Sequence[Sequence[Any]]]:
    out: list[Sequence[Sequence[Any]]] = []
    start = size = 0
    for k, unit in enumerate(units):
        size += len(unit)
        if size >= tokens:
            out.append(units[start : k + 1])
            start, size = k + 1, 0
    if start < len(units) or not out:
        out.append(units[start:])
    return out
