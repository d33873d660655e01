"""Read NEREL (Russian Wikinews, brat standoff) as flat PER/LOC/ORG gold spans.

Mapping from ``../shared/data/nerel/README.md``: PERSON -> PER, ORGANIZATION -> ORG,
COUNTRY / CITY / STATE_OR_PROVINCE / LOCATION / DISTRICT -> LOC; only the outermost mapped
entity of a nest is kept. A discontinuous entity spans from its first start to its last stop.
Mentions linked to one Wikidata item form a gold cluster; NEREL names no name parts, so
it gives no names-right figure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from factru import GoldDoc

DEFAULT_ROOT = Path(
    os.environ.get("NEREL_ROOT", Path(__file__).resolve().parents[2] / "shared/data/nerel")
)
TYPES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "LOCATION": "LOC",
    "DISTRICT": "LOC",
}


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load(split: str, root: Path = DEFAULT_ROOT) -> Iterator[GoldDoc]:
    """Yield the documents of ``train`` or ``dev`` with gold flat entities and, as
    clusters, the kept mentions each Wikidata link names."""
    folder = root / split
    if not folder.is_dir():
        raise SystemExit(f"NEREL not found at {folder}; set NEREL_ROOT to the folder with dev/.")
    for txt in sorted(folder.glob("*.txt")):
        doc = GoldDoc(txt.stem, _read(txt))
        found: list[tuple[int, int, str]] = []
        extent: dict[str, tuple[int, int]] = {}
        links: dict[str, str] = {}
        for line in _read(txt.with_suffix(".ann")).splitlines():
            fields = line.split("\t")
            if len(fields) < 2:
                continue
            if line.startswith("N"):
                # N<n>\tReference T<n> Wikidata:Q...: the entity's referent
                parts = fields[1].split()
                if len(parts) == 3 and parts[2] != "Wikidata:NULL":
                    links[parts[1]] = parts[2]
                continue
            if not line.startswith("T"):
                continue
            type_, _, offsets = fields[1].partition(" ")
            if type_ not in TYPES:
                continue
            points = [int(x) for part in offsets.split(";") for x in part.split()]
            found.append((min(points), max(points), TYPES[type_]))
            extent[fields[0]] = (min(points), max(points))
        for a, b, t in found:
            # keep only the outermost mapped entity of a nest
            if not any((c <= a and b <= d) and (c, d) != (a, b) for c, d, _ in found):
                doc.entities.add((a, b, t))
        # gold clusters: the kept mentions linked to one Wikidata item (unlinked mentions
        # have no gold referent and are left out)
        kept = {(a, b) for a, b, _ in doc.entities}
        by_item: dict[str, set[tuple[int, int]]] = {}
        for tid, item in links.items():
            if tid in extent and extent[tid] in kept:
                by_item.setdefault(item, set()).add(extent[tid])
        doc.clusters = list(by_item.values())
        yield doc
