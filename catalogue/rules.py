"""Read rule files from ``seeds/`` (barrier needs, aid-intensity ceilings, STIP types, ...) as plain data.

The analyser receives what this returns as arguments; it never opens files itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalogue.errors import InputError, Problem
from catalogue.seeding import SEEDS_DIR


@lru_cache(maxsize=32)
def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError([Problem(str(path), "(file)", "(file)", "rule file is missing")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc


def load_rules(name: str, seeds_dir: Path = SEEDS_DIR) -> Any:
    """Parsed content of ``seeds/<name>.yaml`` (cached; treat as read-only)."""
    return _load(seeds_dir / f"{name}.yaml")


def seed_instrument_records(seeds_dir: Path = SEEDS_DIR) -> list[dict[str, Any]]:
    """Every instrument record of ``seeds/instruments/*.yaml`` as plain dicts, file by file (the training
    data of the tag-suggestion model, ``analyser.matching.tagging``)."""
    records: list[dict[str, Any]] = []
    for path in sorted((seeds_dir / "instruments").glob("*.yaml")):
        records += [r for r in load_rules(f"instruments/{path.stem}", seeds_dir) or () if isinstance(r, dict)]
    return records
