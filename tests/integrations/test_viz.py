"""newsnlp.integrations.viz: HTML markup, who-said-what table, charts."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from newsnlp import Cue, Document, Entity, Mention, Quote, Source
from newsnlp.errors import InputError
from newsnlp.integrations import viz

PARTS = ("nn-quote", "nn-cue", "nn-speaker", "nn-addressee", "nn-source")


class _Checker(HTMLParser):
    """Checks that every tag closes in order, and collects the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.in_legend = 0

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if self.in_legend or ("class", "nn-legend") in attrs:
            self.in_legend += 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag
        if self.in_legend:
            self.in_legend -= 1

    def handle_data(self, data):
        if not self.in_legend:
            self.text.append(data)


def _check(markup: str) -> str:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == []
    return "".join(checker.text)


def test_quotes_html_marks_every_part_in_its_colour(sample_doc):
    markup = viz.quotes_html(sample_doc)
    for part in PARTS:
        assert f'class="{part}' in markup
    for colour in viz.COLOURS.values():
        assert colour in markup
    assert 'class="nn-legend"' in markup
    assert markup.count("data-quote=") >= len(sample_doc.quotes)


def test_quotes_html_keeps_the_text_and_nests_tags(sample_doc):
    assert _check(viz.quotes_html(sample_doc)) == sample_doc.text


def test_quotes_html_escapes_text_and_attributes():
    text = 'Он сказал: «<script>alert("x")</script> & всё».'
    start, stop = text.index("<script>"), text.index("»")
    quote = Quote(
        "q<1>",
        "direct",
        start,
        stop,
        text[start:stop],
        "direct_colon_before",
        cue=Cue(3, 9, "сказал", "сказать"),
        speaker=Mention(0, 2, "Он", 'Иван "<b>" Петров', "PER", None),
    )
    markup = viz.quotes_html(Document(id="d<x>", text=text, quotes=(quote,)))
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup and "&amp; всё" in markup
    assert _check(markup) == text
    assert 'title="q&lt;1&gt; · direct · Иван &quot;&lt;b&gt;&quot; Петров' in markup


def test_quotes_html_nests_attribution_inside_a_quote():
    # "X, по словам Y, Z": speaker and cue inside the quote's span.
    text = "Переговоры, по словам Пескова, прошли хорошо."
    quote = Quote(
        "q1",
        "indirect",
        0,
        44,
        text[:44],
        "indirect_according",
        cue=Cue(15, 21, "словам", "слово"),
        speaker=Mention(22, 29, "Пескова", "Дмитрий Песков", "PER", "c1"),
        source=Source(22, 29, "Пескова", "Песков", "PER"),
    )
    markup = viz.quotes_html(Document(id="d", text=text, quotes=(quote,)), legend=False)
    assert _check(markup) == text
    inner = re.search(r'class="nn-speaker"[^>]*>Пескова<', markup)
    assert inner is not None
    assert markup.index('class="nn-quote') < markup.index('class="nn-source"') < inner.start()


def test_html_shows_rendered_in_a_notebook(sample_doc):
    markup = viz.quotes_html(sample_doc)
    assert isinstance(markup, str)
    assert markup._repr_html_() == str(markup)


def test_entities_html_with_ipymarkup(sample_doc):
    markup = viz.entities_html(sample_doc)
    assert "Ким Чен Ын" in markup and "PER" in markup and "ORG" in markup
    assert markup._repr_html_() == markup


def test_entities_html_with_displacy_shows_outermost_entities():
    pytest.importorskip("spacy")
    text = "МЧС России <и> Путин."
    doc = Document(
        id="d",
        text=text,
        entities=(
            Entity("e1", 0, 10, "ORG", "МЧС России", "МЧС России"),
            Entity("e2", 4, 10, "LOC", "России", "Россия"),
            Entity("e3", 15, 20, "PER", "Путин", "Путин"),
        ),
    )
    markup = viz.entities_html(doc, engine="displacy")
    assert "ORG" in markup and "PER" in markup and "LOC" not in markup
    assert "&lt;и&gt;" in markup


def test_entities_html_rejects_an_unknown_engine(sample_doc):
    with pytest.raises(InputError, match="engine"):
        viz.entities_html(sample_doc, engine="brat")


def test_who_said_what(sample_doc):
    pytest.importorskip("pandas")
    table = viz.who_said_what(sample_doc)
    assert list(table.columns) == ["id", "speaker", "cue", "addressee", "source", "kind", "text"]
    assert len(table) == len(sample_doc.quotes)
    assert table["speaker"].iloc[0] == sample_doc.quotes[0].speaker.normal


@pytest.fixture
def agg():
    matplotlib = pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def test_plot_top_speakers_returns_axes(agg, sample_doc):
    from matplotlib.axes import Axes

    ax = viz.plot_top_speakers([sample_doc], n=3)
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 3
    assert labels[-1] == "Ким Чен Ын"  # most quoted, drawn on top
    assert ax.get_title() == "Most quoted speakers"


def test_plot_top_sources_from_a_frame_on_given_axes(agg, sample_doc):
    import matplotlib.pyplot as plt

    import newsnlp

    _, ax = plt.subplots()
    assert viz.plot_top_sources(newsnlp.frames([sample_doc]), ax=ax) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and ax.get_title() == "Most cited sources"
    assert set(labels) <= {q.source.normal for q in sample_doc.quotes if q.source}


def test_plots_of_nothing_and_bad_arguments(agg):
    ax = viz.plot_top_speakers(Document(id="d", text="Тишина."))
    assert any(t.get_text() == "no quotes" for t in ax.texts)
    with pytest.raises(InputError, match="n="):
        viz.plot_top_speakers([], n=0)


def test_plain_text_round_trip_of_the_markup(sample_doc):
    # The markup holds the text once, escaped: unescaping the tag-free parts gives it.
    markup = viz.quotes_html(sample_doc, legend=False)
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == sample_doc.text
