"""Bridges from a newsnlp :class:`~newsnlp.Document` to the tools its users work in.

One module per optional extra, each importing its package only when it is used, so
``import newsnlp`` stays light; a missing package raises
:class:`~newsnlp.errors.MissingExtraError` with the exact ``pip install`` to run:

- :mod:`newsnlp.integrations.spacy`: the ``newsnlp`` spaCy component
  (``pip install 'newsnlp[spacy]'``);
- :mod:`newsnlp.integrations.pandas`: quotes and entities as DataFrames
  (``pip install 'newsnlp[pandas]'``);
- :mod:`newsnlp.integrations.viz`: HTML markup of quotes and entities, who-said-what
  tables, charts of the most quoted speakers (``pip install 'newsnlp[viz]'``).

Each is a thin layer that only reads a finished Document: none of them runs a model.

Пример::

    >>> from newsnlp.integrations import require
    >>> require("json", "pandas").dumps({"кто": "Песков"}, ensure_ascii=False)
    '{"кто": "Песков"}'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError

__all__ = ["require"]


def require(module: str, extra: str) -> ModuleType:
    """Import an optional package, or say which newsnlp extra installs it.

    Пример::

        >>> require("no_such_package_xyz", "viz")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.MissingExtraError: ... pip install 'newsnlp[viz]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(extra, module) from error
