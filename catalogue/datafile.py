"""Read one YAML or JSON data file (a consortium profile, ...) as plain data; problems name the file.

The analyser never opens files: callers read them here and hand the data in. Parsing goes through
``catalogue.parsing`` (no YAML aliases, nesting and size capped, a key given twice refused).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalogue.errors import InputError, Problem
from catalogue.parsing import ParseProblem, load_json, load_yaml


def read_data_file(path: str | Path, record: str = "(record)") -> Any:
    """The parsed content of a ``.json`` file, or of a YAML file (any other suffix)."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise InputError([Problem(source, "(file)", "(file)", f"cannot read the file: {why}")]) from exc
    kind = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        data, duplicates = load_json(text) if kind == "json" else load_yaml(text)
    except ParseProblem as exc:
        where = f"line {exc.line}" if exc.line else "(file)"
        raise InputError([Problem(source, where, f"({kind})", exc.message)]) from exc
    if duplicates:
        raise InputError(
            [
                Problem(source, record, ".".join(map(str, [*d.path, d.key])), "given more than once")
                for d in duplicates
            ]
        )
    return data
