"""Score quotes against gold (``*.quotes.jsonl``, see ANNOTATION.md).

A predicted quote matches a gold quote of the same document when their character
overlap divided by their union is at least 0.5 (pairs taken best first, one to one).
Detection counts matched pairs; *speaker-attributed* counts only pairs whose speaker
is one of the gold's acceptable names (a surname alone matches the full name). Gold
marked ``optional`` costs nothing when missed, and a prediction that matches it is
neither right nor wrong.

Пример::

    >>> from newsnlp.evaluate import speaker_matches
    >>> speaker_matches("Песков", ["Дмитрий Песков"])
    True
"""

from __future__ import annotations

import json
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import Document, Quote
from .errors import InputError
from .lexicon import fold_yo, load_table

__all__ = [
    "GoldQuote",
    "Report",
    "evaluate",
    "evaluate_paths",
    "gold_documents",
    "gold_files",
    "load_gold",
    "same_medium",
    "speaker_matches",
]


@dataclass(frozen=True)
class GoldQuote:
    """One line of a gold file.

    Пример::

        >>> GoldQuote("d", "direct", 0, 3, "Да!", ("Путин",), None, None, False).speaker
        ('Путин',)
    """

    doc: str
    kind: str
    start: int
    stop: int
    text: str
    speaker: tuple[str, ...]
    source: str | None
    addressee: str | None
    optional: bool


def gold_files(path: str | Path) -> list[Path]:
    """The gold files named by a path: the file itself, or every ``*.quotes.jsonl``
    under a directory.

    Пример::

        >>> [p.name for p in gold_files("corpora/sample")]
        ['kim-putin-vostochny.quotes.jsonl']
    """
    path = Path(path)
    if path.is_dir():
        return sorted(path.rglob("*.quotes.jsonl"))
    if path.exists():
        return [path]
    raise InputError.missing_path(str(path))


def gold_documents(path: str | Path) -> set[str]:
    """Ids of the documents a gold path covers, those with no quote at all included.

    Пример::

        >>> gold_documents("corpora/sample")
        {'kim-putin-vostochny'}
    """
    return {p.name[: -len(".quotes.jsonl")] for p in gold_files(path)}


def load_gold(path: str | Path) -> list[GoldQuote]:
    """Read a gold file, or every ``*.quotes.jsonl`` under a directory.

    Пример::

        >>> len(load_gold("corpora/sample/kim-putin-vostochny.quotes.jsonl"))
        24
    """
    files = gold_files(path)
    out = []
    for file in files:
        with open(file, encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    out.append(
                        GoldQuote(
                            doc=str(row["doc"]),
                            kind=row["kind"],
                            start=int(row["start"]),
                            stop=int(row["stop"]),
                            text=row["text"],
                            speaker=tuple(row["speaker"] or ()),
                            source=row.get("source"),
                            addressee=row.get("addressee"),
                            optional=bool(row.get("optional")),
                        )
                    )
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                    raise InputError.bad_jsonl_line(str(file), line_no, repr(error)) from error
    return out


def _norm(name: str) -> str:
    words = fold_yo(name.lower()).replace("«", "").replace("»", "").replace('"', "").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]  # "The Wall Street Journal" / "Wall Street Journal"
    return " ".join(words)


@lru_cache(maxsize=1)
def _media_aliases() -> dict[str, str]:
    """Every spelling of a medium (``AFP``, ``Agence France-Presse``) to one key."""
    out = {}
    for canonical, variants in load_table("media"):
        for variant in variants:
            out[_norm(variant)] = _norm(canonical)
    return out


def speaker_matches(predicted: str | None, gold: Sequence[str]) -> bool:
    """Whether a predicted speaker name is one of the gold names.

    Case, ё/е, quote marks and a leading English "The" are ignored; spellings of one
    medium are one name (``AFP`` = ``Agence France-Presse``); a one-word name matches a
    fuller name that contains it (a surname alone, or ``Ким`` for ``Ким Чен Ын``).

    Пример::

        >>> speaker_matches("Ким", ["Ким Чен Ын"]), speaker_matches("Путин", ["Ким Чен Ын"])
        (True, False)
    """
    if not predicted:
        return False
    aliases = _media_aliases()
    p = _norm(predicted)
    for name in gold:
        g = _norm(name)
        if p == g or (p in aliases and aliases.get(g) == aliases[p]):
            return True
        p_words, g_words = p.split(), g.split()
        if (len(p_words) == 1 and p in g_words) or (len(g_words) == 1 and g in p_words):
            return True
        # "В. Путин" / "Владимир Путин": same surname, compatible first initial.
        if (
            len(p_words) > 1
            and len(g_words) > 1
            and p_words[-1] == g_words[-1]
            and p_words[0][:1] == g_words[0][:1]
        ):
            return True
    return False


def same_medium(predicted: str, gold: str) -> bool:
    """Whether two names of a medium are one medium: case, quote marks, a leading "The"
    and the spellings of ``media.txt`` (``Твиттер`` = ``Twitter``) aside.

    Пример::

        >>> same_medium("Твиттер", "Twitter"), same_medium("ТАСС", "Интерфакс")
        (True, False)
    """
    aliases = _media_aliases()
    p, g = _norm(predicted), _norm(gold)
    return p == g or (p in aliases and aliases.get(g) == aliases[p])


def _overlap(a_start: int, a_stop: int, b_start: int, b_stop: int) -> float:
    inter = min(a_stop, b_stop) - max(a_start, b_start)
    if inter <= 0:
        return 0.0
    return inter / (max(a_stop, b_stop) - min(a_start, b_start))


@dataclass
class Pair:
    """A predicted quote and the gold it matched (``gold`` None: a false positive)."""

    doc: str
    pred: Quote | None
    gold: GoldQuote | None


@dataclass
class Report:
    """Detection and speaker-attributed precision / recall / F1, with the pairs behind them.

    Пример::

        >>> Report().prf("detection")
        (0.0, 0.0, 0.0)
    """

    pairs: list[Pair] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_rule: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def prf(self, what: str = "speaker") -> tuple[float, float, float]:
        """(precision, recall, F1) of ``detection`` or ``speaker``-attributed matching."""
        return _prf(self.counts, what)

    def as_json(self) -> dict[str, Any]:
        """The figures as a dict (for ``newsnlp evaluate --json``)."""
        out: dict[str, Any] = {}
        for what in ("detection", "speaker"):
            p, r, f = self.prf(what)
            out[what] = {"precision": p, "recall": r, "f1": f}
        out["counts"] = dict(self.counts)
        out["by_kind"] = {k: dict(v) for k, v in self.by_kind.items()}
        out["by_rule"] = {k: dict(v) for k, v in self.by_rule.items()}
        return out

    def format(self, errors: bool = False) -> str:
        """The report as aligned text."""
        c = self.counts
        lines = [
            f"documents {c['documents']}, gold quotes {c['gold']} "
            f"({c['gold_optional']} optional), predicted {c['predicted']}",
            f"{'':<20} {'precision':>9} {'recall':>7} {'F1':>7}",
        ]
        for what, label in (("detection", "detection"), ("speaker", "speaker-attributed")):
            p, r, f = self.prf(what)
            lines.append(f"{label:<20} {p:>9.3f} {r:>7.3f} {f:>7.3f}")
        matched = c["detection_tp"]
        if matched:
            lines.append(
                f"among {matched} matched: source right {c['source_ok']}/{matched}, "
                f"addressee right {c['addressee_ok']}/{matched}, "
                f"kind right {c['kind_ok']}/{matched}"
            )
        if c["gold_sources"]:
            lines.append(
                f"gold quotes with a source: {c['gold_sources']}, "
                f"found with that source {c['gold_sources_ok']}"
            )
        lines.append("recall by gold kind (detection / speaker):")
        for kind, k in sorted(self.by_kind.items()):
            total = k["gold"] or 1
            lines.append(
                f"  {kind:<9} {k['gold']:>4} gold  {k['found'] / total:.3f} / "
                f"{k['speaker_ok'] / total:.3f}"
            )
        if self.by_rule:
            lines.append("precision by rule (matched / predicted, speaker right):")
            for rule, k in sorted(self.by_rule.items(), key=lambda kv: -kv[1]["predicted"]):
                lines.append(
                    f"  {rule:<28} {k['matched']:>4}/{k['predicted']:<4} speaker {k['speaker_ok']}"
                )
        if errors:
            lines.append("")
            lines.extend(self.error_lines())
        return "\n".join(lines)

    def error_lines(self) -> list[str]:
        """Misses, false positives and wrong speakers, one line each, for rule work."""
        out = []
        for pair in self.pairs:
            g, p = pair.gold, pair.pred
            if g is not None and p is None and not g.optional:
                out.append(f"MISS  {pair.doc} [{g.kind}] {g.speaker} :: {g.text[:90]}")
            elif g is None and p is not None:
                who = p.speaker.normal if p.speaker else None
                out.append(f"FALSE {pair.doc} [{p.rule}] {who} :: {p.text[:90]}")
            elif g is not None and p is not None and not g.optional:
                who = p.speaker.normal if p.speaker else None
                if not speaker_matches(who, g.speaker):
                    out.append(
                        f"WHO   {pair.doc} [{p.rule}] {who!r} != {list(g.speaker)} :: {g.text[:70]}"
                    )
        return out


def _prf(c: Mapping[str, int], what: str) -> tuple[float, float, float]:
    tp = c[f"{what}_tp"]
    predicted = c["predicted"] - c["matched_optional"]
    gold = c["gold"] - c["gold_optional"]
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    docs: Iterable[Document],
    gold: Iterable[GoldQuote],
    *,
    threshold: float = 0.5,
    scope: Iterable[str] | None = None,
) -> Report:
    """Score the quotes of processed documents against gold quotes.

    Scored are the documents that have gold lines and those named in ``scope`` (gold
    files with no quote at all: every prediction there is a false one); a document with
    gold but no prediction counts every gold quote as missed.

    Пример::

        >>> evaluate([], []).prf("speaker")
        (0.0, 0.0, 0.0)
    """
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        # 0 would count any overlap, even none, as a match; above 1 nothing ever matches.
        raise InputError.bad_option("threshold", threshold, "a number in (0, 1], e.g. 0.5")
    by_doc: dict[str, list[GoldQuote]] = defaultdict(list)
    for doc_id in scope or ():
        by_doc[doc_id] = []
    for g in gold:
        by_doc[g.doc].append(g)
    report = Report()
    seen = set()
    for doc in docs:
        if doc.id not in by_doc:
            continue
        seen.add(doc.id)
        _score_doc(report, doc.id, list(doc.quotes), by_doc[doc.id], threshold)
    for doc_id, golds in by_doc.items():
        if doc_id not in seen:
            _score_doc(report, doc_id, [], golds, threshold)
    return report


def _score_doc(
    report: Report, doc_id: str, preds: list[Quote], golds: list[GoldQuote], threshold: float
) -> None:
    c = report.counts
    c["documents"] += 1
    c["gold"] += len(golds)
    c["gold_optional"] += sum(g.optional for g in golds)
    c["predicted"] += len(preds)
    candidates = sorted(
        (
            (_overlap(p.start, p.stop, g.start, g.stop), i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
        ),
        reverse=True,
    )
    pred_of: dict[int, int] = {}
    gold_of: dict[int, int] = {}
    for score, i, j in candidates:
        if score < threshold:
            break
        if i in pred_of or j in gold_of:
            continue
        pred_of[i], gold_of[j] = j, i
    for kind in {g.kind for g in golds}:
        report.by_kind[kind]
    for g in golds:
        if not g.optional:
            report.by_kind[g.kind]["gold"] += 1
    for i, p in enumerate(preds):
        rule = report.by_rule[p.rule or "?"]
        rule["predicted"] += 1
        if i not in pred_of:
            report.pairs.append(Pair(doc_id, p, None))
            continue
        g = golds[pred_of[i]]
        report.pairs.append(Pair(doc_id, p, g))
        rule["matched"] += 1
        who = p.speaker.normal if p.speaker else None
        speaker_ok = speaker_matches(who, g.speaker)
        rule["speaker_ok"] += speaker_ok
        if g.optional:
            c["matched_optional"] += 1
            continue
        c["detection_tp"] += 1
        c["speaker_tp"] += speaker_ok
        report.by_kind[g.kind]["found"] += 1
        report.by_kind[g.kind]["speaker_ok"] += speaker_ok
        source = p.source.normal if p.source else None
        c["source_ok"] += (source is None and g.source is None) or (
            source is not None and g.source is not None and same_medium(source, g.source)
        )
        addressee = p.addressee.normal if p.addressee else None
        c["addressee_ok"] += (addressee is None and g.addressee is None) or (
            addressee is not None
            and g.addressee is not None
            and speaker_matches(addressee, [g.addressee])
        )
        c["kind_ok"] += p.kind == g.kind
    for j, g in enumerate(golds):
        if j not in gold_of:
            report.pairs.append(Pair(doc_id, None, g))
        if g.source and not g.optional:
            # of the gold quotes a medium carries, how many were found with that medium
            c["gold_sources"] += 1
            found = preds[gold_of[j]] if j in gold_of else None
            c["gold_sources_ok"] += bool(
                found is not None
                and found.source is not None
                and same_medium(found.source.normal, g.source)
            )


def _load_predictions(paths: Sequence[str]) -> list[Document] | None:
    """Read newsnlp JSONL output, or None when the paths are texts to process."""
    docs: list[Document] = []
    for name in paths:
        path = Path(name)
        if path.suffix != ".jsonl" or not path.is_file():
            return None
        with open(path, encoding="utf-8") as f:
            first = f.readline()
            if '"quotes"' not in first:
                return None
            f.seek(0)
            docs.extend(Document.from_json(line) for line in f if line.strip())
    return docs


def evaluate_paths(
    pred: Sequence[str] | str, gold: str | Path, *, threshold: float = 0.5
) -> Report:
    """``newsnlp evaluate``: score predictions (or texts, processed now) against gold.

    Пример::

        >>> r = evaluate_paths(["corpora/sample"], "corpora/sample")
        >>> round(r.prf("speaker")[2], 2) >= 0.9
        True
    """
    paths = [pred] if isinstance(pred, str) else list(pred)
    golds = load_gold(gold)
    wanted = gold_documents(gold)
    docs = _load_predictions(paths)
    if docs is None:
        from .io import iter_inputs
        from .pipeline import Pipeline

        items = []
        for item in iter_inputs(paths):
            if isinstance(item, InputError):
                raise item
            if item[0] in wanted:
                items.append(item)
        docs = list(Pipeline().pipe(items))
    # Scored: the gold documents that were predicted. A prediction file for 3 articles
    # is not 40 articles of missed quotes.
    predicted = {doc.id for doc in docs} & set(wanted)
    if not predicted:
        warnings.warn(
            f"no predicted document is in the gold {str(gold)!r}: nothing was scored. Check "
            "that the ids of the predictions are the gold's file names.",
            stacklevel=2,
        )
    golds = [g for g in golds if g.doc in predicted]
    return evaluate(docs, golds, threshold=threshold, scope=predicted)
