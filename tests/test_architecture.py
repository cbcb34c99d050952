"""The layering the code promises (docs/analyser.md, "Purity"): catalogue → analyser → web, no import cycles,
and an analyser of pure functions — no database, no files, no threads or processes, no module caches.

Read from the source with ``ast`` (every import counts: at the top, inside functions, and under
``TYPE_CHECKING``), plus one import of the whole analyser in a fresh interpreter.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalogue", "analyser", "web")

# modules the analyser must not import (module names, ``*`` = one package level)
FORBIDDEN_IN_ANALYSER = (
    "sqlalchemy",
    "alembic",
    "web",
    "catalogue.db",
    "catalogue.seeding",
    "catalogue.rules",
    "catalogue.migrate",
    "catalogue.models_all",
    "catalogue.datafile",
    "catalogue.transfer",
    "catalogue.*.loader",
    "catalogue.*.models",
    "catalogue.*.repository",
    "catalogue.*.service",
    "catalogue.*.seeding",
    "yaml",
    "threading",
    "_thread",
    "concurrent",
    "multiprocessing",
    "subprocess",
    "gc",
    "ctypes",
    "weakref",
)
FORBIDDEN_ATTRIBUTES = {("os", "fork"), ("os", "forkpty"), ("os", "system"), ("gc", "freeze")}
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "iterdir", "glob", "rglob"}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module


def first_party() -> dict[str, Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join(parts)
            found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def imported_names(module: Module) -> Iterator[tuple[int, str]]:
    """(line, module name) of every import in the module, ``from a import b`` giving ``a`` and ``a.b``."""
    is_package = module.path.name == "__init__.py"
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.name.split(".")
                keep = len(parent) - node.level + (1 if is_package else 0)
                base = ".".join([*parent[:keep], *([base] if base else [])])
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def resolve(name: str, modules: dict[str, Module]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in modules.values():
        targets = {resolve(name, modules) for _, name in imported_names(module)}
        graph[module.name] = {t for t in targets if t is not None and t != module.name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def forbidden(name: str) -> str | None:
    for pattern in FORBIDDEN_IN_ANALYSER:
        regex = re.escape(pattern).replace(r"\*", r"[^.]+")
        if re.fullmatch(rf"{regex}(\..+)?", name):
            return pattern
    return None


def analyser_modules() -> list[Module]:
    return [m for name, m in first_party().items() if name.split(".")[0] == "analyser"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_catalogue_analyser_and_web() -> None:
    modules = first_party()
    assert {"catalogue.seeding", "analyser.gaps.analyse", "web.state"} <= set(modules)
    assert cycles(import_graph(modules)) == []


def test_data_flows_one_way_catalogue_analyser_web() -> None:
    modules = first_party()
    wrong = [
        f"{name} imports {target}"
        for name, targets in import_graph(modules).items()
        for target in targets
        if (name.startswith("catalogue") and target.split(".")[0] in ("analyser", "web"))
        or (name.startswith("analyser") and target.split(".")[0] == "web")
    ]
    assert wrong == []


def test_the_analyser_imports_no_database_files_or_concurrency() -> None:
    wrong = {
        f"{m.path.relative_to(ROOT)}:{line} imports {pattern}"
        for m in analyser_modules()
        for line, name in imported_names(m)
        if (pattern := forbidden(name))
    }
    assert sorted(wrong) == []


def test_the_analyser_opens_no_files_forks_nothing_and_keeps_no_module_caches() -> None:
    wrong = []
    for m in analyser_modules():
        where = m.path.relative_to(ROOT)
        for node in ast.walk(m.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                wrong.append(f"{where}:{node.lineno} open()")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in FILE_METHODS:
                    wrong.append(f"{where}:{node.lineno} .{node.func.attr}()")
                if node.func.attr in ("load", "dump") and ast.unparse(node.func.value) in ("json", "pickle"):
                    wrong.append(f"{where}:{node.lineno} {ast.unparse(node.func)}() reads or writes a file")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if (node.value.id, node.attr) in FORBIDDEN_ATTRIBUTES or node.attr == "malloc_trim":
                    wrong.append(f"{where}:{node.lineno} {node.value.id}.{node.attr}")
            if isinstance(node, ast.Global):
                wrong.append(f"{where}:{node.lineno} global {', '.join(node.names)}")
        for node in m.tree.body:  # a module-level empty dict/list/set is a cache or registry filled later
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            empty_literal = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
                getattr(value, "keys", None) or getattr(value, "elts", None)
            )
            empty_call = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set")
                and not value.args
            )
            if empty_literal or empty_call:
                wrong.append(f"{where}:{node.lineno} module-level mutable {ast.unparse(node).split('=')[0]}")
    assert wrong == []


def test_the_checks_catch_what_they_guard() -> None:
    """The rules above, on the code the analyser once had."""
    assert forbidden("catalogue.rules") and forbidden("catalogue.instruments.loader")
    assert forbidden("concurrent.futures") and forbidden("sqlalchemy.orm") and forbidden("web.state")
    assert forbidden("catalogue.instruments.snapshot") is None and forbidden("catalogue.vocabulary") is None
    assert forbidden("webcolors") is None  # a prefix of a name is not the name


def test_importing_the_whole_analyser_loads_no_sqlalchemy_and_no_web() -> None:
    code = (
        "import importlib, pkgutil, sys, analyser\n"
        "names = [m.name for m in pkgutil.walk_packages(analyser.__path__, 'analyser.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'web')\n"
        "             or m in ('catalogue.db', 'catalogue.rules', 'catalogue.seeding'))\n"
        "print(len(names), bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=1)
    assert int(out[0]) >= 40  # every module of the analyser was imported
    assert out[1].strip() == "[]"
