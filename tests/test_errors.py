"""Every error says how to fix it."""

from __future__ import annotations

import pytest

from newsnlp.errors import (
    DocumentError,
    InputError,
    MissingExtraError,
    ModelLoadError,
    NewsnlpError,
    SchemaError,
)

ERRORS = [
    (InputError.not_text(b"x"), "decode"),
    (InputError.bad_item(3.5), "pass a str"),
    (InputError.missing_path("a.txt"), ".jsonl"),
    (InputError.bad_jsonl_line("a.jsonl", 3, "not JSON"), "line 3"),
    (InputError.not_utf8("a.txt"), "iconv"),
    (InputError.bad_option("batch_size", 0, ">= 1"), ">= 1"),
    (SchemaError.missing_key("quotes[0]", "kind"), "null where unknown"),
    (SchemaError.bad_offsets("entities[0]", 0, 2, "x"), "text.find"),
    (SchemaError.not_json("oops"), "as_json"),
    (ModelLoadError.natasha(ImportError("x")), "pip install"),
    (ModelLoadError.pymorphy(ImportError("x")), "pip install pymorphy3"),
    (DocumentError("d1", ValueError("x")), "on_error"),
    (MissingExtraError("pandas", "pandas"), "pip install 'newsnlp[pandas]'"),
]


@pytest.mark.parametrize(("error", "fix"), ERRORS, ids=lambda e: getattr(e, "code", ""))
def test_error_carries_code_and_fix(error, fix):
    assert isinstance(error, NewsnlpError)
    assert str(error).startswith(f"[{error.code}]")
    assert fix in str(error)


def test_codes_are_unique():
    codes = [e.code for e, _ in ERRORS if not isinstance(e, (DocumentError, MissingExtraError))]
    assert len(codes) == len(set(codes))


def test_missing_extra_is_an_import_error():
    assert issubclass(MissingExtraError, ImportError)
