"""Read factRuEval-2016 (news, MIT licence) as gold entity spans and clusters.

Gold entities follow the corpus README: an object's extent is the union of its name
spans (``*_descr`` and ``job`` left out); ``Person`` -> PER, ``Org`` -> ORG,
``Location`` and ``LocOrg`` -> LOC; other object types are not scored. An ``Org`` whose
only name parts are place names (``мэрия Москвы`` -> ``Москвы``) is not an organisation
name and is left out, as the place is already gold as LOC.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(
    os.environ.get("FACTRU_ROOT", Path(__file__).resolve().parents[2] / "shared/data/factru-2016")
)
TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
LEFT_OUT = ("_descr", "job")


@dataclass
class GoldDoc:
    id: str
    text: str
    # (start, stop, type) of each gold entity mention
    entities: set[tuple[int, int, str]] = field(default_factory=set)
    # gold clusters: sets of (start, stop) mention extents of one referent
    clusters: list[set[tuple[int, int]]] = field(default_factory=list)
    # per gold cluster, its name attributes from the .coref file (firstname -> {Александр})
    names: list[dict[str, set[str]]] = field(default_factory=list)


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load(split: str, root: Path = DEFAULT_ROOT) -> Iterator[GoldDoc]:
    """Yield the documents of ``dev`` or ``test`` with gold entities and clusters."""
    folder = root / split
    if not folder.is_dir():
        raise SystemExit(
            f"factRuEval-2016 not found at {folder}; set FACTRU_ROOT to the folder that "
            "holds dev/ and test/."
        )
    for txt in sorted(folder.glob("*.txt"), key=lambda p: int(p.stem.split("_")[1])):
        stem = txt.stem
        doc = GoldDoc(stem, _read(txt))
        spans: dict[str, tuple[str, int, int]] = {}
        for line in _read(folder / f"{stem}.spans").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) >= 4:
                spans[parts[0]] = (parts[1], int(parts[2]), int(parts[2]) + int(parts[3]))
        extents: dict[str, tuple[int, int]] = {}
        for line in _read(folder / f"{stem}.objects").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) < 3 or parts[1] not in TYPES:
                continue
            type_ = TYPES[parts[1]]
            named = [spans[s] for s in parts[2:] if s in spans]
            named = [s for s in named if not s[0].endswith(LEFT_OUT)]
            if not named:
                continue
            if type_ == "ORG" and all(kind in ("loc_name", "geo_adj") for kind, _, _ in named):
                continue
            start = min(a for _, a, _ in named)
            stop = max(b for _, _, b in named)
            doc.entities.add((start, stop, type_))
            extents[parts[0]] = (start, stop)
        coref = folder / f"{stem}.coref"
        if coref.exists():
            for block in _read(coref).split("\n\n"):
                lines = block.strip().splitlines()
                if not lines:
                    continue
                ids = lines[0].split()[1:]
                members = {extents[i] for i in ids if i in extents}
                if members:
                    doc.clusters.append(members)
                    parts: dict[str, set[str]] = {}
                    for attr in lines[1:]:
                        key, _, value = attr.partition(" ")
                        parts.setdefault(key, set()).add(value.strip())
                    doc.names.append(parts)
        yield doc
