"""The ``newsnlp`` spaCy component: entities and quotes on a spaCy ``Doc``.

Installing ``newsnlp[spacy]`` registers the factory through the ``spacy_factories``
entry point, so no import is needed::

    import spacy

    nlp = spacy.blank("ru")  # no model to download: the component brings its own
    nlp.add_pipe("newsnlp")
    doc = nlp("«Время пришло», – сказал Путин журналистам.")
    doc.spans["quotes"][0]._.speaker  # 'Путин'

The component runs :class:`newsnlp.Pipeline` on ``doc.text`` and sets:

- ``doc.ents``: the ``PER`` / ``LOC`` / ``ORG`` entities. newsnlp entities may nest
  (``МЧС России`` holds ``России``); spaCy's may not, so the longest win
  (``spacy.util.filter_spans``). With ``overwrite_ents=False`` entities already on the
  doc are kept and only those not overlapping them are added.
- ``doc.spans["quotes"]``: one ``Span`` a quote, labelled with its kind
  (``direct``, ``indirect``, ``mixed``).
- extensions, all read-only getters over the newsnlp Document kept in
  ``doc.user_data``, so they survive ``Doc.to_bytes``, ``DocBin`` and
  ``nlp.pipe(..., n_process=2)``:

  - ``Doc._.newsnlp``: the newsnlp :class:`~newsnlp.Document` (None if the component
    did not run on this doc);
  - ``Doc._.quotes``: the quote Spans, ``list(doc.spans["quotes"])``;
  - ``Span._.quote``: the :class:`~newsnlp.Quote` record of a quote Span;
  - ``Span._.speaker``: its speaker's canonical name (``Ким Чен Ын``), or None;
  - ``Span._.addressee``: its addressee's canonical name, or None;
  - ``Span._.source``: the canonical name of the medium reporting it, or None;
  - ``Span._.rule``: the name of the rule that found it (see the rule catalogue);
  - ``Span._.normal``: for an entity Span, its nominative (``Дмитрий Песков``).

  The names are plain strings; the full records (text offsets, cluster ids, cue) are
  in ``span._.quote`` and ``doc._.newsnlp``. Extensions are registered only where the
  name is free: one that another package registered first is left alone, with a
  warning (``force=True`` is never used).

newsnlp offsets are converted with ``doc.char_span(..., alignment_mode="expand")``: a
span covers every spaCy token its characters touch.

Пример::

    >>> import spacy
    >>> nlp = spacy.blank("ru")
    >>> _ = nlp.add_pipe("newsnlp")
    >>> doc = nlp("«Мы готовы», – сказал Песков.")
    >>> [(s.text, s.label_, s._.speaker) for s in doc.spans["quotes"]]
    [('Мы готовы', 'direct', 'Песков')]
"""

# No `from __future__ import annotations` here: spaCy reads the annotations of the
# factory at run time to validate its config, and needs them as real types.

import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from ..document import Document, Entity, Quote
from ..errors import InputError
from ..pipeline import Pipeline
from . import require

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = [
    "FACTORY",
    "SPANS_KEY",
    "NewsnlpComponent",
    "make_newsnlp",
    "register_extensions",
    "set_annotations",
    "to_spacy",
]

FACTORY = "newsnlp"
"""The name to pass to ``nlp.add_pipe``."""

SPANS_KEY = "quotes"
"""The ``doc.spans`` key of the quote Spans."""

# The document travels with the Doc as its JSON (SCHEMA.md) in user_data: spaCy
# serialises user_data with msgpack (Doc.to_bytes, and so n_process > 1 and DocBin),
# which takes plain dicts and lists but no dataclass records.
_DATA_KEY = "newsnlp.document"

_DEFAULT_CONFIG: dict[str, Any] = {"batch_size": 32, "overwrite_ents": True}


def _spacy() -> Any:
    return require("spacy", "spacy")


# -- records behind a Doc ------------------------------------------------------------

# Getters run once per attribute access; rebuilding the Document from JSON each time
# would dominate a loop over quote spans, so recent ones are kept, keyed by the
# identity of the stored JSON (held here too, so that identity cannot be reused).
_CACHE: "OrderedDict[int, tuple[dict[str, Any], Document]]" = OrderedDict()
_CACHE_SIZE = 64


def _document(doc: "Doc") -> Document | None:
    data = doc.user_data.get(_DATA_KEY)
    if data is None:
        return None
    hit = _CACHE.get(id(data))
    if hit is not None and hit[0] is data:
        _CACHE.move_to_end(id(data))
        return hit[1]
    document = Document.from_json(data)
    _CACHE[id(data)] = (data, document)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return document


def _same_tokens(span: "Span", start: int, stop: int) -> bool:
    other = span.doc.char_span(start, stop, alignment_mode="expand")
    return other is not None and other.start == span.start and other.end == span.end


_Record = TypeVar("_Record", Quote, Entity)


def _record_of(span: "Span", records: Iterable[_Record]) -> _Record | None:
    """The quote or entity whose offsets the span covers, token for token."""
    for record in records:
        overlaps = record.start < span.end_char and span.start_char < record.stop
        if overlaps and _same_tokens(span, record.start, record.stop):
            return record
    return None


def _quote_of(span: "Span") -> Quote | None:
    document = _document(span.doc)
    return None if document is None else _record_of(span, document.quotes)


def _entity_of(span: "Span") -> Entity | None:
    document = _document(span.doc)
    return None if document is None else _record_of(span, document.entities)


def _get_newsnlp(doc: "Doc") -> Document | None:
    return _document(doc)


def _get_quotes(doc: "Doc") -> list["Span"]:
    return list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []


def _get_quote(span: "Span") -> Quote | None:
    return _quote_of(span)


def _get_speaker(span: "Span") -> str | None:
    quote = _quote_of(span)
    return None if quote is None or quote.speaker is None else quote.speaker.normal


def _get_addressee(span: "Span") -> str | None:
    quote = _quote_of(span)
    return None if quote is None or quote.addressee is None else quote.addressee.normal


def _get_source(span: "Span") -> str | None:
    quote = _quote_of(span)
    return None if quote is None or quote.source is None else quote.source.normal


def _get_rule(span: "Span") -> str | None:
    quote = _quote_of(span)
    return None if quote is None else quote.rule


def _get_normal(span: "Span") -> str | None:
    entity = _entity_of(span)
    return None if entity is None else entity.normal


# Module-level functions, not lambdas: spaCy pickles the extension table to send it to
# worker processes under the "spawn" start method.
_EXTENSIONS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("Doc", "newsnlp", _get_newsnlp),
    ("Doc", "quotes", _get_quotes),
    ("Span", "quote", _get_quote),
    ("Span", "speaker", _get_speaker),
    ("Span", "addressee", _get_addressee),
    ("Span", "source", _get_source),
    ("Span", "rule", _get_rule),
    ("Span", "normal", _get_normal),
)


def register_extensions() -> list[str]:
    """Register the ``Doc._`` / ``Span._`` extensions of the component where they are free.

    Safe to call again: an extension already registered by newsnlp is kept; one that
    another package registered under the same name is left alone (never ``force=True``)
    and a warning says so. Returns the names that newsnlp owns.

    Пример::

        >>> register_extensions()
        ['Doc._.newsnlp', 'Doc._.quotes', 'Span._.quote', 'Span._.speaker', ...]
    """
    tokens = require("spacy.tokens", "spacy")
    owned = []
    for cls_name, name, getter in _EXTENSIONS:
        cls = getattr(tokens, cls_name)
        if not cls.has_extension(name):
            cls.set_extension(name, getter=getter)
        elif cls.get_extension(name)[2] is not getter:
            warnings.warn(
                f"{cls_name}._.{name} is already registered by another package; newsnlp "
                f"leaves it as it is. Read the same data from Doc._.newsnlp (the newsnlp "
                f"Document) or from newsnlp.integrations.spacy.{getter.__name__}(obj), or "
                f"remove the other extension first with {cls_name}.remove_extension({name!r}).",
                RuntimeWarning,
                stacklevel=2,
            )
            continue
        owned.append(f"{cls_name}._.{name}")
    return owned


# -- annotating a Doc --------------------------------------------------------------------


def set_annotations(doc: "Doc", document: Document, *, overwrite_ents: bool = True) -> "Doc":
    """Put a processed newsnlp Document on a spaCy Doc of the same text, in place.

    Sets ``doc.ents``, ``doc.spans["quotes"]`` and the data behind the extensions; the
    component calls it, and so can code that already has Documents (read back from
    JSON Lines, say) and wants them in spaCy.

    Пример::

        >>> import spacy
        >>> from newsnlp import Pipeline
        >>> newsnlp_document = Pipeline()("«Мы готовы», – сказал Песков.")
        >>> doc = spacy.blank("ru")("«Мы готовы», – сказал Песков.")
        >>> set_annotations(doc, newsnlp_document).spans["quotes"][0].text
        'Мы готовы'
    """
    if doc.text != document.text:
        raise InputError(
            f"the spaCy Doc and newsnlp Document {document.id!r} have different texts. "
            "Make the Doc from document.text: to_spacy(document) does it."
        )
    spacy = _spacy()
    register_extensions()
    ours = []
    for e in document.entities:
        span = doc.char_span(e.start, e.stop, label=e.type, alignment_mode="expand")
        if span is not None:
            ours.append(span)
    if overwrite_ents:
        doc.ents = spacy.util.filter_spans(ours)
    else:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        free = [s for s in ours if not any(i in taken for i in range(s.start, s.end))]
        doc.ents = sorted(
            [*doc.ents, *spacy.util.filter_spans(free)], key=lambda s: (s.start, s.end)
        )
    quotes = []
    for q in document.quotes:
        span = doc.char_span(q.start, q.stop, label=q.kind, alignment_mode="expand")
        if span is not None:
            quotes.append(span)
    doc.spans[SPANS_KEY] = quotes
    doc.user_data[_DATA_KEY] = document.as_json()
    return doc


def to_spacy(document: Document, nlp: "Language | None" = None) -> "Doc":
    """A spaCy Doc of a newsnlp Document, annotated like the component does.

    ``nlp`` tokenizes the text (default: ``spacy.blank("ru")``, which needs no model).

    Пример::

        >>> from newsnlp import Pipeline
        >>> doc = to_spacy(Pipeline()("Ким Чен Ын прибыл в Россию."))
        >>> [(e.text, e.label_) for e in doc.ents]
        [('Ким Чен Ын', 'PER'), ('Россию', 'LOC')]
    """
    if nlp is None:
        nlp = _spacy().blank("ru")
    return set_annotations(nlp.make_doc(document.text), document)


# -- the component -------------------------------------------------------------------


class NewsnlpComponent:
    """The ``newsnlp`` pipeline component; make it with ``nlp.add_pipe("newsnlp")``.

    Args:
        nlp: the spaCy pipeline it belongs to.
        name: its name in that pipeline.
        batch_size: documents per NER batch in ``nlp.pipe``.
        overwrite_ents: replace ``doc.ents`` (default) or only add to them.

    The newsnlp models load on the first document, in the process that handles it, and
    are not pickled with the component: with ``nlp.pipe(..., n_process=2)`` each worker
    loads its own copy once (or shares the parent's after a fork).

    Пример::

        >>> import spacy
        >>> nlp = spacy.blank("ru")
        >>> nlp.add_pipe("newsnlp", config={"batch_size": 8})
        NewsnlpComponent(name='newsnlp', batch_size=8, overwrite_ents=True)
    """

    def __init__(
        self,
        nlp: "Language | None" = None,
        name: str = FACTORY,
        *,
        batch_size: int = 32,
        overwrite_ents: bool = True,
    ) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InputError.bad_option("batch_size", batch_size, "a whole number >= 1")
        self.name = name
        self.batch_size = batch_size
        self.overwrite_ents = overwrite_ents
        self._pipeline: Pipeline | None = None
        register_extensions()

    @property
    def pipeline(self) -> Pipeline:
        """The newsnlp Pipeline this component runs, made on first use.

        Пример::

            >>> import spacy
            >>> nlp = spacy.blank("ru")
            >>> component = nlp.add_pipe("newsnlp")
            >>> pipeline = nlp.get_pipe("newsnlp").pipeline
            >>> pipeline("Песков уехал.").entities[0].normal
            'Песков'
        """
        if self._pipeline is None:
            self._pipeline = Pipeline(batch_size=self.batch_size)
        return self._pipeline

    def __call__(self, doc: "Doc") -> "Doc":
        """Annotate one Doc (``nlp(text)`` calls this).

        Пример::

            >>> import spacy
            >>> nlp = spacy.blank("ru")
            >>> component = nlp.add_pipe("newsnlp")
            >>> component(nlp.make_doc("«Да», – сказал Путин."))._.quotes
            [Да]
        """
        document = self.pipeline(doc.text, id="doc")
        return set_annotations(doc, document, overwrite_ents=self.overwrite_ents)

    def pipe(self, docs: Iterable["Doc"], *, batch_size: int | None = None) -> Iterator["Doc"]:
        """Annotate a stream of Docs, running NER over a batch of them at once
        (``nlp.pipe(texts)`` calls this).

        Пример::

            >>> import spacy
            >>> nlp = spacy.blank("ru")
            >>> component = nlp.add_pipe("newsnlp")
            >>> docs = nlp.pipe(["«Да», – сказал Путин.", "Ким уехал."])
            >>> [len(doc._.quotes) for doc in docs]
            [1, 0]
        """
        size = batch_size or self.batch_size
        stream = iter(docs)
        while batch := list(islice(stream, size)):
            documents = self.pipeline.pipe(
                [(f"doc{n}", d.text) for n, d in enumerate(batch, 1)], batch_size=size
            )
            for doc, document in zip(batch, documents, strict=True):
                yield set_annotations(doc, document, overwrite_ents=self.overwrite_ents)

    def __getstate__(self) -> dict[str, Any]:
        # The Pipeline holds the loaded NER model: a worker process loads its own
        # rather than receiving hundreds of megabytes through a pipe.
        state = self.__dict__.copy()
        state["_pipeline"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        register_extensions()

    def __repr__(self) -> str:
        return (
            f"NewsnlpComponent(name={self.name!r}, batch_size={self.batch_size}, "
            f"overwrite_ents={self.overwrite_ents})"
        )


def make_newsnlp(
    nlp: Any, name: str, batch_size: int = 32, overwrite_ents: bool = True
) -> NewsnlpComponent:
    """The factory of the ``newsnlp`` component (the ``spacy_factories`` entry point).

    Пример::

        >>> import spacy
        >>> nlp = spacy.blank("ru")
        >>> nlp.add_pipe("newsnlp").name
        'newsnlp'
        >>> [e.label_ for e in nlp("Дмитрий Песков прибыл в Москву.").ents]
        ['PER', 'LOC']
    """
    _spacy()
    return NewsnlpComponent(nlp, name, batch_size=batch_size, overwrite_ents=overwrite_ents)


def _register_factory() -> None:
    """Register :func:`make_newsnlp` with spaCy, if spaCy is installed.

    spaCy imports this module through the entry point when a Language is made; the
    registration has to happen then, at import. Without spaCy the module still imports
    (for the docs and doctests) and the functions above say how to install it.
    """
    try:
        from spacy.language import Language
    except ImportError:
        return
    if not Language.has_factory(FACTORY):
        Language.factory(
            FACTORY,
            default_config=_DEFAULT_CONFIG,
            assigns=["doc.ents", "doc.spans"],
            func=make_newsnlp,
        )


_register_factory()
