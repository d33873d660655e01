"""docs/adding-a-rule.md, followed as a user would: its code runs as written, and
Pipeline(rules=...) checks a rule list as the page says."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from newsnlp import Pipeline
from newsnlp.errors import RuleError
from newsnlp.quotes.rules import RULES

from .conftest import ROOT

PAGE = ROOT / "docs" / "adding-a-rule.md"


def _example() -> tuple[str, str]:
    """The page's Python block and the output its last comment promises."""
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the page has one example"
    code = blocks[0]
    promised = code.rstrip().splitlines()[-1]
    assert promised.startswith("# ")
    return code, promised[2:]


def test_the_page_example_runs_and_prints_what_it_says():
    code, promised = _example()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), {"__name__": "adding_a_rule"})
    assert out.getvalue().strip() == promised


def test_a_rule_can_be_dropped(nlp):
    text = "Кремль ответил на заявление. Об этом сообщает ТАСС."
    assert [q.rule for q in nlp(text).quotes] == ["about_this"]
    without = Pipeline(rules=[r for r in RULES if r.__name__ != "about_this"])
    assert without(text).quotes == ()


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        (["direct_split"], "is not a rule"),
        ((*RULES, RULES[0]), "two rules are named 'direct_block'"),
        ("direct_split", "must be a sequence of rule functions"),
        ((lambda ctx: iter(()),), "has no docstring"),
    ],
)
def test_a_bad_rule_list_is_refused_saying_how_to_fix_it(rules, says):
    with pytest.raises(RuleError, match=re.escape(says)):
        Pipeline(rules=rules)


def test_a_rule_with_another_signature_is_refused():
    def wrong(text):
        """A rule that takes the text instead of the context."""
        return iter(())

    with pytest.raises(RuleError, match=r"takes \(text\): a rule takes \(ctx\)"):
        Pipeline(rules=(wrong,))
