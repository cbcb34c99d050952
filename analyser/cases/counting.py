"""Counting listening-post cases: filters (county, period), tallies (year × stage × outcome, barriers) and
the cases that bear on a gap finding.

A case bears on a finding when it met one of the barriers the finding cites; for a finding that is not
about a barrier as a whole (kinds ``barrier-*``), also when it tried one of the instruments the finding
cites; for a pipeline gap (evidence ``value_chain`` and ``step``), also when it was at that stage in that
value chain (a case in the value chain ``any`` counts for every chain). Never for ``stale-data``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from analyser.reviews.linking import BARRIER_KINDS, NOT_ANSWERED
from catalogue.cases.snapshot import CaseSnap


@dataclass(frozen=True)
class CaseFilter:
    county: str | None = None
    start: dt.date | None = None  # inclusive
    end: dt.date | None = None  # inclusive

    def keeps(self, case: CaseSnap) -> bool:
        return (
            (self.county is None or case.county == self.county)
            and (self.start is None or case.met_on >= self.start)
            and (self.end is None or case.met_on <= self.end)
        )


@dataclass(frozen=True, order=True)
class Tally:
    """``count`` cases met in ``year`` at ``stage`` where an attempt ended in ``outcome``."""

    year: int
    stage: str
    outcome: str
    count: int


def select(cases: Iterable[CaseSnap], where: CaseFilter = CaseFilter()) -> tuple[CaseSnap, ...]:
    return tuple(c for c in cases if where.keeps(c))


def tally(cases: Iterable[CaseSnap]) -> tuple[Tally, ...]:
    """Per year, stage and outcome: how many cases (a case counts once per outcome it had), most first."""
    counts = Counter((c.met_on.year, c.stage, o) for c in cases for o in c.outcomes)
    rows = [Tally(y, s, o, n) for (y, s, o), n in counts.items()]
    return tuple(sorted(rows, key=lambda t: (-t.count, -t.year, t.stage, t.outcome)))


def by_barrier(cases: Iterable[CaseSnap]) -> dict[str, int]:
    """Barrier code → number of cases that met it."""
    return dict(Counter(b for c in cases for b in c.barriers))


def bears_on(finding: Any, case: CaseSnap) -> bool:
    kind = str(getattr(finding, "kind", ""))
    if kind in NOT_ANSWERED:
        return False
    evidence = getattr(finding, "evidence", None) or {}
    if set(evidence.get("barriers") or ()) & set(case.barriers):
        return True
    if kind not in BARRIER_KINDS and set(evidence.get("instruments") or ()) & case.instruments:
        return True
    chain, step = evidence.get("value_chain"), evidence.get("step")
    if chain and step:
        return case.stage == step and (chain in case.value_chains or "any" in case.value_chains)
    return False


def for_findings(findings: Sequence[Any], cases: Sequence[CaseSnap]) -> dict[str, tuple[CaseSnap, ...]]:
    """Finding code → the cases bearing on it."""
    return {f.code: tuple(c for c in cases if bears_on(f, c)) for f in findings}
