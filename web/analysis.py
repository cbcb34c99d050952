"""The one analysis wiring: the rules in ``seeds/``, the analyser over a catalogue snapshot, and the needs the
funding paths leave unfunded. The gap and coverage pages, the department reports (``web.reports.build``)
and the CLI (``verkemiddelkart gaps``, ``verkemiddelkart report``) all run the analysis through
``run_analysis``; the web pages take it from ``catalogue_analysis(state)``, cached.

``run_analysis`` runs ``analyser.gaps.analysis.analyse_catalogue``: funding paths of the evidence consortia
(``seeds/path_rules.yaml``, ``seeds/aid_ceilings.yaml``), whose uncovered needs weigh on the gaps'
severity; the gap checks (``seeds/barrier_needs.yaml``); freshness. The analysis does not depend on the
language: findings and path notes carry messages, worded per request (``web/i18n/wording.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from analyser.gaps.analyse import Analysis, analyse
from analyser.gaps.analyse import barrier_instruments as answering
from analyser.gaps.analysis import analyse_catalogue
from analyser.gaps.needs import NeedsSpec, parse_needs
from analyser.paths.index import PathIndex
from catalogue.awards.evidence_loader import build_evidence_snapshot
from catalogue.awards.repository import award_stamp
from catalogue.awards.snapshot import AwardEvidence
from catalogue.db import session_factory
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules
from web.paths.service import path_rules
from web.startup import analysis_pool
from web.state import CatalogueState


@lru_cache(maxsize=1)
def needs_spec() -> NeedsSpec:
    """``seeds/barrier_needs.yaml``, checked (raises ``NeedsError`` naming what is wrong)."""
    return parse_needs(load_rules("barrier_needs"))


@dataclass(frozen=True)
class UnfundedRow:
    """One need of one consortium that its funding path covers weakly or not at all."""

    consortium: str
    need: str
    stage: str | None
    status: str
    reason: Any  # a message (analyser.text.Msg) or None, worded by the renderer


@dataclass(frozen=True)
class CatalogueAnalysis:
    """The analysis and the funding paths of the evidence consortia it weighed."""

    analysis: Analysis
    paths: tuple[Any, ...]

    @property
    def unfunded(self) -> list[UnfundedRow]:
        """Each need of each evidence consortium that its funding path leaves uncovered (the reports)."""
        return [
            UnfundedRow(p.consortium, c.need, c.stages[0] if c.stages else None, c.status, c.note)
            for p in self.paths
            for c in p.unfunded
        ]


def run_analysis(
    snapshot: CatalogueSnapshot,
    *,
    today: dt.date,
    index: PathIndex | None = None,
    with_paths: bool = True,
    awards: AwardEvidence | None = None,
) -> CatalogueAnalysis:
    """The catalogue analysis; ``with_paths=False``: the gap checks alone over every consortium (no funding
    paths, no freshness finding); ``awards``: the funded-project evidence (``award_evidence``)."""
    with analysis_pool() as pool:
        if not with_paths:
            return CatalogueAnalysis(analyse(snapshot, needs_spec(), executor=pool, awards=awards), ())
        analysis, paths = analyse_catalogue(
            snapshot, needs_spec(), path_rules(), today=today, index=index, executor=pool, awards=awards
        )
    return CatalogueAnalysis(analysis, tuple(paths))


def award_evidence(session: Session) -> AwardEvidence:
    """The funded-project evidence (aggregates, ``seeds/award_evidence.yaml``); empty without award data."""
    return build_evidence_snapshot(session, load_rules("award_evidence"))


def state_awards(state: CatalogueState) -> tuple[Any, AwardEvidence | None]:
    """(stamp, evidence) for the state's database, the evidence cached per catalogue generation and award
    import; (None, None) without award data or database."""
    if state.engine is None:
        return None, None
    with session_factory(state.engine)() as session:
        stamp = award_stamp(session)
        if not stamp[0]:  # no activity
            return None, None
        return stamp, state.cached(("award-evidence", stamp), lambda: award_evidence(session))


def catalogue_analysis(state: CatalogueState, today: dt.date | None = None) -> CatalogueAnalysis:
    """The analysis of the current catalogue (cached per catalogue generation, day and award import)."""
    day = today or dt.date.today()
    snapshot = state.snapshot
    index = state.cached(("path_index",), lambda: PathIndex.build(snapshot))
    stamp, awards = state_awards(state)
    key = ("analysis", day) if stamp is None else ("analysis", day, stamp)
    return state.cached(key, lambda: run_analysis(snapshot, today=day, index=index, awards=awards))


def gap_analysis(state: CatalogueState, today: dt.date | None = None) -> Analysis:
    """The findings, coverage and scores the gap and coverage pages show."""
    return catalogue_analysis(state, today).analysis


def barrier_instruments(state: CatalogueState) -> dict[str, tuple[str, ...]]:
    """Barrier code → the active instruments answering it (report charts), once per catalogue version."""
    snapshot = state.snapshot
    return state.cached(("barrier-instruments",), lambda: answering(snapshot, needs_spec()))
