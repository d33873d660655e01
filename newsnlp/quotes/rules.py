"""The quote rules: one ordered list of small named functions.

Пример::

    >>> from newsnlp.quotes.rules import RULES
    >>> RULES[0].__name__
    'direct_block'
"""

from __future__ import annotations

from .candidate import Rule
from .direct import (
    direct_colon_before,
    direct_continuation,
    direct_dash_after,
    direct_dialogue,
    direct_split,
    mixed_naming,
)
from .indirect import (
    indirect_about,
    indirect_according,
    indirect_as_said,
    indirect_colon,
    indirect_dash_after,
    indirect_infinitive,
    indirect_parenthetical,
    indirect_that,
)
from .layout import direct_block, direct_interview, direct_signature
from .medium import about_this, medium_report

__all__ = ["RULES", "RULE_NAMES"]


RULES: tuple[Rule, ...] = (
    direct_block,
    direct_interview,
    direct_split,
    direct_dash_after,
    direct_colon_before,
    direct_dialogue,
    indirect_that,
    indirect_according,
    indirect_as_said,
    indirect_parenthetical,
    medium_report,
    indirect_dash_after,
    indirect_infinitive,
    indirect_colon,
    mixed_naming,
    indirect_about,
    direct_signature,
    direct_continuation,
    about_this,
)
"""The rules in the order they run: earlier rules win where content overlaps."""


RULE_NAMES: dict[str, str] = {
    "direct_interview": "— Вопрос? / — Ответ.: the answers of an interview, the interviewee's",
    "direct_block": "X сообщил: and the words on lines of their own, marks lost: a block quote",
    "direct_split": "«Часть 1, – сказал он. – Часть 2»: a quotation broken by its attribution",
    "direct_dash_after": "«...», – сказал X / «...», сказал X: a quotation, then cue and speaker",
    "direct_colon_before": "X ответил: «...»: a cue verb and a colon before the quotation",
    "direct_colon_according": "По словам X, ...: «...»: a colon after an attribution",
    "direct_colon_subject": "X оказался дипломатичным: «...»: a colon after the speaker's clause",
    "indirect_that": "X заявил/считает/уверен, что ...; подчеркнув, что ...",
    "indirect_according": "по словам/мнению/данным X, ...; по его словам; согласно X",
    "indirect_as_said": "как сообщил X, ...; как пояснили в милиции, ...",
    "indirect_parenthetical": "..., отмечает X, ...: an attribution set in commas",
    "medium_report": "..., сообщает агентство ТАСС: a medium's own report",
    "indirect_dash_after": "..., – сообщил X / ..., заявил X: unquoted statement, then cue",
    "indirect_infinitive": "X пообещал/призвал/потребовал сделать ...",
    "direct_dialogue": "— Мы готовы, — сказал министр.: dashes instead of quote marks",
    "mixed_naming": "назвал визит «непростительным оскорблением»: quoted words as a name",
    "indirect_colon": "X подчеркнул: ... (no quote marks): a cue and a colon",
    "indirect_about": "X сообщил о/об ...: remembered as the speaker, not output",
    "direct_signature": "«...» and a line of its own with the name: a signed quotation",
    "direct_continuation": "«...» right after a quote of the same speaker, with no cue",
    "about_this": "Об этом сообщает X: the sentence before is X's",
}
"""Every name a quote's ``rule`` can carry, with the pattern it stands for."""
