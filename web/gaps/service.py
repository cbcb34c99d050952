"""The gap analysis as the web pages see it: run once per catalogue version and day, then cached.

``gap_analysis(state)`` runs ``analyser.gaps.analysis.analyse_catalogue`` (funding paths of the
evidence consortia, whose uncovered needs weigh on the gaps' severity; the gap checks with
``seeds/barrier_needs.yaml``; freshness). The
result serves every language: findings carry messages, worded per request (``web/i18n/wording.py``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from analyser.gaps.analyse import Analysis
from analyser.gaps.analysis import analyse_catalogue
from analyser.gaps.needs import NeedsSpec, parse_needs
from analyser.paths.index import PathIndex
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules
from web.paths.service import path_rules
from web.state import CatalogueState


@lru_cache(maxsize=1)
def needs_spec() -> NeedsSpec:
    return parse_needs(load_rules("barrier_needs"))


def run_analysis(snapshot: CatalogueSnapshot, index: PathIndex, today: dt.date) -> Analysis:
    analysis, _paths = analyse_catalogue(snapshot, needs_spec(), path_rules(), today=today, index=index)
    return analysis


def gap_analysis(state: CatalogueState, today: dt.date | None = None) -> Analysis:
    """The analysis of the current catalogue (cached per catalogue generation and day)."""
    day = today or dt.date.today()
    snapshot = state.snapshot
    index = state.cached(("path_index",), lambda: PathIndex.build(snapshot))
    return state.cached(("gap-analysis", day), lambda: run_analysis(snapshot, index, day))
