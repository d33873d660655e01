"""Quote scoring."""

from __future__ import annotations

import json

import pytest

from newsnlp import Document, Mention, Quote
from newsnlp.errors import InputError
from newsnlp.evaluate import GoldQuote, evaluate, load_gold, speaker_matches

from .conftest import CORPORA

TEXT = "Путин сказал: «Да». Песков заявил, что нет. Ким считает, что всё хорошо."


@pytest.mark.parametrize(
    ("pred", "gold", "ok"),
    [
        ("Песков", ["Дмитрий Песков"], True),
        ("Дмитрий Песков", ["Песков"], True),
        ("дмитрий песков", ["Дмитрий Песков"], True),
        ("Ким", ["Ким Чен Ын"], True),
        ("В. Путин", ["Владимир Путин"], True),
        ("Путин", ["Ким Чен Ын"], False),
        ("представитель Кремля", ["представитель Кремля", "Дмитрий Песков"], True),
        ("Коммерсантъ", ["Коммерсант", "Ъ"], True),  # one medium, two spellings
        ("AFP", ["Agence France-Presse"], True),
        ("Reuters", ["AFP"], False),
        ("«Ъ»", ["Коммерсант", "Ъ"], True),
        ("Алёна Петрова", ["Алена Петрова"], True),
        (None, ["Путин"], False),
    ],
)
def test_speaker_matches(pred, gold, ok):
    assert speaker_matches(pred, gold) is ok


def quote(start, stop, speaker, rule="r"):
    return Quote(
        "q",
        "indirect",
        start,
        stop,
        TEXT[start:stop],
        rule,
        speaker=None if speaker is None else Mention(None, None, None, speaker),
    )


def gold(start, stop, speaker, optional=False):
    return GoldQuote(
        "d", "indirect", start, stop, TEXT[start:stop], (speaker,), None, None, optional
    )


def span(fragment):
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def test_detection_and_speaker_scores():
    golds = [
        gold(*span("Да"), "Владимир Путин"),
        gold(*span("нет"), "Дмитрий Песков"),
        gold(*span("всё хорошо"), "Ким Чен Ын", optional=True),
    ]
    preds = [
        quote(*span("Да"), "Путин"),  # right
        quote(*span("нет"), "Путин"),  # found, wrong speaker
        quote(*span("всё хорошо"), "Ким"),  # matches optional gold: not counted
        quote(*span("Песков заявил"), "X"),
    ]  # false positive
    doc = Document(id="d", text=TEXT, quotes=tuple(preds))
    report = evaluate([doc], golds)
    assert report.prf("detection") == pytest.approx((2 / 3, 1.0, 0.8))
    assert report.prf("speaker") == pytest.approx((1 / 3, 0.5, 0.4))
    errors = "\n".join(report.error_lines())
    assert "FALSE" in errors and "WHO" in errors and "MISS" not in errors


def test_overlap_threshold():
    start, stop = span("всё хорошо")
    golds = [gold(start, stop, "Ким")]
    short = Document(id="d", text=TEXT, quotes=(quote(start, start + 3, "Ким"),))
    assert evaluate([short], golds).prf("detection")[1] == 0.0
    assert evaluate([short], golds, threshold=0.2).prf("detection")[1] == 1.0


def test_missing_document_counts_as_missed():
    report = evaluate([], [gold(*span("Да"), "Путин")])
    assert report.prf("detection") == (0.0, 0.0, 0.0)
    assert report.counts["gold"] == 1


def test_load_gold_reads_files_and_dirs(tmp_path):
    row = {
        "doc": "d",
        "kind": "direct",
        "start": 0,
        "stop": 1,
        "text": "П",
        "speaker": ["X"],
        "source": None,
        "addressee": None,
        "optional": False,
    }
    (tmp_path / "d.quotes.jsonl").write_text(
        json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert len(load_gold(tmp_path)) == 1
    assert load_gold(tmp_path / "d.quotes.jsonl")[0].speaker == ("X",)


def test_gold_sources_are_counted_with_media_spellings():
    from dataclasses import replace

    from newsnlp import Source

    golds = [
        replace(gold(*span("Да"), "Владимир Путин"), source="Twitter"),
        replace(gold(*span("нет"), "Дмитрий Песков"), source="ТАСС"),
        replace(gold(*span("всё хорошо"), "Ким Чен Ын"), source="Reuters"),  # missed
    ]
    preds = [
        replace(quote(*span("Да"), "Путин"), source=Source(0, 5, "Путин", "Твиттер", "ORG")),
        replace(quote(*span("нет"), "Песков"), source=Source(0, 5, "Путин", "Интерфакс", "ORG")),
    ]
    report = evaluate([Document(id="d", text=TEXT, quotes=tuple(preds))], golds)
    assert (report.counts["gold_sources"], report.counts["gold_sources_ok"]) == (3, 1)
    assert "gold quotes with a source: 3, found with that source 1" in report.format()


@pytest.mark.parametrize("threshold", [0, -0.5, 1.01, 2])
def test_a_threshold_outside_0_1_is_refused(threshold):
    # issue 14.14: any threshold was taken; 0 matched quotes that do not overlap at all.
    with pytest.raises(InputError) as info:
        evaluate([], [], threshold=threshold)
    assert info.value.code == "E106" and "(0, 1]" in str(info.value)


def test_evaluate_paths_scores_only_the_predicted_documents(tmp_path, sample_doc):
    # issue 14.14: a prediction for one article was scored against every gold document,
    # each unpredicted one counting all its quotes as missed.
    from newsnlp.evaluate import evaluate_paths

    gold = tmp_path / "gold"
    gold.mkdir()
    for path in (CORPORA / "sample").iterdir():
        (gold / path.name).write_bytes(path.read_bytes())
    (gold / "other.txt").write_text("Путин заявил: «Да».", encoding="utf-8")
    (gold / "other.quotes.jsonl").write_text(
        json.dumps(
            {
                "doc": "other",
                "kind": "direct",
                "start": 15,
                "stop": 17,
                "text": "Да",
                "speaker": ["Путин"],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(sample_doc.to_jsonl() + "\n", encoding="utf-8")
    alone = evaluate_paths([str(pred)], CORPORA / "sample")
    assert evaluate_paths([str(pred)], gold).as_json() == alone.as_json()
    stranger = tmp_path / "stranger.jsonl"
    stranger.write_text(Document(id="nobody", text="Да.").to_jsonl() + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="nothing was scored"):
        evaluate_paths([str(stranger)], gold)


def test_evaluate_does_not_import_the_cli():
    # issue 17: cli <-> evaluate was an import cycle; input reading is newsnlp.io now.
    import subprocess
    import sys

    code = "import sys, newsnlp.evaluate, newsnlp.io; assert 'newsnlp.cli' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    from newsnlp.cli import iter_inputs
    from newsnlp.io import iter_inputs as moved

    assert iter_inputs is moved
