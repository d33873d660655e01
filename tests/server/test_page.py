"""The page at `GET /` in headless Chromium (Debian's), driven by Playwright.

A reader pastes the sample article, presses the button, and sees the quotes highlighted
and the who-said-what table; the JSON downloads; the API docs render with nothing
fetched from outside. The screenshot goes to pytest's tmp path; pytest keeps the last
three runs under /tmp/pytest-of-$USER/, or choose the place with `--basetemp=DIR`:

    pytest tests/server/test_page.py --basetemp=/tmp/newsnlp-page   # then open page.png
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import chromium_or_skip

CHROMIUM = chromium_or_skip()
if not os.environ.get("CI"):  # in CI a missing Playwright is an error, not a skip
    pytest.importorskip("playwright")
pytest.importorskip("uvicorn")
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from newsnlp.cli import main  # noqa: E402
from newsnlp.corpus import Corpus  # noqa: E402
from newsnlp.integrations.viz import COLOURS  # noqa: E402

from ..conftest import ROOT  # noqa: E402
from .conftest import serving  # noqa: E402

ARTICLES = ROOT / "tests" / "corpus" / "articles"

# Playwright's own browser flags plus what Debian's Chromium needs as root in a container;
# it never downloads a browser here (`playwright install` is not run).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def rgb(colour: str) -> str:
    r, g, b = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []

    def only_local(route):
        # Everything the page needs comes from the server: record and refuse the rest.
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()
    assert outside == [], f"the page fetched from outside: {outside}"


def test_paste_the_sample_and_see_who_said_what(
    page, live_server, sample_text, sample_doc, tmp_path
):
    page.goto(live_server + "/")
    page.fill("#text", sample_text)
    page.click("#run")
    page.wait_for_selector("#who tbody tr")

    quotes = sample_doc.quotes
    # the table: one row a quote, speakers as the library names them
    rows = page.locator("#who tbody tr")
    assert rows.count() == len(quotes)
    speakers = page.eval_on_selector_all(
        "#who tbody tr td:nth-child(2)", "cells => cells.map(c => c.firstChild.textContent)"
    )
    assert speakers == [q.speaker.normal if q.speaker else "—" for q in quotes]
    assert "Ким Чен Ын" in speakers and "Владимир Путин" in speakers

    # the text: every quote highlighted, with its cue, speaker, addressee and source
    marked = page.eval_on_selector_all("#doc .nn-quote", "els => els.map(e => e.dataset.quote)")
    assert set(marked) == {q.id for q in quotes}
    for part in ("cue", "speaker", "addressee", "source"):
        assert page.locator(f"#doc .nn-{part}").count() > 0, part
    for kind in ("PER", "ORG", "LOC"):
        assert page.locator(f"#doc .nn-ent.nn-{kind}").count() > 0, kind
    # in the colours a notebook shows them in, and every character of the article kept
    colour = page.eval_on_selector("#doc .nn-speaker", "e => getComputedStyle(e).backgroundColor")
    assert colour == rgb(COLOURS["speaker"])
    assert page.eval_on_selector("#doc", "e => e.textContent") == sample_text
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    assert (tmp_path / "page.png").stat().st_size > 10_000

    # a row brings its quote into focus
    rows.nth(1).click()
    focused = page.eval_on_selector_all(".nn-focus", "els => els.map(e => e.dataset.quote)")
    assert focused and set(focused) == {quotes[1].id}

    # the JSON download is the server's answer
    with page.expect_download() as download:
        page.click("#download")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data == {**sample_doc.as_json(), "id": "doc"}


def test_upload_a_file_and_switch_layers(page, live_server):
    page.goto(live_server + "/")
    page.set_input_files(
        "#file",
        files=[
            {
                "name": "upload.txt",
                "mimeType": "text/plain",
                "buffer": "«Мы готовы», — сказал Дмитрий Песков агентству ТАСС.".encode(),
            }
        ],
    )
    page.wait_for_selector("#doc[data-doc='upload'] .nn-quote")
    assert page.locator("#who tbody tr").count() == 1
    page.uncheck("#show-quotes")
    background = page.eval_on_selector("#doc .nn-quote", "e => getComputedStyle(e).backgroundColor")
    assert background == "rgba(0, 0, 0, 0)"


def test_api_docs_render_offline(page, live_server):
    page.goto(live_server + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
    assert {"/extract", "/health", "/version"} <= {p.strip() for p in paths}


def test_the_sample_is_one_click_away_with_teasers_marked(page, live_server, sample_doc):
    page.goto(live_server + "/")
    assert page.input_value("#text") == ""
    page.click("#sample")
    page.wait_for_selector("#doc[data-doc='kim-putin-vostochny'] .nn-quote")
    assert page.locator("#who tbody tr").count() == len(sample_doc.quotes)

    related = [s for s in sample_doc.sections if s.kind == "related"]
    teasers = [q for q in sample_doc.quotes if any(s.start <= q.start < s.stop for s in related)]
    assert len(teasers) == 4
    # the table marks each teaser quote's row, and only those
    marked = page.eval_on_selector_all(
        "#who tbody tr.teaser", "rows => rows.map(r => r.dataset.quote)"
    )
    assert marked == [q.id for q in teasers]
    assert page.locator("#who tbody tr.teaser .badge").first.text_content() == "тизер"
    # the text sets every teaser apart, labelled by CSS only: the characters stay the article's
    starts = page.eval_on_selector_all(
        "#doc .nn-teaser", "els => [...new Set(els.map(e => Number(e.dataset.section)))]"
    )
    assert starts == [s.start for s in related]
    labels = page.eval_on_selector_all(
        "#doc .nn-teaser-first", "els => els.map(e => getComputedStyle(e, '::before').content)"
    )
    assert labels == ['"тизер "'] * len(related)
    inside = page.eval_on_selector_all(
        "#doc .nn-teaser .nn-quote", "els => [...new Set(els.map(e => e.dataset.quote))]"
    )
    assert inside == [q.id for q in teasers]
    n = len(sample_doc.quotes)
    assert page.text_content("#status").startswith(f"Готово: {n} цитаты (4 из тизеров), ")


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "1 цитата"),
        (2, "2 цитаты"),
        (4, "4 цитаты"),
        (5, "5 цитат"),
        (11, "11 цитат"),
        (12, "12 цитат"),
        (14, "14 цитат"),
        (21, "21 цитата"),
        (22, "22 цитаты"),
        (25, "25 цитат"),
        (111, "111 цитат"),
        (0, "0 цитат"),
    ],
)
def test_counts_in_russian_plural_forms(page, live_server, n, words):
    page.goto(live_server + "/")
    assert page.evaluate(f"plural({n}, 'цитата', 'цитаты', 'цитат')") == words


def test_counts_of_a_one_quote_article(page, live_server):
    page.goto(live_server + "/")
    page.fill("#text", "«Мы готовы», — сказал Дмитрий Песков.")
    page.click("#run")
    page.wait_for_selector("#doc .nn-quote")
    assert page.text_content("#status").startswith("Готово: 1 цитата, ")


def test_no_request_fails_and_the_page_has_an_icon(browser, live_server):
    context = browser.new_context()
    tab = context.new_page()
    failed: list[str] = []
    errors: list[str] = []
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(live_server + "/")
    tab.wait_for_selector("#status:has-text('загружены')")
    icon = tab.eval_on_selector("link[rel=icon]", "e => e.href")
    answer = tab.request.get(icon)
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.body().startswith(b"<svg")
    context.close()
    assert failed == [] and errors == []


def test_offsets_are_code_points_an_emoji_before_a_quote(page, live_server, nlp):
    # Beyond the BMP each emoji is two UTF-16 units in JavaScript and one code point in the
    # JSON: without converting, every mark after it would be shifted.
    text = "😀🇷🇺 Новость дня.\n\n«Мы готовы 🙂 к переговорам», — сказал Дмитрий Песков."
    doc = nlp(text)
    assert doc.quotes and len(text) != len(text.encode("utf-16-le")) // 2
    page.goto(live_server + "/")
    page.fill("#text", text)
    page.click("#run")
    page.wait_for_selector("#doc .nn-quote")
    highlighted = page.evaluate(
        """() => {
          const byQuote = {};
          for (const el of document.querySelectorAll('#doc .nn-quote')) {
            byQuote[el.dataset.quote] = (byQuote[el.dataset.quote] || '') + el.textContent;
          }
          return byQuote;
        }"""
    )
    assert highlighted == {q.id: q.text for q in doc.quotes}
    speaker = page.eval_on_selector("#doc .nn-speaker", "e => e.textContent")
    assert speaker == doc.quotes[0].speaker.text == "Дмитрий Песков"
    assert page.eval_on_selector("#doc", "e => e.textContent") == text


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    assert main(["extract", str(ARTICLES), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def corpus_server(corpus_file, tmp_path_factory):
    """`newsnlp serve --corpus corpus.duckdb` over the issue's three articles."""
    log = tmp_path_factory.mktemp("corpus-server") / "server.log"
    with serving(log, "--corpus", str(corpus_file)) as url:
        yield url


@pytest.fixture
def corpus_page(browser, corpus_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    problems: list[str] = []
    tab.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    assert problems == []


def _cells(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        selector, "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )


def test_corpus_view_lists_the_speakers(corpus_page, corpus_server, corpus_file):
    corpus_page.goto(corpus_server + "/corpus")
    corpus_page.wait_for_selector("#speakers tbody tr")
    rows = {r[0]: r[1:] for r in _cells(corpus_page, "#speakers tbody tr")}
    assert rows["Ким Чен Ын"] == ["10", "2"]
    assert "Ким" not in rows and "Кима" not in rows and "Песков" not in rows
    expected = Corpus(corpus_file).speakers()
    assert list(rows) == expected["speaker"].tolist()
    assert "3 статьи, " in corpus_page.text_content("#summary")
    # a filter by day asks the server again
    corpus_page.fill("#since", "2023-09-14")
    corpus_page.click("#filters button")
    expect(corpus_page.locator("#speakers tbody tr")).to_have_count(1)
    assert _cells(corpus_page, "#speakers tbody tr") == [["Дмитрий Песков", "2", "1"]]


def test_a_speakers_quotes_over_time(corpus_page, corpus_server, corpus_file):
    corpus_page.goto(corpus_server + "/corpus")
    corpus_page.click("#speakers tbody tr[data-speaker='Дмитрий Песков']")
    corpus_page.wait_for_selector("#person[data-speaker='Дмитрий Песков'] .day")
    days = corpus_page.eval_on_selector_all(
        "#timeline .day", "els => els.map(e => [e.dataset.date, Number(e.dataset.quotes)])"
    )
    timeline = Corpus(corpus_file).timeline(speaker="Дмитрий Песков")
    assert days == [
        [str(d)[:10], int(n)] for d, n in zip(timeline["date"], timeline["quotes"], strict=True)
    ]
    assert [d for d, _ in days] == ["2023-09-13", "2023-09-15"]
    # the bars are drawn: the busiest day is the tallest
    heights = corpus_page.eval_on_selector_all(
        "#timeline .bar", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights[0] > heights[1] > 0
    quotes = _cells(corpus_page, "#quotes tbody tr")
    assert len(quotes) == 5 and [q[0] for q in quotes] == sorted(q[0] for q in quotes)
    assert corpus_page.text_content("#person-counts").startswith("5 цитат, ")


def test_a_statements_outlets(corpus_page, corpus_server):
    corpus_page.goto(corpus_server + "/corpus?speaker=" + "Ким Чен Ын")
    corpus_page.wait_for_selector("#person[data-speaker='Ким Чен Ын'] #statements li")
    first = corpus_page.locator("#statements > li").first
    assert "суверенитета" in first.locator("q").text_content()
    assert first.locator("small").text_content().strip() == "2 статьи"
    outlets = first.locator(".outlets li")
    docs = outlets.evaluate_all("els => els.map(e => e.dataset.doc)")
    assert sorted(docs) == ["kim-putin-vostochny", "ria-kim-sovereignty"]
    text = " ".join(outlets.all_text_contents())
    assert "Интерфакс" in text and "РИА Новости" in text and "2023-09-13" in text


def test_the_article_page_offers_the_corpus_only_when_served(browser, corpus_server, live_server):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(corpus_server + "/")
    tab.wait_for_selector("#corpus-link:not([hidden])")
    tab.click("#corpus-link")
    tab.wait_for_selector("#speakers tbody tr")
    tab.goto(live_server + "/")
    tab.wait_for_selector("#status:has-text('загружены')")
    assert tab.locator("#corpus-link").is_hidden()
    tab.goto(live_server + "/corpus")
    tab.wait_for_selector("#status:has-text('--corpus')")
    assert tab.locator("#filters").is_hidden()
    context.close()
