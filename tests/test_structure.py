"""The package's shape, as issue 17 asks it to stay: files of one idea and a readable
size, imports that flow one way, rules named once."""

from __future__ import annotations

import ast
from pathlib import Path

from newsnlp.quotes.rules import RULES

PACKAGE = Path(__file__).resolve().parents[1] / "newsnlp"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _runtime_imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Every module of the package this file imports: at the top, deferred inside
    functions, and under ``if TYPE_CHECKING:`` too (a cycle the type checker sees is a
    cycle a reader has to untangle)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for cand in [target] + [f"{target}.{a.name}" for a in node.names]:
                if cand in modules and cand != name:
                    found.add(cand)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules and a.name != name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_file_is_over_700_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert long == {}


def test_no_import_cycle():
    modules = _modules()
    graph = {m: _runtime_imports(p, m, modules) for m, p in modules.items()}
    cycles = []

    def walk(node: str, trail: list[str], done: set[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in done:
                walk(nxt, [*trail, nxt], done)
        done.add(node)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            walk(module, [module], done)
    assert cycles == []


def test_no_rule_name_is_written_as_a_string_in_quotes():
    names = {rule.__name__ for rule in RULES}
    strings = []
    for path in (PACKAGE / "quotes").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                strings.append(f"{path.name}:{node.lineno} {node.value}")
    assert strings == []


def test_no_two_classes_share_a_name():
    """Two unrelated classes of one name (there were two ``Ref``) make every reader ask
    which one is meant."""
    seen: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                seen.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
