"""Parsing JSON and YAML from outside (import files, consortium profiles) without surprises.

- YAML aliases (``*name``) are refused: they are what alias-expansion bombs are made of, and an import
  file never needs them. Only plain data is built (safe loader: no Python objects).
- A key given twice in one mapping is reported (path and, for YAML, line), never silently overwritten.
- Nesting is capped (``max_depth``), so a deeply nested file gives a message, not a RecursionError.
- The number of values is capped (``max_values``) before anything is built, so a small file cannot
  expand into gigabytes.

Problems raise :class:`ParseProblem` with a short message and, when known, the line; callers turn it
into a :class:`catalogue.errors.Problem` naming their file. No SQLAlchemy here: the analyser uses it too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml: fast, and it caps nesting itself
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]
_WHITESPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class ParseLimits:
    max_depth: int = 20
    max_values: int = 1_000_000


class ParseProblem(ValueError):
    def __init__(self, message: str, line: int | None = None, path: Path = ()) -> None:
        self.message, self.line, self.path = message, line, path
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class DuplicateKey:
    path: Path  # of the mapping holding the key, from the top of the document
    key: str
    line: int | None = None


class _Mapping(dict[Any, Any]):
    """A mapping that remembers which keys were given more than once (and on which lines)."""

    duplicates: tuple[tuple[str, int | None], ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Mapping(pairs)
    if len(out) != len(pairs):
        counts = Counter(k for k, _ in pairs)
        out.duplicates = tuple((k, None) for k, n in counts.items() if n > 1)
    return out


def load_json(text: str, limits: ParseLimits = ParseLimits()) -> tuple[Any, list[DuplicateKey]]:
    """Parse JSON; return the data and the keys given twice. Raise ParseProblem when it is not valid
    JSON, nests deeper than ``limits.max_depth`` or holds more than ``limits.max_values`` values."""
    if text.count(",") + text.count(":") > limits.max_values:  # more values than that cannot fit
        raise ParseProblem(f"more than {limits.max_values} values; split the file")
    decoder = json.JSONDecoder(object_pairs_hook=_pairs)
    try:
        data = _json_items(text, decoder, limits) if text.lstrip().startswith("[") else decoder.decode(text)
    except RecursionError as exc:
        raise ParseProblem(f"nested deeper than {limits.max_depth} levels") from exc
    except json.JSONDecodeError as exc:
        raise ParseProblem(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from exc
    return data, inspect(data, limits)


def _json_items(text: str, decoder: json.JSONDecoder, limits: ParseLimits) -> list[Any]:
    """A top-level JSON list read item by item, so that a problem deep inside names its item."""
    items: list[Any] = []
    pos = _WHITESPACE.match(text, 0).end() + 1  # type: ignore[union-attr]  # after "["
    while True:
        pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("]", pos) and not items:
            break
        try:
            item, pos = decoder.raw_decode(text, pos)
        except RecursionError as exc:
            raise ParseProblem(f"nested deeper than {limits.max_depth} levels", path=(len(items),)) from exc
        items.append(item)
        pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            break
        pos += 1
    if not text.startswith("]", pos):
        raise json.JSONDecodeError("Expecting ',' delimiter or ']'", text, pos)
    if text[pos + 1 :].strip():
        raise json.JSONDecodeError("Extra data", text, pos + 1)
    return items


class _Loader(_BaseLoader):
    """The safe loader, building mappings that remember keys given twice."""

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = _Mapping()
        yield data
        dupes: list[tuple[str, int | None]] = []
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    dupes.append((str(key_node.value), key_node.start_mark.line + 1))
                seen.add(key)
        data.update(self.construct_mapping(node))
        data.duplicates = tuple(dupes)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)


def _scan_yaml(text: str, limits: ParseLimits) -> None:
    """Walk the parser's events (nothing is built): refuse aliases, deep nesting and too many values."""
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                raise ParseProblem(
                    f"uses the alias *{event.anchor}; aliases are not allowed, write the value out", line
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    raise ParseProblem(f"nested deeper than {limits.max_depth} levels", line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.NodeEvent):
                values += 1
                if values > limits.max_values:
                    raise ParseProblem(f"more than {limits.max_values} values; split the file", line)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ParseProblem(f"not valid YAML: {exc.problem or exc.context}", line) from exc
    except yaml.YAMLError as exc:
        raise ParseProblem(f"not valid YAML: {exc}") from exc


def load_yaml(text: str, limits: ParseLimits = ParseLimits()) -> tuple[Any, list[DuplicateKey]]:
    """Parse YAML (one document); return the data and the keys given twice. Raise ParseProblem when it is
    not valid YAML, uses an alias, nests deeper than ``limits.max_depth`` or holds too many values."""
    _scan_yaml(text, limits)
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ParseProblem(f"not valid YAML: {exc}") from exc
    return data, inspect(data, limits)


def inspect(data: Any, limits: ParseLimits = ParseLimits()) -> list[DuplicateKey]:
    """Check the nesting of parsed data (iteratively: no recursion) and collect keys given twice."""
    found: list[DuplicateKey] = []
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > limits.max_depth:
            raise ParseProblem(f"nested deeper than {limits.max_depth} levels", path=path[: limits.max_depth])
        if isinstance(node, dict):
            found += [DuplicateKey(path, k, line) for k, line in getattr(node, "duplicates", ())]
            stack += [(v, (*path, str(k))) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, (*path, i)) for i, v in enumerate(node)]
    return sorted(found, key=lambda d: (d.line or 0, [str(p) for p in d.path]))
