"""Shared fixtures: models load once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# `HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py` for a long search before a
# release; CI runs the quick default.
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SAMPLE = CORPORA / "sample" / "kim-putin-vostochny.txt"
# Normal forms issue 2 names for the sample article (library and CLI check the same).
SAMPLE_NAMES = frozenset(
    {"Владимир Путин", "Ким Чен Ын", "Дмитрий Песков", "Джон Кирби", "ТАСС", "Интерфакс"}
)


def chromium_or_skip() -> str:
    """Debian's Chromium; without it a browser test module skips, and fails in CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium package (see .ci/run)")
        pytest.skip("headless Chromium is not installed", allow_module_level=True)
    return path


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def nlp():
    from newsnlp import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def debug_nlp():
    from newsnlp import Pipeline

    return Pipeline(debug=True)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return read(SAMPLE)


@pytest.fixture(scope="session")
def sample_doc(nlp, sample_text):
    return nlp(sample_text, id="kim-putin-vostochny")
