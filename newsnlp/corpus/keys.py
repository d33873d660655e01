"""``speaker_key``: one key for one speaker across documents.

Within a document the pipeline already names a speaker by the fullest form of its cluster
(``Путина``, ``президент России Владимир Путин`` -> ``Владимир Путин``), so a key starts as
that name, case- and ``ё``-folded. Across documents only one thing is left: a document that
names a person by the surname alone (``Путин``). Such a key is joined to the one full name of
the corpus that contains it as a word; when two full names share that word (``Ким Чен Ын`` and
``Ким Ё Чжон``), the document did not tell which one, and the bare key is kept apart.
Speakers that are not people (roles such as ``представитель Кремля``, organisations) keep
their own key: a role is not a person.
"""

from __future__ import annotations

from ..lexicon import fold_yo

__all__ = ["person_key", "speaker_key"]


def _fold(name: str) -> str:
    return " ".join(fold_yo(name).split()).lower()


def speaker_key(name: str, type: str | None) -> str:
    """The per-document key of a speaker: people by their folded name, others by ``type:name``.

    Пример::

        >>> speaker_key("Владимир  Путин", "PER")
        'владимир путин'
        >>> speaker_key("представитель Кремля", None)
        'role:представитель кремля'
    """
    folded = _fold(name)
    if type == "PER":
        return folded
    return f"{(type or 'role').lower()}:{folded}"


def person_key(key: str, full_names: dict[str, list[str]]) -> str:
    """``key`` resolved across the corpus: a one-word person key to its one full name.

    ``full_names`` maps each word to the multi-word person keys of the corpus that hold it.

    Пример::

        >>> person_key("путин", {"путин": ["владимир путин"]})
        'владимир путин'
        >>> person_key("ким", {"ким": ["ким чен ын", "ким е чжон"]})
        'ким'
    """
    if ":" in key or " " in key:
        return key
    names = full_names.get(key, [])
    return names[0] if len(names) == 1 else key
