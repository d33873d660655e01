"""Every error says how to fix it."""

from __future__ import annotations

import pytest

from newsnlp.errors import (
    DocumentError,
    InputError,
    MissingExtraError,
    ModelLoadError,
    NewsnlpError,
    NotTextError,
    RequestError,
    SchemaError,
)

ERRORS = [
    (InputError.not_text(b"x"), "decode"),
    (InputError.bad_item(3.5), "pass a str"),
    (InputError.missing_path("a.txt"), ".jsonl"),
    (InputError.bad_jsonl_line("a.jsonl", 3, "not JSON"), "line 3"),
    (InputError.not_utf8("a.txt"), "iconv"),
    (InputError.bad_option("batch_size", 0, ">= 1"), ">= 1"),
    (InputError.cannot_write("out/x.jsonl", FileNotFoundError("no dir")), "leave out -o"),
    (InputError.cannot_read("a.txt", PermissionError("denied")), "permissions"),
    (SchemaError.missing_key("quotes[0]", "kind"), "null where unknown"),
    (SchemaError.bad_offsets("entities[0]", 0, 2, "x"), "text.find"),
    (SchemaError.not_json("oops"), "as_json"),
    (ModelLoadError.natasha(ImportError("x")), "pip install"),
    (ModelLoadError.pymorphy(ImportError("x")), "pip install pymorphy3"),
    (DocumentError("d1", ValueError("x")), "on_error"),
    (DocumentError("d1", ValueError("x")).at("a.jsonl, line 2"), "a.jsonl, line 2"),
    (MissingExtraError("pandas", "pandas"), "pip install 'newsnlp[pandas]'"),
]
# The HTTP service's refusals: one class (RequestError), a code per reason.
REQUESTS = [
    (RequestError.busy(3), "Retry in 3 s"),
    (RequestError.time_limit(60), "--time-limit"),
    (RequestError.slow_body(60), "--body-timeout"),
]


@pytest.mark.parametrize(("error", "fix"), ERRORS + REQUESTS, ids=lambda e: getattr(e, "code", ""))
def test_error_carries_code_and_fix(error, fix):
    assert isinstance(error, NewsnlpError)
    assert str(error).startswith(f"[{error.code}]")
    assert fix in str(error)


def test_codes_are_unique():
    codes = [e.code for e, _ in ERRORS if not isinstance(e, (DocumentError, MissingExtraError))]
    assert len(codes) == len(set(codes))


def test_missing_extra_is_an_import_error():
    assert issubclass(MissingExtraError, ImportError)


@pytest.mark.parametrize(
    ("value", "kind", "fix"),
    [
        (None, "NoneType", "pass ''"),
        (42, "int", "str(value)"),
        (b"x", "bytes", "decode"),
        (["a"], "list", "str(value)"),
    ],
)
def test_not_text_is_a_type_error_that_names_the_type(value, kind, fix):
    error = InputError.not_text(value)
    assert isinstance(error, NotTextError)
    assert isinstance(error, TypeError) and isinstance(error, InputError)
    assert error.code == "E101"
    assert f"got {kind}" in str(error) and fix in str(error)


def test_document_error_keeps_id_cause_and_place():
    cause = ValueError("boom.")
    error = DocumentError("a1", cause).at("a.jsonl, line 2")
    assert (error.doc_id, error.cause, error.where) == ("a1", cause, "a.jsonl, line 2")
    assert "boom.." not in str(error)
    assert DocumentError("a1", cause).at(None).where is None
