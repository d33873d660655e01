"""Candidate: a statement a rule found, before its speaker is resolved; and what a rule is.

A rule is a plain function named for the pattern it finds. It takes the
:class:`~newsnlp.quotes.context.Context` (and, only if it asks for one by a second
parameter named ``taken``, the candidates the rules before it kept) and yields
:class:`Candidate` objects. It never writes its own name: the runner stamps each
candidate with the function's ``__name__``, and the first line of its docstring is
its entry in the catalogue (:data:`newsnlp.quotes.rules.RULE_NAMES`).

Пример::

    >>> from newsnlp.quotes.candidate import Candidate, run_rule
    >>> from newsnlp.quotes.context import Context
    >>> def every_text(ctx):
    ...     '''The whole text as one statement (an example, not a rule of ours).'''
    ...     yield Candidate("indirect", 0, len(ctx.text))
    >>> ctx = Context("Путин прибыл.", [], [], [], [], [])
    >>> [(c.rule, c.stop) for c in run_rule(every_text, ctx, ())]
    [('every_text', 13)]
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..document import QuoteKind
from ..errors import RuleError
from .phrases import Ref

if TYPE_CHECKING:  # the context imports nothing of the rules; only annotations here
    from .context import Context

__all__ = ["Candidate", "Rule", "check_rules", "rule_pattern", "run_rule"]


@dataclass(frozen=True)
class Candidate:
    """A statement a rule found, before its speaker is resolved.

    ``speaker`` is the written speaker, or None with ``inherit`` True when the speaker is
    the one of the quote before (a continued quotation, ``— добавила она`` without
    a name). ``gender`` is what the cue verb says of the speaker. ``rule`` is filled in
    by :func:`run_rule` from the rule's name.

    Пример::

        >>> Candidate("direct", 0, 5, inherit=True).inherit
        True
    """

    kind: QuoteKind
    start: int
    stop: int
    cue: tuple[int, int] | None = None  # token range
    speaker: Ref | None = None
    gender: str | None = None
    addressee: Ref | None = None
    source: Ref | None = None
    inherit: bool = False
    medium_speaker: bool = False
    optional: bool = False
    silent: bool = False  # tells who speaks next, but is not output as a quote
    sentence: int = -1
    rule: str = ""


Rule = Callable[..., Iterable[Candidate]]
"""A rule: ``rule(ctx)`` or ``rule(ctx, taken)``, yielding candidates."""


@lru_cache(maxsize=256)
def _reads_taken(rule: Rule) -> bool:
    return "taken" in inspect.signature(rule).parameters


def run_rule(rule: Rule, ctx: Context | Any, taken: Sequence[Candidate]) -> Iterator[Candidate]:
    """Run one rule, giving it ``taken`` only if it asks, and stamp its name on what it
    yields.

    Пример::

        >>> def nothing(ctx):
        ...     '''Finds nothing.'''
        ...     return iter(())
        >>> list(run_rule(nothing, None, ()))
        []
    """
    found = rule(ctx, taken) if _reads_taken(rule) else rule(ctx)
    name = rule.__name__
    for cand in found:
        yield replace(cand, rule=name)


def rule_pattern(rule: Rule) -> str:
    """The first line of a rule's docstring: the pattern it finds.

    Пример::

        >>> from newsnlp.quotes.direct import direct_split
        >>> rule_pattern(direct_split)
        '«Часть 1, – сказал он. – Часть 2»: a quotation broken by its attribution'
    """
    doc = inspect.getdoc(rule) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def check_rules(rules: Iterable[Any]) -> tuple[Rule, ...]:
    """The rules as a tuple, or a :class:`~newsnlp.errors.RuleError` saying what is wrong:
    something not callable, a name used twice, no docstring, a signature that is not
    ``(ctx)`` or ``(ctx, taken)``.

    Пример::

        >>> from newsnlp.quotes.rules import RULES
        >>> check_rules(RULES) == RULES
        True
    """
    if isinstance(rules, (str, bytes)) or not isinstance(rules, Iterable):
        raise RuleError(
            f"rules must be a sequence of rule functions, got {type(rules).__name__}; "
            "start from newsnlp.quotes.rules.RULES"
        )
    out: list[Rule] = []
    seen: set[str] = set()
    for rule in rules:
        name = getattr(rule, "__name__", None)
        if not callable(rule) or not isinstance(name, str):
            raise RuleError(
                f"{rule!r} is not a rule: a rule is a function def my_rule(ctx) that "
                "yields Candidate objects"
            )
        if name in seen:
            raise RuleError(f"two rules are named {name!r}: a rule's name is its identity")
        seen.add(name)
        if not rule_pattern(rule):
            raise RuleError(
                f"rule {name!r} has no docstring: its first line is the pattern the "
                "catalogue shows (see docs/adding-a-rule.md)"
            )
        params = list(inspect.signature(rule).parameters)
        if params not in (["ctx"], ["ctx", "taken"]):
            raise RuleError(
                f"rule {name!r} takes ({', '.join(params)}): a rule takes (ctx) or, to read "
                "what earlier rules kept, (ctx, taken)"
            )
        out.append(rule)
    return tuple(out)
