"""See who said what: quotes and entities marked up in HTML, tables and charts.

- :func:`quotes_html`: the text with each quote, its cue, speaker, addressee and source
  in their own colour, a legend, and the details of a quote on hover.
- :func:`entities_html`: ``PER`` / ``LOC`` / ``ORG`` markup with ipymarkup (nested
  entities shown nested) or spaCy's displaCy.
- :func:`who_said_what`: a per-document table of speaker, cue, addressee, source, quote.
- :func:`plot_top_speakers` / :func:`plot_top_sources`: bar charts over a corpus
  (matplotlib), returning the ``Axes``.

The HTML functions return :class:`HTML`, a ``str`` that a notebook shows rendered.
Needs ``pip install 'newsnlp[viz]'`` (displaCy also ``newsnlp[spacy]``); each package
is imported only when a function needs it.

Пример::

    >>> from newsnlp import Document, Quote, Mention
    >>> doc = Document(id="d1", text="Песков: «Да».", quotes=(
    ...     Quote("q1", "direct", 9, 11, "Да", "direct_colon_before",
    ...           speaker=Mention(0, 6, "Песков", "Дмитрий Песков", "PER", "c1")),))
    >>> html = quotes_html(doc)
    >>> 'class="nn-speaker"' in html and 'class="nn-quote nn-direct"' in html
    True
"""

from __future__ import annotations

import html as _html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..document import Document, Quote
from ..errors import InputError
from . import require

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "COLOURS",
    "HTML",
    "entities_html",
    "plot_top_sources",
    "plot_top_speakers",
    "quotes_html",
    "who_said_what",
]

COLOURS: dict[str, str] = {
    "quote": "#fff3bf",
    "cue": "#ffc9c9",
    "speaker": "#a5d8ff",
    "addressee": "#b2f2bb",
    "source": "#d0bfff",
}
"""Background colour of each part of a statement in :func:`quotes_html`."""

_LABELS = {
    "quote": "цитата / quote",
    "cue": "глагол речи / cue",
    "speaker": "говорящий / speaker",
    "addressee": "адресат / addressee",
    "source": "источник / source",
}

# Nesting order: a quote encloses the others (an attribution may sit inside an
# unquoted statement, "X, по словам Y, Z"), a speaker may sit inside a source phrase.
_ORDER = {"quote": 0, "source": 1, "speaker": 2, "addressee": 3, "cue": 4}

_ENTITY_COLOURS = {"PER": "#aa9cfc", "LOC": "#7aecec", "ORG": "#feca74"}


class HTML(str):
    """An HTML string that a notebook displays rendered (it has ``_repr_html_``).

    Пример::

        >>> HTML("<b>Путин</b>")._repr_html_()
        '<b>Путин</b>'
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


@dataclass(frozen=True)
class _Mark:
    part: str
    start: int
    stop: int
    quote: Quote


def _marks(doc: Document) -> list[_Mark]:
    marks: dict[tuple[str, int, int], _Mark] = {}
    for q in doc.quotes:
        parts: list[tuple[str, int | None, int | None]] = [("quote", q.start, q.stop)]
        if q.cue is not None:
            parts.append(("cue", q.cue.start, q.cue.stop))
        for name, ref in (("speaker", q.speaker), ("addressee", q.addressee), ("source", q.source)):
            if ref is not None:
                parts.append((name, ref.start, ref.stop))
        for part, start, stop in parts:
            # Implied speakers have no offsets; one pronoun may introduce two quotes.
            if start is not None and stop is not None and start < stop:
                marks.setdefault((part, start, stop), _Mark(part, start, stop, q))
    return list(marks.values())


def _describe(q: Quote) -> str:
    who = q.speaker.normal if q.speaker is not None else "?"
    line = f"{q.id} · {q.kind} · {who}"
    if q.addressee is not None:
        line += f" → {q.addressee.normal}"
    if q.source is not None:
        line += f" · по данным {q.source.normal}"
    return f"{line} · {q.rule}"


def _open(mark: _Mark) -> str:
    if mark.part == "quote":
        cls = f"nn-quote nn-{mark.quote.kind}"
        style = f"background: {COLOURS['quote']}; border-bottom: 2px solid #f08c00"
        title = _describe(mark.quote)
    else:
        cls = f"nn-{mark.part}"
        style = f"background: {COLOURS[mark.part]}; border-radius: 3px; padding: 0 1px"
        if mark.part == "cue":
            style += "; font-weight: bold"
        title = f"{mark.part} of {mark.quote.id}"
    return (
        f'<span class="{cls}" style="{style}" data-quote="{_html.escape(mark.quote.id)}" '
        f'title="{_html.escape(title)}">'
    )


def _legend() -> str:
    items = "".join(
        f'<span class="nn-{part}" style="background: {colour}; padding: 1px 6px; '
        f'margin-right: 6px; border-radius: 3px">{_html.escape(_LABELS[part])}</span>'
        for part, colour in COLOURS.items()
    )
    return f'<div class="nn-legend" style="margin-bottom: 8px; font-size: 90%">{items}</div>'


def quotes_html(doc: Document, *, legend: bool = True) -> HTML:
    """The text with every quote, cue, speaker, addressee and source highlighted.

    Self-contained (inline styles, no scripts or external files) and escaped; hover a
    quote for its id, kind, canonical speaker, addressee, source and rule. Parts carry
    the classes ``nn-quote`` (and ``nn-direct`` / ``nn-indirect`` / ``nn-mixed``),
    ``nn-cue``, ``nn-speaker``, ``nn-addressee``, ``nn-source`` for restyling.

    Пример::

        >>> from newsnlp import Document
        >>> quotes_html(Document(id="d", text="a < b"), legend=False)  # doctest: +ELLIPSIS
        '<div class="newsnlp-quotes" ...>a &lt; b</div>'
    """
    text = doc.text
    marks = _marks(doc)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.stop for m in marks)})
    out = []
    # Each stretch between two mark boundaries is wrapped in the marks covering it,
    # outermost first: overlapping marks then always nest properly in the HTML.
    for a, b in pairwise(cuts):
        covering = sorted(
            (m for m in marks if m.start <= a and b <= m.stop),
            key=lambda m: (_ORDER[m.part], m.start, -m.stop),
        )
        piece = _html.escape(text[a:b])
        out.append("".join(_open(m) for m in covering) + piece + "</span>" * len(covering))
    head = _legend() if legend else ""
    body = "".join(out)
    return HTML(
        f'<div class="newsnlp-quotes" data-doc="{_html.escape(doc.id)}" '
        f'style="white-space: pre-wrap; line-height: 1.7">{head}{body}</div>'
    )


def _outermost(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for start, stop, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, stop, label))
    return kept


def entities_html(doc: Document, *, engine: str = "ipymarkup") -> HTML:
    """Entity markup: ``engine="ipymarkup"`` (nested entities as nested lines) or
    ``"displacy"`` (spaCy's look; outermost entities only, as displaCy cannot nest).

    Пример::

        >>> from newsnlp import Document, Entity
        >>> doc = Document(id="d", text="Путин приехал.",
        ...     entities=(Entity("e1", 0, 5, "PER", "Путин", "Путин"),))
        >>> "PER" in entities_html(doc)
        True
    """
    spans = [(e.start, e.stop, e.type) for e in doc.entities]
    if engine == "ipymarkup":
        ipymarkup = require("ipymarkup", "viz")
        return HTML("".join(ipymarkup.format_span_line_markup(doc.text, spans)))
    if engine == "displacy":
        displacy = require("spacy.displacy", "spacy")
        data = {
            "text": doc.text,
            "ents": [{"start": a, "end": b, "label": t} for a, b, t in _outermost(spans)],
            "title": None,
        }
        rendered = displacy.render(
            data,
            style="ent",
            manual=True,
            page=False,
            jupyter=False,
            options={"colors": _ENTITY_COLOURS},
        )
        return HTML(rendered)
    raise InputError.bad_option("engine", engine, "'ipymarkup' or 'displacy'")


def who_said_what(doc: Document) -> pd.DataFrame:
    """A table of one document's statements: speaker, cue, addressee, source, quote.

    Names are canonical (``Владимир Путин`` for ``Путину``); rows in text order.

    Пример::

        >>> from newsnlp import Pipeline
        >>> doc = Pipeline()("«Мы готовы», – сказал Песков.")
        >>> who_said_what(doc).values.tolist()
        [['q1', 'Песков', 'сказал', None, None, 'direct', 'Мы готовы']]
    """
    from .pandas import quotes_frame

    frame = quotes_frame(doc)
    table: pd.DataFrame = frame[["id", "speaker", "cue", "addressee", "source", "kind", "text"]]
    return table


def _quote_frame(data: Document | Iterable[Document] | pd.DataFrame) -> pd.DataFrame:
    require("pandas", "pandas")
    import pandas

    if isinstance(data, pandas.DataFrame):
        return data
    from .pandas import frames

    return frames(data)


def _plot_top(
    data: Document | Iterable[Document] | pd.DataFrame,
    column: str,
    n: int,
    ax: Axes | None,
    title: str,
    colour: str,
) -> Axes:
    if not isinstance(n, int) or n < 1:
        raise InputError.bad_option("n", n, "a whole number >= 1")
    frame = _quote_frame(data)
    if column not in frame.columns:
        raise InputError.bad_option(
            "data", f"a table without a {column!r} column", "documents or newsnlp.frames(docs)"
        )
    require("matplotlib", "viz")
    if ax is None:
        import matplotlib.pyplot as plt

        height = 1.0 + 0.35 * n
        _, ax = plt.subplots(figsize=(7, height))
    # Missing names are None or NaN depending on the pandas version: count strings only.
    counts: Counter[str] = Counter(v for v in frame[column] if isinstance(v, str) and v)
    top = counts.most_common(n)
    names = [name for name, _ in reversed(top)]
    values = [count for _, count in reversed(top)]
    ax.barh(names, values, color=colour, edgecolor="#495057")
    ax.set_title(title)
    ax.set_xlabel("quotes")
    if not top:
        ax.text(0.5, 0.5, "no quotes", ha="center", va="center", transform=ax.transAxes)
    return ax


def plot_top_speakers(
    data: Document | Iterable[Document] | pd.DataFrame, n: int = 10, *, ax: Axes | None = None
) -> Axes:
    """Bar chart of the ``n`` most quoted speakers (canonical names) over a corpus.

    ``data`` is a Document, documents, or a frame from :func:`newsnlp.frames`; draws on
    ``ax`` if given, else on a new figure. Returns the matplotlib ``Axes``.

    Пример::

        >>> from newsnlp import Pipeline
        >>> texts = ["«Да», – сказал Путин.", "«Нет», – ответил Ким."]
        >>> docs = Pipeline().pipe(texts)
        >>> plot_top_speakers(docs, n=5).get_title()
        'Most quoted speakers'
    """
    return _plot_top(data, "speaker", n, ax, "Most quoted speakers", COLOURS["speaker"])


def plot_top_sources(
    data: Document | Iterable[Document] | pd.DataFrame, n: int = 10, *, ax: Axes | None = None
) -> Axes:
    """Bar chart of the ``n`` most cited sources (media: ТАСС, Интерфакс...) over a corpus.

    Same arguments as :func:`plot_top_speakers`; returns the ``Axes``.

    Пример::

        >>> import newsnlp
        >>> docs = newsnlp.Pipeline().pipe(["Путин прибыл в Москву, сообщает ТАСС."])
        >>> plot_top_sources(newsnlp.frames(docs)).get_title()
        'Most cited sources'
    """
    return _plot_top(data, "source", n, ax, "Most cited sources", COLOURS["source"])
