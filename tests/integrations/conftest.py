"""Fixtures of the integration tests: one spaCy pipeline per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spacy_nlp():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("ru")
    nlp.add_pipe("newsnlp")
    return nlp


@pytest.fixture(scope="session")
def spacy_sample(spacy_nlp, sample_text):
    return spacy_nlp(sample_text)
