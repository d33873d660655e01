"""slovnet's news morphology tagger and syntax parser, as shipped in the natasha wheel.

The NER model does not need them, so they load only when a stage asks (a sentence
with a quote cue, a name whose case the dictionary cannot fix): one shared embedding,
one model each per process, batched over many sentences at once.

Пример::

    >>> from newsnlp.grammar import get_grammar
    >>> [w.feats.get("Case") for w in get_grammar().morph([["Путину", "сказали"]])[0]]
    ['Dat', None]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import ModelLoadError

__all__ = ["Grammar", "MorphWord", "SyntaxWord", "get_embedding", "get_grammar"]

# A sentence longer than this is cut into pieces for the models: both pad a batch to
# its longest item, and a scraped page can hold a "sentence" of thousands of words.
MAX_WORDS = 200


@dataclass(frozen=True)
class MorphWord:
    """One word as the morphology tagger reads it in context.

    Пример::

        >>> MorphWord("Путину", "PROPN", {"Case": "Dat"}).feats["Case"]
        'Dat'
    """

    text: str
    pos: str
    feats: dict[str, str]


@dataclass(frozen=True)
class SyntaxWord:
    """One word of a dependency parse: ``head`` is the index of its head word in the
    sentence, or -1 for the root.

    Пример::

        >>> SyntaxWord("сказал", -1, "root").rel
        'root'
    """

    text: str
    head: int
    rel: str


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def get_embedding() -> Any:
    """The navec news embedding inside the natasha wheel, loaded once per process and
    shared by the NER, morphology and syntax models.

    Пример::

        >>> get_embedding() is get_embedding()
        True
    """
    try:
        from natasha import NewsEmbedding
    except ImportError as error:
        raise ModelLoadError.natasha(error) from error
    try:
        return NewsEmbedding()
    except Exception as error:
        raise ModelLoadError.natasha(error) from error


def _pieces(words: Sequence[str]) -> list[Sequence[str]]:
    return [words[i : i + MAX_WORDS] for i in range(0, len(words), MAX_WORDS)] or [words]


class Grammar:
    """The morphology tagger and the syntax parser, each loaded on first use.

    Use :func:`get_grammar` for the shared instance.

    Пример::

        >>> parse = get_grammar().parse([["Песков", "заявил", "журналистам"]])[0]
        >>> [(w.text, w.rel) for w in parse]
        [('Песков', 'nsubj'), ('заявил', 'root'), ('журналистам', 'iobj')]
    """

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._morph: Any = None
        self._syntax: Any = None

    def _load(self, name: str) -> Any:
        try:
            import natasha
        except ImportError as error:
            raise ModelLoadError.natasha(error) from error
        try:
            model = getattr(natasha, name)(get_embedding())
        except Exception as error:
            raise ModelLoadError.natasha(error) from error
        model.batch_size = self.batch_size
        model.infer.encoder.batch_size = self.batch_size
        return model

    def _batched(self, model: Any, sentences: Sequence[Sequence[str]]) -> list[list[Any]]:
        # The matrices of a few sentences are small: a second BLAS thread only spins, and
        # on a busy machine a spinning pool makes one sentence take 50x as long.
        with _blas().limit(limits=1):
            return self._run(model, sentences)

    def _run(self, model: Any, sentences: Sequence[Sequence[str]]) -> list[list[Any]]:
        # Pieces sorted by length so a batch pads little, then put back in order.
        pieces: list[tuple[int, Sequence[str]]] = [
            (i, piece) for i, words in enumerate(sentences) if words for piece in _pieces(words)
        ]
        order = sorted(range(len(pieces)), key=lambda k: len(pieces[k][1]))
        results: list[Any] = [None] * len(pieces)
        if order:
            markups = model.infer([list(pieces[k][1]) for k in order])
            for k, markup in zip(order, markups, strict=True):
                results[k] = markup
        out: list[list[Any]] = [[] for _ in sentences]
        for (i, _), markup in zip(pieces, results, strict=True):
            out[i].append(markup)
        return out

    def morph(self, sentences: Sequence[Sequence[str]]) -> list[list[MorphWord]]:
        """Tag every word of many sentences (lists of words) in context.

        Пример::

            >>> [w.pos for w in get_grammar().morph([["Он", "сказал"]])[0]]
            ['PRON', 'VERB']
        """
        if self._morph is None:
            self._morph = self._load("NewsMorphTagger")
        out: list[list[MorphWord]] = []
        for markups in self._batched(self._morph, sentences):
            out.append([MorphWord(t.text, t.pos, dict(t.feats)) for m in markups for t in m.tokens])
        return out

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[list[SyntaxWord]]:
        """Parse many sentences (lists of words) into dependency trees.

        Пример::

            >>> [w.head for w in get_grammar().parse([["Он", "сказал"]])[0]]
            [1, -1]
        """
        if self._syntax is None:
            self._syntax = self._load("NewsSyntaxParser")
        out: list[list[SyntaxWord]] = []
        for markups in self._batched(self._syntax, sentences):
            words: list[SyntaxWord] = []
            for markup in markups:
                base = len(words)
                for t in markup.tokens:
                    # slovnet numbers words from 1 and marks the root with head 0.
                    head = int(t.head_id) - 1
                    words.append(SyntaxWord(t.text, base + head if head >= 0 else -1, t.rel))
            out.append(words)
        return out


@lru_cache(maxsize=1)
def get_grammar() -> Grammar:
    """The process-wide :class:`Grammar`: each model loads once and is shared.

    Пример::

        >>> get_grammar() is get_grammar()
        True
    """
    return Grammar()
