"""Quotes and entities as pandas DataFrames: one row a quote or entity mention.

:func:`quotes_frame` and :func:`entities_frame` read one :class:`~newsnlp.Document`
(also as ``Document.quotes_frame()`` / ``Document.entities_frame()``); :func:`frames`
makes one table over many documents, with the document id in the ``doc`` column.
Names are the canonical ones (``speaker`` is ``Дмитрий Песков`` where the text says
``Пескова``); what the text literally says is in the ``*_text`` columns.

Needs ``pip install 'newsnlp[pandas]'``; pandas is imported only when a frame is made,
so ``import newsnlp`` works without it.

Пример::

    >>> from newsnlp import Document, Quote, Mention
    >>> doc = Document(id="d1", text="Песков: «Да».", quotes=(
    ...     Quote("q1", "direct", 9, 11, "Да", "direct_colon_before",
    ...           speaker=Mention(0, 6, "Песков", "Дмитрий Песков", "PER", "c1")),))
    >>> quotes_frame(doc)[["doc", "speaker", "text"]].values.tolist()
    [['d1', 'Дмитрий Песков', 'Да']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import InputError
from ..records import Cluster, Entity, Quote, Section
from . import require

if TYPE_CHECKING:
    import pandas as pd


@runtime_checkable
class DocumentLike(Protocol):
    """What the frames read of a :class:`newsnlp.Document`. The Document's own
    ``quotes_frame()`` and ``entities_frame()`` call this module, so this module reads a
    Document by its fields and never imports it back.

    Пример::

        >>> import newsnlp
        >>> isinstance(newsnlp.Document(id="d", text=""), DocumentLike)
        True
    """

    @property
    def id(self) -> str: ...
    @property
    def quotes(self) -> tuple[Quote, ...]: ...
    @property
    def entities(self) -> tuple[Entity, ...]: ...
    @property
    def clusters(self) -> tuple[Cluster, ...]: ...
    def section_at(self, offset: int) -> Section | None: ...


__all__ = [
    "ENTITY_COLUMNS",
    "QUOTE_COLUMNS",
    "entities_frame",
    "entity_rows",
    "frames",
    "quote_rows",
    "quotes_frame",
]

QUOTE_COLUMNS: tuple[str, ...] = (
    "doc",
    "id",
    "kind",
    "start",
    "stop",
    "text",
    "rule",
    "cue",
    "cue_lemma",
    "speaker",
    "speaker_text",
    "speaker_type",
    "speaker_cluster",
    "addressee",
    "addressee_text",
    "source",
    "source_text",
    "section",
)
"""Columns of :func:`quotes_frame`, in order."""

ENTITY_COLUMNS: tuple[str, ...] = (
    "doc",
    "id",
    "start",
    "stop",
    "type",
    "text",
    "normal",
    "cluster",
    "cluster_name",
    "section",
)
"""Columns of :func:`entities_frame`, in order."""


def _section(doc: DocumentLike, offset: int) -> str | None:
    section = doc.section_at(offset)
    return None if section is None else section.kind


def quote_rows(doc: DocumentLike) -> list[dict[str, Any]]:
    """The rows of :func:`quotes_frame` as plain dicts (no pandas needed).

    Пример::

        >>> from newsnlp import Document, Quote
        >>> doc = Document(id="d1", text="«Да», – сказал он.",
        ...     quotes=(Quote("q1", "direct", 1, 3, "Да", "direct_dash_after"),))
        >>> quote_rows(doc)[0]["rule"]
        'direct_dash_after'
    """
    rows = []
    for q in doc.quotes:
        rows.append(
            {
                "doc": doc.id,
                "id": q.id,
                "kind": q.kind,
                "start": q.start,
                "stop": q.stop,
                "text": q.text,
                "rule": q.rule,
                "cue": None if q.cue is None else q.cue.text,
                "cue_lemma": None if q.cue is None else q.cue.lemma,
                "speaker": None if q.speaker is None else q.speaker.normal,
                "speaker_text": None if q.speaker is None else q.speaker.text,
                "speaker_type": None if q.speaker is None else q.speaker.type,
                "speaker_cluster": None if q.speaker is None else q.speaker.cluster,
                "addressee": None if q.addressee is None else q.addressee.normal,
                "addressee_text": None if q.addressee is None else q.addressee.text,
                "source": None if q.source is None else q.source.normal,
                "source_text": None if q.source is None else q.source.text,
                "section": _section(doc, q.start),
            }
        )
    return rows


def entity_rows(doc: DocumentLike) -> list[dict[str, Any]]:
    """The rows of :func:`entities_frame` as plain dicts (no pandas needed).

    Пример::

        >>> from newsnlp import Document, Entity
        >>> doc = Document(id="d1", text="Пескова нет.",
        ...     entities=(Entity("e1", 0, 7, "PER", "Пескова", "Песков"),))
        >>> entity_rows(doc)[0]["normal"]
        'Песков'
    """
    names = {c.id: c.name for c in doc.clusters}
    return [
        {
            "doc": doc.id,
            **e.as_json(),
            "cluster_name": None if e.cluster is None else names.get(e.cluster),
            "section": _section(doc, e.start),
        }
        for e in doc.entities
    ]


_WHAT: dict[str, tuple[Callable[[DocumentLike], list[dict[str, Any]]], tuple[str, ...]]] = {
    "quotes": (quote_rows, QUOTE_COLUMNS),
    "entities": (entity_rows, ENTITY_COLUMNS),
}


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    pandas = require("pandas", "pandas")
    # Columns given explicitly: a document without quotes still gives the full header,
    # so concatenating and selecting columns never fails on an empty table.
    frame = pandas.DataFrame.from_records(rows, columns=list(columns))
    typed: pd.DataFrame = frame.astype({"start": "int64", "stop": "int64"})
    return typed


def quotes_frame(doc: DocumentLike) -> pd.DataFrame:
    """One row a quote: who said what (:data:`QUOTE_COLUMNS`), in text order.

    Пример::

        >>> from newsnlp import Pipeline
        >>> doc = Pipeline()("«Мы готовы», – сказал Песков.", id="d1")
        >>> quotes_frame(doc)[["speaker", "text"]].values.tolist()
        [['Песков', 'Мы готовы']]
    """
    return _frame(quote_rows(doc), QUOTE_COLUMNS)


def entities_frame(doc: DocumentLike) -> pd.DataFrame:
    """One row an entity mention, with its normal form and cluster (:data:`ENTITY_COLUMNS`).

    Пример::

        >>> from newsnlp import Pipeline
        >>> doc = Pipeline()("Дмитрий Песков прибыл в Москву.", id="d1")
        >>> entities_frame(doc)[["type", "normal"]].values.tolist()
        [['PER', 'Дмитрий Песков'], ['LOC', 'Москва']]
    """
    return _frame(entity_rows(doc), ENTITY_COLUMNS)


def frames(docs: DocumentLike | Iterable[DocumentLike], what: str = "quotes") -> pd.DataFrame:
    """One table over many documents: ``what="quotes"`` (default) or ``"entities"``.

    ``docs`` may be a generator such as ``Pipeline().pipe(texts)``: it is read once,
    keeping only the rows, not the documents.

    Пример::

        >>> import newsnlp
        >>> nlp = newsnlp.Pipeline()
        >>> texts = [("a1", "«Да», – сказал Путин."), ("a2", "Ким уехал.")]
        >>> docs = nlp.pipe(texts)
        >>> newsnlp.frames(docs)[["doc", "speaker"]].values.tolist()
        [['a1', 'Путин']]
    """
    if what not in _WHAT:
        raise InputError.bad_option("what", what, "'quotes' or 'entities'")
    # Fail before reading a (possibly slow) stream of documents if pandas is missing.
    require("pandas", "pandas")
    if isinstance(docs, DocumentLike):
        docs = [docs]
    rows_of, columns = _WHAT[what]
    rows: list[dict[str, Any]] = []
    for doc in docs:
        rows.extend(rows_of(doc))
    return _frame(rows, columns)
