"""Shared by the path CLI and API: the catalogue snapshot, its path index, the rule files, counties, and
consortium profiles read from files."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from analyser.paths.index import PathIndex
from analyser.paths.profile import ConsortiumProfile, parse_profile
from analyser.paths.rules import CompiledRules, compile_rules
from catalogue.datafile import read_data_file
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules


@lru_cache(maxsize=1)
def path_rules() -> CompiledRules:
    """The rules ``find_path`` takes: seeds/path_rules.yaml and seeds/aid_ceilings.yaml, compiled once per
    process (the path index keeps its per-rules views by this object)."""
    return compile_rules({"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")})


@dataclass(frozen=True)
class PathContext:
    snapshot: CatalogueSnapshot
    index: PathIndex
    rules: CompiledRules
    counties: frozenset[str]


def context_for(snapshot: CatalogueSnapshot) -> PathContext:
    return PathContext(
        snapshot, PathIndex.build(snapshot), path_rules(), frozenset(code for code, _ in snapshot.counties)
    )


def path_context(session: Session) -> PathContext:
    return context_for(build_snapshot(session))


def read_profile_file(path: str | Path, known_counties: Collection[str]) -> ConsortiumProfile:
    """Read a profile from a YAML or JSON file (a mapping, or a list holding one mapping)."""
    data = read_data_file(path, record="(profile)")
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    return parse_profile(data, source=str(Path(path)), known_counties=known_counties)
