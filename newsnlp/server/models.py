"""Request and response bodies of the HTTP service, as pydantic models.

They give the OpenAPI schema (``GET /openapi.json``, the ``/docs`` page) its types. The
response models mirror the JSON contract (SCHEMA.md, :meth:`newsnlp.Document.as_json`)
key for key and forbid any other key, so a test that validates real output against them
fails as soon as the two drift apart.

Пример::

    >>> from newsnlp.server.models import BatchRequest
    >>> BatchRequest.model_validate({"documents": [{"id": "a1", "text": "Да."}]}).documents[0].id
    'a1'
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

__all__ = [
    "BatchRequest",
    "ClusterJSON",
    "CueJSON",
    "DocumentFailure",
    "DocumentIn",
    "DocumentJSON",
    "EntityJSON",
    "ErrorJSON",
    "HealthJSON",
    "MentionJSON",
    "MetaJSON",
    "QuoteJSON",
    "RefusedItem",
    "SectionJSON",
    "SentenceJSON",
    "SourceJSON",
    "TextRequest",
    "ValidationErrorJSON",
    "VersionJSON",
]

_CONTRACT = ConfigDict(extra="forbid")


def _as_str(value: object) -> object:
    # Crawlers often key articles by number; the contract's ids are strings.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class TextRequest(BaseModel):
    """One document: ``{"text": "...", "id": "a1"}`` (``id`` defaults to ``doc``).

    Пример::

        >>> TextRequest(text="Путин прибыл.").id is None
        True
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"id": "a1", "text": "«Мы готовы», — сказал Песков."}]},
    )

    text: str = Field(description="The article, as plain text.")
    id: str | None = Field(None, description="Echoed back as the document's id; default 'doc'.")

    _id = field_validator("id", mode="before")(_as_str)


class DocumentIn(BaseModel):
    """One document of a batch; keys other than ``id`` and ``text`` are ignored.

    Пример::

        >>> DocumentIn(id=7, text="Да.").id
        '7'
    """

    id: str | None = Field(
        None, description="Names the document in the answer; default doc1, doc2... by position."
    )
    text: str

    _id = field_validator("id", mode="before")(_as_str)


class RefusedItem(BaseModel):
    """A batch item that is no document (``{"id": "a1"}``, ``5``): kept as it came, so
    that its place in the answer says what is wrong with it, and the rest go on.

    Пример::

        >>> item = RefusedItem.model_validate({"id": 7})
        >>> item.id, item.problem
        ('7', 'text: Field required')
    """

    raw: Any = None
    problem: str = ""

    @model_validator(mode="wrap")
    @classmethod
    def _keep(cls, value: Any, handler: ModelWrapValidatorHandler[RefusedItem]) -> RefusedItem:
        if isinstance(value, RefusedItem):
            return value
        if not isinstance(value, dict):
            kind = "null" if value is None else type(value).__name__
            return cls.model_construct(raw=value, problem=f"an item must be an object, got {kind}")
        try:
            DocumentIn.model_validate(value)
            problem = "not a document"
        except ValidationError as error:
            problem = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}"
                for e in error.errors()[:3]
            )
        return cls.model_construct(raw=value, problem=problem)

    @property
    def id(self) -> str | None:
        """The item's ``id``, when it has one that can name it."""
        found = self.raw.get("id") if isinstance(self.raw, dict) else None
        if isinstance(found, bool) or not isinstance(found, (str, int)):
            return None
        return str(found)


# The schema shows what to send; an item that is not that is answered in its place.
_Item = Annotated[
    DocumentIn | RefusedItem,
    Field(union_mode="left_to_right"),
    WithJsonSchema(DocumentIn.model_json_schema()),
]


class BatchRequest(BaseModel):
    """Many documents: ``{"documents": [{"id": "a1", "text": "..."}, ...]}``.

    Пример::

        >>> len(BatchRequest(documents=[DocumentIn(text="Да.")]).documents)
        1
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "documents": [
                        {"id": "a1", "text": "Путин прибыл на космодром, сообщает ТАСС."},
                        {"id": "a2", "text": "«Мы готовы», — сказал Песков."},
                    ]
                }
            ]
        },
    )

    documents: list[_Item] = Field(
        description="The documents; an item without a string text is answered with an "
        "error in its place (E603), the others as usual."
    )


class MetaJSON(BaseModel):
    """The date line, rubric and title a page layout gives.

    Пример::

        >>> MetaJSON(date=None, rubric="В мире", title=None).rubric
        'В мире'
    """

    model_config = _CONTRACT

    date: str | None
    rubric: str | None
    title: str | None


class SectionJSON(BaseModel):
    """``body``: the story; ``related``: one related-news teaser.

    Пример::

        >>> SectionJSON(start=0, stop=5, kind="body").kind
        'body'
    """

    model_config = _CONTRACT

    start: int
    stop: int
    kind: Literal["body", "related"]


class SentenceJSON(BaseModel):
    """A sentence, by its offsets into the text.

    Пример::

        >>> SentenceJSON(start=0, stop=14).stop
        14
    """

    model_config = _CONTRACT

    start: int
    stop: int


class EntityJSON(BaseModel):
    """A PER / LOC / ORG mention; ``normal`` is its nominative form.

    Пример::

        >>> EntityJSON(id="e1", start=0, stop=5, type="PER", text="Путин", normal="Путин",
        ...     cluster="c1").normal
        'Путин'
    """

    model_config = _CONTRACT

    id: str
    start: int
    stop: int
    type: Literal["PER", "LOC", "ORG"]
    text: str
    normal: str
    cluster: str | None


class ClusterJSON(BaseModel):
    """All mentions of one referent, named by its fullest form.

    Пример::

        >>> ClusterJSON(id="c1", type="PER", name="Ким Чен Ын", mentions=["e1"], roles=[]).name
        'Ким Чен Ын'
    """

    model_config = _CONTRACT

    id: str
    type: Literal["PER", "LOC", "ORG"]
    name: str
    mentions: list[str]
    roles: list[str]


class CueJSON(BaseModel):
    """The word that introduces a statement.

    Пример::

        >>> CueJSON(start=0, stop=6, text="сказал", lemma="сказать").lemma
        'сказать'
    """

    model_config = _CONTRACT

    start: int
    stop: int
    text: str
    lemma: str


class _Reference(BaseModel):
    """Who a span of the text refers to: offsets and text as written, ``normal`` who it is."""

    model_config = _CONTRACT

    start: int | None
    stop: int | None
    text: str | None
    normal: str
    type: str | None


class MentionJSON(_Reference):
    """A speaker or addressee: what the text says and who that is (``normal``).

    Offsets and ``text`` are null only for a speaker that is implied, not written.

    Пример::

        >>> MentionJSON(start=0, stop=3, text="Ким", normal="Ким Чен Ын", type="PER",
        ...     cluster="c1").normal
        'Ким Чен Ын'
    """

    cluster: str | None


class SourceJSON(_Reference):
    """The medium that reports a statement.

    Пример::

        >>> SourceJSON(start=0, stop=4, text="ТАСС", normal="ТАСС", type="ORG").normal
        'ТАСС'
    """


class QuoteJSON(BaseModel):
    """A statement: who said what (``speaker``), to whom (``addressee``), per whom (``source``).

    Пример::

        >>> QuoteJSON(id="q1", kind="direct", start=1, stop=3, text="Да", rule="r",
        ...     cue=None, speaker=None, addressee=None, source=None).kind
        'direct'
    """

    model_config = _CONTRACT

    id: str
    kind: Literal["direct", "indirect", "mixed"]
    start: int
    stop: int
    text: str
    rule: str = Field(description="The rule that found the quote (docs: Quote rules).")
    cue: CueJSON | None
    speaker: MentionJSON | None
    addressee: MentionJSON | None
    source: SourceJSON | None


class DocumentJSON(BaseModel):
    """One processed document, exactly the JSON contract (SCHEMA.md).

    Every offset is a half-open character offset into ``text``.

    Пример::

        >>> from newsnlp import Document
        >>> DocumentJSON.model_validate(Document(id="d1", text="Мир.").as_json()).id
        'd1'
    """

    model_config = _CONTRACT

    id: str
    text: str
    meta: MetaJSON
    sections: list[SectionJSON]
    sentences: list[SentenceJSON]
    entities: list[EntityJSON]
    clusters: list[ClusterJSON]
    quotes: list[QuoteJSON]


class ErrorJSON(BaseModel):
    """An error: its newsnlp code (``E601``...) and what to do about it.

    Пример::

        >>> ErrorJSON(code="E601", detail="...").code
        'E601'
    """

    model_config = _CONTRACT

    code: str = Field(description="newsnlp error code, e.g. E400 (see the Errors page).")
    detail: str = Field(description="What went wrong and how to fix it.")


class DocumentFailure(BaseModel):
    """In a batch answer, the place of a document that failed: its id and the error.

    The other documents of the batch are processed as usual.

    Пример::

        >>> DocumentFailure(id="a2", error=ErrorJSON(code="E400", detail="...")).id
        'a2'
    """

    model_config = _CONTRACT

    id: str
    error: ErrorJSON


class ValidationErrorJSON(BaseModel):
    """A body that is not JSON, or not one of the two accepted shapes (status 422).

    ``errors`` lists each problem with its place (``loc``) as pydantic reports it.

    Пример::

        >>> ValidationErrorJSON(code="E603", detail="...", errors=[]).code
        'E603'
    """

    model_config = _CONTRACT

    code: str
    detail: str
    errors: list[dict[str, object]]


class HealthJSON(BaseModel):
    """``ok`` once the models are loaded (200); ``loading`` or ``error`` before (503).

    Пример::

        >>> HealthJSON(status="ok").status
        'ok'
    """

    model_config = _CONTRACT

    status: Literal["ok", "loading", "error"]
    detail: str | None = None


class VersionJSON(BaseModel):
    """Versions of newsnlp, the packages whose models it runs, and Python.

    Пример::

        >>> VersionJSON(newsnlp="0.1.0", natasha="1.6.0", slovnet="0.6.0",
        ...     pymorphy3="2.0.2", python="3.11.7").newsnlp
        '0.1.0'
    """

    model_config = _CONTRACT

    newsnlp: str
    natasha: str | None
    slovnet: str | None
    pymorphy3: str | None
    python: str
