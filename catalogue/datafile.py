"""Read one YAML or JSON data file (a consortium profile, ...) as plain data; problems name the file.

The analyser never opens files: callers read them here and hand the data in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from catalogue.errors import InputError, Problem


def read_data_file(path: str | Path) -> Any:
    """The parsed content of a ``.json`` file, or of a YAML file (any other suffix)."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem(source, "(file)", "(file)", f"cannot read the file: {exc.strerror}")
        raise InputError([problem]) from exc
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        problem = Problem(source, "(file)", f"({kind.lower()})", f"not valid {kind}: {exc}")
        raise InputError([problem]) from exc
