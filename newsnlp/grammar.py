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
from .nn import one_blas_thread

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


def _pieces_of(sentences: Sequence[Sequence[str]]) -> list[tuple[int, Sequence[str]]]:
    """Every non-empty sentence's pieces, each with the index of its sentence: what the
    tagger and the parser read, and how their results go back to the sentences."""
    return [(i, piece) for i, words in enumerate(sentences) if words for piece in _pieces(words)]


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

    def morph(self, sentences: Sequence[Sequence[str]]) -> list[list[MorphWord]]:
        """Tag every word of many sentences (lists of words) in context.

        Пример::

            >>> [w.pos for w in get_grammar().morph([["Он", "сказал"]])[0]]
            ['PRON', 'VERB']
        """
        from slovnet.conll import parse_conll_tag

        model = self.morph_model
        # Pieces of at most MAX_WORDS words, as slovnet's own tagger was given them: each
        # piece is read alone, so the tags are the ones it gave.
        pieces = _pieces_of(sentences)
        # The matrices of a few sentences are small: a second BLAS thread only spins, and
        # on a busy machine a spinning pool makes one sentence take 50x as long.
        with one_blas_thread():
            tagged = model.tag([p for _, p in pieces])
        out: list[list[MorphWord]] = [[] for _ in sentences]
        for (i, piece), tags in zip(pieces, tagged, strict=True):
            for word, tag in zip(piece, tags, strict=True):
                pos, feats = parse_conll_tag(tag)
                out[i].append(MorphWord(word, pos, dict(feats)))
        return out

    @property
    def morph_model(self) -> Any:
        """The morphology tagger (:class:`newsnlp.nn.MorphModel` on slovnet's weights),
        loaded on first use."""
        if self._morph is None:
            from .nn import MorphModel

            self._morph = MorphModel(self._load("NewsMorphTagger"))
        return self._morph

    @property
    def syntax(self) -> Any:
        """The syntax parser (:class:`newsnlp.nn.SyntaxModel` on slovnet's weights),
        loaded on first use."""
        if self._syntax is None:
            from .nn import SyntaxModel

            self._syntax = SyntaxModel(self._load("NewsSyntaxParser"))
        return self._syntax

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[list[SyntaxWord]]:
        """Parse many sentences (lists of words) into dependency trees, all in one
        batch (each sentence is read as alone, so batching changes no parse).

        Пример::

            >>> [w.head for w in get_grammar().parse([["Он", "сказал"]])[0]]
            [1, -1]
        """
        pieces = _pieces_of(sentences)
        with one_blas_thread():
            parsed = self.syntax.parse([list(piece) for _, piece in pieces])
        out: list[list[SyntaxWord]] = [[] for _ in sentences]
        for (i, piece), (heads, rels) in zip(pieces, parsed, strict=True):
            words = out[i]
            base = len(words)
            # slovnet numbers words from 1 and marks the root with head 0.
            for text, head, rel in zip(piece, heads.tolist(), rels, strict=True):
                words.append(SyntaxWord(text, base + head - 1 if head > 0 else -1, rel))
        return out


@lru_cache(maxsize=1)
def get_grammar() -> Grammar:
    """The process-wide :class:`Grammar`: each model loads once and is shared.

    Пример::

        >>> get_grammar() is get_grammar()
        True
    """
    return Grammar()
