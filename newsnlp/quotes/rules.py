"""The quote rules: one ordered list of small named functions.

:data:`RULES` is the catalogue: every rule, in the order it runs. Each rule is named once,
by its function; the first line of its docstring is the pattern it finds. Rules that
run earlier win where two rules find overlapping text, so the surest patterns come
first: the page's layout, then quotation marks, then reported speech, then the
weakest guesses. ``Pipeline(rules=...)`` takes another list (see ``docs/adding-a-rule.md``).

Пример::

    >>> from newsnlp.quotes.rules import RULES, RULE_NAMES
    >>> RULES[0].__name__, len(RULE_NAMES) == len(RULES)
    ('direct_block', True)
"""

from __future__ import annotations

from .according import indirect_according
from .candidate import Rule, check_rules, rule_pattern
from .direct import (
    direct_colon_according,
    direct_colon_before,
    direct_colon_subject,
    direct_continuation,
    direct_dash_after,
    direct_dialogue,
    direct_split,
    mixed_naming,
)
from .indirect import (
    indirect_about,
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

RULES: tuple[Rule, ...] = check_rules(
    (
        direct_block,
        direct_interview,
        direct_split,
        direct_dash_after,
        direct_colon_before,
        direct_colon_according,
        direct_colon_subject,
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
)
"""The rules in the order they run: earlier rules win where content overlaps."""

RULE_NAMES: dict[str, str] = {rule.__name__: rule_pattern(rule) for rule in RULES}
"""Every name a quote's ``rule`` can carry, with the pattern it stands for."""
