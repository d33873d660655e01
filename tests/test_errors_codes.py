"""Every error class has a code of its own: a user searches the docs by it."""

from __future__ import annotations

import inspect

from newsnlp import errors


def test_every_error_class_has_its_own_code():
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.NewsnlpError) and c.__module__ == errors.__name__
    ]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), sorted(codes)
