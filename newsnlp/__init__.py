"""newsnlp: who said what, to whom, according to whom, in Russian news.

Пример::

    >>> from newsnlp import Pipeline
    >>> doc = Pipeline()("Песков заявил, что подписания документов не ожидается.")
    >>> doc.as_json()["entities"][0]["normal"]
    'Песков'
"""

from __future__ import annotations

from .document import (
    Cluster,
    Cue,
    Document,
    Entity,
    Mention,
    Meta,
    Quote,
    Section,
    Sentence,
    Source,
    Token,
)
from .errors import NewsnlpError

# pandas itself is imported only when frames() runs: `import newsnlp` works without it.
from .integrations.pandas import frames
from .pipeline import Pipeline

__all__ = [
    "Cluster",
    "Cue",
    "Document",
    "Entity",
    "Mention",
    "Meta",
    "NewsnlpError",
    "Pipeline",
    "Quote",
    "Section",
    "Sentence",
    "Source",
    "Token",
    "__version__",
    "frames",
]

__version__ = "0.1.0"
