"""Shared by the path CLI and API: the catalogue snapshot, its path index, the rule files and counties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from analyser.paths.index import PathIndex
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules


def path_rules() -> dict[str, Any]:
    """The rules ``find_path`` takes: seeds/path_rules.yaml and seeds/aid_ceilings.yaml."""
    return {"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}


@dataclass(frozen=True)
class PathContext:
    snapshot: CatalogueSnapshot
    index: PathIndex
    rules: dict[str, Any]
    counties: frozenset[str]


def context_for(snapshot: CatalogueSnapshot) -> PathContext:
    return PathContext(
        snapshot, PathIndex.build(snapshot), path_rules(), frozenset(code for code, _ in snapshot.counties)
    )


def path_context(session: Session) -> PathContext:
    return context_for(build_snapshot(session))
