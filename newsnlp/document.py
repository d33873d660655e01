"""Frozen records of a processed news text, and their JSON form (SCHEMA.md).

Every record that points into the text carries half-open character offsets
``start``/``stop`` such that ``document.text[start:stop] == record.text``.

Пример::

    >>> from newsnlp.document import Document
    >>> doc = Document.from_json({"id": "d1", "text": "Путин приехал.", "meta": None,
    ...     "sections": [], "sentences": [], "entities": [], "clusters": [], "quotes": []})
    >>> doc.text
    'Путин приехал.'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import SchemaError

# The records live in records.py (every stage builds them without importing the
# Document); they are re-exported here, where users have always found them.
from .records import (
    Cluster,
    Cue,
    Entity,
    EntityType,
    Json,
    Mention,
    Meta,
    Quote,
    QuoteKind,
    Section,
    SectionKind,
    Sentence,
    Source,
    Token,
    section_index,
)

__all__ = [
    "Cluster",
    "Cue",
    "Document",
    "Entity",
    "EntityType",
    "Mention",
    "Meta",
    "Quote",
    "QuoteKind",
    "Section",
    "SectionKind",
    "Sentence",
    "Source",
    "Token",
    "iter_spans",
    "json_text",
    "section_index",
]


@dataclass(frozen=True, slots=True)
class Document:
    """A processed news text: sections, sentences, tokens, entities, clusters, quotes.

    Made by :class:`newsnlp.Pipeline`; read back from JSON with :meth:`from_json`.

    Пример::

        >>> doc = Document(id="d1", text="Мир.")
        >>> doc.as_json()["quotes"]
        []
    """

    id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    quotes: tuple[Quote, ...] = ()
    # Tokens are not part of the JSON contract; a document read back from JSON
    # re-tokenizes on first access (razdel and pymorphy3 are deterministic).
    _tokens: tuple[Token, ...] | None = field(default=None, repr=False, compare=False)
    # With Pipeline(debug=True): why each quote was found, and what was skipped.
    trace: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def explain(self) -> str:
        """The quote rules' decisions for this document, one per line (``debug=True``).

        Пример::

            >>> Document(id="d", text="").explain()
            '(no trace: process the text with Pipeline(debug=True))'
        """
        if not self.trace:
            return "(no trace: process the text with Pipeline(debug=True))"
        return "\n".join(self.trace)

    @property
    def tokens(self) -> tuple[Token, ...]:
        """razdel tokens with pymorphy3 lemmas.

        Пример::

            >>> Document(id="d", text="Путина нет").tokens[0].lemma
            'путин'
        """
        if self._tokens is None:
            from .segment import tokenize_sentences

            tokens = tuple(tokenize_sentences(self.text, self.sentences))
            object.__setattr__(self, "_tokens", tokens)
            return tokens
        return self._tokens

    # -- lookups ----------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id.

        Пример::

            >>> from newsnlp import Pipeline
            >>> doc = Pipeline()("Дмитрий Песков заявил, что Путин прибыл в Москву.")
            >>> doc.entity("e1").normal
            'Дмитрий Песков'
        """
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)

    def cluster(self, cluster_id: str) -> Cluster:
        """The cluster with this id.

        Пример::

            >>> from newsnlp import Pipeline
            >>> doc = Pipeline()("Дмитрий Песков заявил, что Путин прибыл в Москву.")
            >>> doc.cluster("c1").name
            'Дмитрий Песков'
        """
        for cluster in self.clusters:
            if cluster.id == cluster_id:
                return cluster
        raise KeyError(cluster_id)

    def section_at(self, offset: int) -> Section | None:
        """The section that holds a character offset, if any.

        Пример::

            >>> from newsnlp import Pipeline
            >>> doc = Pipeline()("Дмитрий Песков заявил, что Путин прибыл в Москву.")
            >>> doc.section_at(0).kind
            'body'
        """
        k = section_index(self.sections, offset)
        return self.sections[k] if k >= 0 else None

    # -- JSON ---------------------------------------------------------------------

    def as_json(self) -> Json:
        """This document as a JSON-ready dict, exactly the output contract (SCHEMA.md).

        Пример::

            >>> Document(id="d1", text="Мир.").as_json()["meta"]
            {'date': None, 'rubric': None, 'title': None}
        """
        return {
            "id": self.id,
            "text": self.text,
            "meta": {
                "date": self.meta.date,
                "rubric": self.meta.rubric,
                "title": self.meta.title,
            },
            "sections": [{"start": s.start, "stop": s.stop, "kind": s.kind} for s in self.sections],
            "sentences": [{"start": s.start, "stop": s.stop} for s in self.sentences],
            "entities": [e.as_json() for e in self.entities],
            "clusters": [
                {
                    "id": c.id,
                    "type": c.type,
                    "name": c.name,
                    "mentions": list(c.mentions),
                    "roles": list(c.roles),
                }
                for c in self.clusters
            ],
            "quotes": [_quote_json(q) for q in self.quotes],
        }

    def to_jsonl(self) -> str:
        """One line of ``newsnlp extract --format jsonl`` output (no trailing newline).

        Text stays as it is (``ensure_ascii=False``), except a lone surrogate such as
        ``\\ud800``, which no UTF-8 file can hold: it is written as the JSON escape
        ``"\\ud800"`` and reads back as itself, so the line always encodes to UTF-8.

        Пример::

            >>> Document(id="d1", text="Мир.").to_jsonl()[:11]
            '{"id": "d1"'
            >>> line = Document(id="d2", text="\\ud800").to_jsonl()
            >>> line.isascii(), Document.from_json(line).text == "\\ud800"
            (True, True)
        """
        return json_text(self.as_json())

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | str) -> Document:
        """Read a document back from :meth:`as_json` output or one JSON Lines line.

        Offsets are checked against the text: a mismatch raises :class:`SchemaError`.

        Пример::

            >>> Document.from_json('{"id": "d", "text": "Да.", "meta": null, "sections": [],'
            ...     ' "sentences": [], "entities": [], "clusters": [], "quotes": []}').id
            'd'
        """
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except RecursionError as error:
                raise SchemaError.not_json("nested too deeply") from error
            except ValueError as error:
                # JSONDecodeError, and also the bare ValueError of an integer over
                # sys.get_int_max_str_digits() digits.
                raise SchemaError.not_json(str(error)) from error
        if not isinstance(data, Mapping):
            raise SchemaError.not_json(f"expected a JSON object, got {type(data).__name__}")
        reader = _Reader(data)
        return reader.document()

    def __repr__(self) -> str:
        return (
            f"Document(id={self.id!r}, chars={len(self.text)}, sentences={len(self.sentences)}, "
            f"entities={len(self.entities)}, clusters={len(self.clusters)}, "
            f"quotes={len(self.quotes)})"
        )

    def entities_frame(self) -> Any:
        """Entity mentions as a pandas DataFrame (``pip install 'newsnlp[pandas]'``).

        Columns: see :func:`newsnlp.integrations.pandas.entities_frame`.

        Пример::

            >>> from newsnlp import Pipeline
            >>> doc = Pipeline()("Дмитрий Песков заявил, что Путин прибыл в Москву.")
            >>> doc.entities_frame()[["text", "normal"]].head(1).values.tolist()
            [['Дмитрий Песков', 'Дмитрий Песков']]
        """
        from .integrations.pandas import entities_frame

        return entities_frame(self)

    def quotes_frame(self) -> Any:
        """Quotes, who said them, to whom, per whom, as a pandas DataFrame.

        Columns: see :func:`newsnlp.integrations.pandas.quotes_frame`.

        Пример::

            >>> from newsnlp import Pipeline
            >>> doc = Pipeline()("Дмитрий Песков заявил, что Путин прибыл в Москву.")
            >>> doc.quotes_frame()[["speaker", "cue"]].head(1).values.tolist()
            [['Дмитрий Песков', 'заявил']]
        """
        from .integrations.pandas import quotes_frame

        return quotes_frame(self)


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON of ``data`` that any UTF-8 file can hold: letters as they are, lone
    surrogates (which UTF-8 cannot encode) as ``\\uXXXX`` escapes.

    A high surrogate right before a low one is, to JSON, the one character the pair
    encodes: such a text reads back as that character.

    Пример::

        >>> json_text({"text": "Мир\\udc80"})
        '{"text": "Мир\\\\udc80"}'
    """
    out = json.dumps(data, ensure_ascii=False, indent=indent)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", out)


def _mention_json(m: Mention | None) -> Json | None:
    if m is None:
        return None
    return {
        "start": m.start,
        "stop": m.stop,
        "text": m.text,
        "normal": m.normal,
        "type": m.type,
        "cluster": m.cluster,
    }


def _quote_json(q: Quote) -> Json:
    return {
        "id": q.id,
        "kind": q.kind,
        "start": q.start,
        "stop": q.stop,
        "text": q.text,
        "rule": q.rule,
        "cue": None
        if q.cue is None
        else {"start": q.cue.start, "stop": q.cue.stop, "text": q.cue.text, "lemma": q.cue.lemma},
        "speaker": _mention_json(q.speaker),
        "addressee": _mention_json(q.addressee),
        "source": None
        if q.source is None
        else {
            "start": q.source.start,
            "stop": q.source.stop,
            "text": q.source.text,
            "normal": q.source.normal,
            "type": q.source.type,
        },
    }


class _Reader:
    """Builds records from contract JSON, checking keys and offsets as it goes."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.cluster_ids: set[Any] = set()
        self.text: str = self.need(data, "document", "text")
        if not isinstance(self.text, str):
            raise SchemaError.not_json("'text' must be a string")

    @staticmethod
    def need(obj: Mapping[str, Any], where: str, key: str) -> Any:
        if key not in obj:
            raise SchemaError.missing_key(where, key)
        return obj[key]

    def span_text(
        self, obj: Mapping[str, Any], where: str, nullable: bool = False
    ) -> tuple[Any, Any, Any]:
        """``start``, ``stop`` and ``text`` of a span, checked: whole numbers with
        ``0 <= start <= stop <= len(text)`` (or both null where ``nullable``: an implied
        speaker), and ``text`` what they cut out of the document."""
        if not isinstance(obj, Mapping):
            raise SchemaError.bad_value(where, obj, "an object")
        start = self.need(obj, where, "start")
        stop = self.need(obj, where, "stop")
        text = obj.get("text")
        if nullable and start is None and stop is None:
            return start, stop, text
        for key, value in (("start", start), ("stop", stop)):
            if not isinstance(value, int) or isinstance(value, bool):
                allowed = " or null (both)" if nullable else ""
                raise SchemaError.bad_value(f"{where}.{key}", value, "a whole number" + allowed)
        if not 0 <= start <= stop <= len(self.text):
            raise SchemaError.bad_value(
                f"{where}.start/stop",
                [start, stop],
                f"offsets with 0 <= start <= stop <= {len(self.text)} (the text's length)",
            )
        if text is None:
            text = self.text[start:stop]
        if self.text[start:stop] != text:
            raise SchemaError.bad_offsets(where, start, stop, text)
        return start, stop, text

    def one_of(self, obj: Mapping[str, Any], where: str, key: str, allowed: tuple[str, ...]) -> Any:
        value = self.need(obj, where, key)
        if value not in allowed:
            raise SchemaError.bad_value(f"{where}.{key}", value, "one of " + ", ".join(allowed))
        return value

    def text_of(self, obj: Mapping[str, Any], where: str, key: str) -> Any:
        value = self.need(obj, where, key)
        if not isinstance(value, str):
            raise SchemaError.bad_value(f"{where}.{key}", value, "a string")
        return value

    def many(self, key: str) -> list[Mapping[str, Any]]:
        value = self.need(self.data, "document", key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SchemaError.bad_value(key, value, "a list")
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise SchemaError.bad_value(f"{key}[{i}]", item, "an object")
        return value

    def mention(self, obj: Mapping[str, Any] | None, where: str) -> Mention | None:
        if obj is None:
            return None
        start, stop, text = self.span_text(obj, where, nullable=True)
        self.known_cluster(obj.get("cluster"), where + ".cluster")
        return Mention(
            start,
            stop,
            text,
            self.need(obj, where, "normal"),
            obj.get("type"),
            obj.get("cluster"),
        )

    def known_cluster(self, value: Any, where: str) -> None:
        if value is not None and value not in self.cluster_ids:
            raise SchemaError.dangling(where, value, "cluster")

    def document(self) -> Document:
        meta_json = self.need(self.data, "document", "meta") or {}
        if not isinstance(meta_json, Mapping):
            raise SchemaError.bad_value("meta", meta_json, "an object or null")
        self.cluster_ids = {c.get("id") for c in self.many("clusters")}
        entity_ids = {e.get("id") for e in self.many("entities")}
        meta = Meta(meta_json.get("date"), meta_json.get("rubric"), meta_json.get("title"))
        sections = []
        for i, s in enumerate(self.many("sections")):
            start, stop, text = self.span_text(s, f"sections[{i}]")
            kind = self.one_of(s, f"sections[{i}]", "kind", ("body", "related"))
            sections.append(Section(start, stop, kind, text))
        sentences = []
        for i, s in enumerate(self.many("sentences")):
            start, stop, text = self.span_text(s, f"sentences[{i}]")
            sentences.append(Sentence(start, stop, text))
        entities = []
        for i, e in enumerate(self.many("entities")):
            where = f"entities[{i}]"
            self.text_of(e, where, "text")
            start, stop, text = self.span_text(e, where)
            self.known_cluster(e.get("cluster"), where + ".cluster")
            entities.append(
                Entity(
                    self.text_of(e, where, "id"),
                    start,
                    stop,
                    self.one_of(e, where, "type", ("PER", "LOC", "ORG")),
                    text,
                    self.text_of(e, where, "normal"),
                    e.get("cluster"),
                )
            )
        clusters = []
        for i, c in enumerate(self.many("clusters")):
            where = f"clusters[{i}]"
            mentions = c.get("mentions") or []
            if not isinstance(mentions, list) or not all(isinstance(m, str) for m in mentions):
                raise SchemaError.bad_value(where + ".mentions", mentions, "a list of entity ids")
            for m in mentions:
                if m not in entity_ids:
                    raise SchemaError.dangling(where + ".mentions", m, "entity")
            roles = c.get("roles") or []
            if not isinstance(roles, list):
                raise SchemaError.bad_value(where + ".roles", roles, "a list of strings")
            clusters.append(
                Cluster(
                    self.text_of(c, where, "id"),
                    self.one_of(c, where, "type", ("PER", "LOC", "ORG")),
                    self.text_of(c, where, "name"),
                    tuple(mentions),
                    tuple(roles),
                )
            )
        quotes = []
        for i, q in enumerate(self.many("quotes")):
            where = f"quotes[{i}]"
            start, stop, text = self.span_text(q, where)
            cue_json = q.get("cue")
            cue = None
            if cue_json is not None:
                c_start, c_stop, c_text = self.span_text(cue_json, where + ".cue", nullable=True)
                cue = Cue(c_start, c_stop, c_text, cue_json.get("lemma") or "")
            source_json = q.get("source")
            source = None
            if source_json is not None:
                s_start, s_stop, s_text = self.span_text(
                    source_json, where + ".source", nullable=True
                )
                source = Source(
                    s_start,
                    s_stop,
                    s_text,
                    self.need(source_json, where + ".source", "normal"),
                    source_json.get("type"),
                )
            quotes.append(
                Quote(
                    self.text_of(q, where, "id"),
                    self.one_of(q, where, "kind", ("direct", "indirect", "mixed")),
                    start,
                    stop,
                    text,
                    q.get("rule") or "",
                    cue,
                    self.mention(q.get("speaker"), where + ".speaker"),
                    self.mention(q.get("addressee"), where + ".addressee"),
                    source,
                )
            )
        return Document(
            id=str(self.need(self.data, "document", "id")),
            text=self.text,
            meta=meta,
            sections=tuple(sections),
            sentences=tuple(sentences),
            entities=tuple(entities),
            clusters=tuple(clusters),
            quotes=tuple(quotes),
        )


def iter_spans(doc: Document) -> Iterator[tuple[str, int | None, int | None, str | None]]:
    """Yield ``(where, start, stop, text)`` for every offset-carrying record of a document.

    Used by tests and ``newsnlp evaluate`` to check the offset invariant in one place.

    Пример::

        >>> list(iter_spans(Document(id="d", text="")))
        []
    """
    for s in doc.sections:
        yield "section", s.start, s.stop, s.text
    for sent in doc.sentences:
        yield "sentence", sent.start, sent.stop, sent.text
    for t in doc.tokens:
        yield "token", t.start, t.stop, t.text
    for e in doc.entities:
        yield "entity", e.start, e.stop, e.text
    for q in doc.quotes:
        yield "quote", q.start, q.stop, q.text
        for name, part in (
            ("cue", q.cue),
            ("speaker", q.speaker),
            ("addressee", q.addressee),
            ("source", q.source),
        ):
            if part is not None:
                yield f"quote.{name}", part.start, part.stop, part.text
