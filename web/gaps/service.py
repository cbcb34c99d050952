"""The gap analysis as the web pages see it: run once per catalogue version and day, then cached.

``gap_analysis(state)`` runs ``analyser.gaps.analysis.analyse_catalogue`` (funding paths of the
evidence consortia, whose uncovered needs weigh on the gaps' severity; the gap checks with
``seeds/barrier_needs.yaml``; freshness). The
result holds every language (findings carry nn/nb/en texts), so one run serves all three.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from analyser.gaps.analyse import Analysis
from analyser.gaps.analyse import barrier_instruments as answering
from analyser.gaps.analysis import analyse_catalogue
from analyser.gaps.needs import NeedsSpec, parse_needs
from analyser.paths.index import PathIndex
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules
from web.paths.service import path_rules
from web.startup import analysis_pool
from web.state import CatalogueState


@lru_cache(maxsize=1)
def needs_spec() -> NeedsSpec:
    return parse_needs(load_rules("barrier_needs"))


@lru_cache(maxsize=1)
def ministry_names() -> dict[str, dict[str, Any]]:
    """Ministry code → its record in ``seeds/ministries.yaml`` (name_nn, name_nb, name_en)."""
    return {m["code"]: m for m in load_rules("ministries") or ()}


def ministry_name(code: str, lang: str) -> str:
    found = ministry_names().get(code)
    return str(found.get(f"name_{lang}") or found.get("name_nn") or code) if found else code


def run_analysis(snapshot: CatalogueSnapshot, index: PathIndex, today: dt.date) -> Analysis:
    with analysis_pool() as pool:
        analysis, _paths = analyse_catalogue(
            snapshot, needs_spec(), path_rules(), today=today, index=index, executor=pool
        )
    return analysis


def gap_analysis(state: CatalogueState, today: dt.date | None = None) -> Analysis:
    """The analysis of the current catalogue (cached per catalogue generation and day)."""
    day = today or dt.date.today()
    snapshot = state.snapshot
    index = state.cached(("path_index",), lambda: PathIndex.build(snapshot))
    return state.cached(("gap-analysis", day), lambda: run_analysis(snapshot, index, day))


def barrier_instruments(state: CatalogueState) -> dict[str, tuple[str, ...]]:
    """Barrier code → the active instruments answering it (report charts), once per catalogue version."""
    snapshot = state.snapshot
    return state.cached(("barrier-instruments",), lambda: answering(snapshot, needs_spec()))
