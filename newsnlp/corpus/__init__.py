"""The corpus view: documents, quotes and entities of many articles in one DuckDB file.

``newsnlp extract INPUT... -o corpus.duckdb`` writes it; :class:`Corpus` asks it who is
quoted, which statement ran in which outlets, what a person said day by day. Needs
``pip install 'newsnlp[corpus]'``.
"""

from .keys import person_key, speaker_key
from .query import Corpus, speakers, statements, timeline
from .statements import group_statements, shingles
from .store import SCHEMA_VERSION, CorpusWriter, connect, write_tables

__all__ = [
    "SCHEMA_VERSION",
    "Corpus",
    "CorpusWriter",
    "connect",
    "group_statements",
    "person_key",
    "shingles",
    "speaker_key",
    "speakers",
    "statements",
    "timeline",
    "write_tables",
]
