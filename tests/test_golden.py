"""End-to-end figures on the golden corpora (corpora/, gold per ANNOTATION.md).

The thresholds are the issue's acceptance bars; the floors below them catch regressions
on the sets the rules were tuned on.
"""

from __future__ import annotations

import pytest

from newsnlp.evaluate import evaluate, gold_documents, load_gold

from .conftest import CORPORA, read


def score(nlp, folder):
    path = CORPORA / folder
    docs = nlp.pipe((p.stem, read(p)) for p in sorted(path.glob("*.txt")))
    return evaluate(docs, load_gold(path), scope=gold_documents(path))


@pytest.fixture(scope="module")
def reports(nlp):
    folders = ("sample", "tune", "heldout", "nerel-tune", "nerel-heldout", "nerel-fresh")
    return {folder: score(nlp, folder) for folder in folders}


def test_sample_article_speaker_f1(reports):
    assert reports["sample"].prf("speaker")[2] >= 0.90


def test_tune_set_floor(reports):
    # tuned on: a floor against regressions, not a claim of quality
    assert reports["tune"].prf("speaker")[2] >= 0.90
    assert reports["tune"].prf("detection")[2] >= 0.95


def test_heldout_floor(reports):
    # never tuned on: the honest figure; this floor only catches regressions
    assert reports["heldout"].prf("speaker")[2] >= 0.68


def test_heldout_speaker_f1_reaches_the_bar(reports):
    # issue 3's bar, reached on this set at exactly 0.800 (88 of 106 predicted, 88 of 114
    # required gold); the fresh set below shows how far that is from news in general
    assert reports["heldout"].prf("speaker")[2] >= 0.80


# Russian Wikinews (NEREL): a second source, annotated blind before any rule read it.


def test_nerel_tune_floor(reports):
    # tuned on: a floor against regressions
    assert reports["nerel-tune"].prf("speaker")[2] >= 0.70
    assert reports["nerel-tune"].prf("detection")[2] >= 0.87
    c = reports["nerel-tune"].counts
    assert c["gold_sources_ok"] >= 0.65 * c["gold_sources"]


def test_nerel_heldout_floor(reports):
    # never tuned on; measured before this session's work at detection 0.814, speaker 0.651
    assert reports["nerel-heldout"].prf("speaker")[2] >= 0.68
    assert reports["nerel-heldout"].prf("detection")[2] >= 0.87


@pytest.mark.xfail(strict=True, reason="issue 12: Wikinews speaker F1 is below 0.85 (see README)")
def test_nerel_heldout_speaker_f1_reaches_the_bar(reports):
    assert reports["nerel-heldout"].prf("speaker")[2] >= 0.85


def test_nerel_fresh_floor(reports):
    # never tuned on, annotated blind on 2026-12-03 and first scored after that session's
    # changes: 0.634 speaker / 0.841 detection on the code before them, 0.612 / 0.844 after
    assert reports["nerel-fresh"].prf("speaker")[2] >= 0.58
    assert reports["nerel-fresh"].prf("detection")[2] >= 0.80
