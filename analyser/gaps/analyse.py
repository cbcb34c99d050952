"""The gap analyser: ``analyse(snapshot, needs, unfunded=...)`` runs every check over one in-memory
snapshot.

No database, no web, no files: the snapshot is built once (``catalogue.instruments.loader.build_snapshot``)
and the rules are handed in (``catalogue.rules.load_rules("barrier_needs")``, raw or parsed). The checks:

- barrier coverage and barriers instruments cannot answer (``analyser.gaps.barriers``),
- instruments that miss consortia (``analyser.gaps.barriers``),
- holes in the grid type × mission × value chain × stage (``analyser.gaps.grid``),
- broken stage pipelines and hand-offs between agencies (``analyser.gaps.pipelines``),
- near-duplicate instruments of different agencies (``analyser.gaps.overlaps``),

plus coverage matrices (``analyser.gaps.coverage``) and portfolio figures (``analyser.gaps.portfolio``).
Findings are sorted by severity (formula in ``analyser.gaps.findings``); ``unfunded`` (need code →
consortium slugs, from the funding-path finder) raises the severity of the gaps whose needs several
consortia cannot fund.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analyser.executor import Executor, submit
from analyser.gaps.award_holes import award_findings
from analyser.gaps.barriers import barrier_findings, consortium_findings
from analyser.gaps.coverage import CoverageMatrix, coverage_matrix
from analyser.gaps.findings import KIND_WEIGHTS, Directory, Finding, Pressure
from analyser.gaps.grid import GridCell, build_grid, grid_findings
from analyser.gaps.needs import NeedsSpec, parse_needs
from analyser.gaps.overlaps import Overlap, find_overlaps, overlap_findings
from analyser.gaps.pipelines import Pipeline, build_pipelines, pipeline_findings
from analyser.gaps.portfolio import PortfolioFigure, portfolio
from analyser.matching.columns import Columns
from analyser.matching.scoring import Explanation, Scores
from analyser.text import plain
from catalogue.awards.snapshot import AwardEvidence
from catalogue.instruments.snapshot import CatalogueSnapshot

if TYPE_CHECKING:
    from analyser.matching.relevance import TextRelevance

CHECKS = ("barriers", "consortia", "grid", "pipelines", "overlaps", "coverage", "portfolio", "awards")
KIND_ORDER = {kind: k for k, kind in enumerate(KIND_WEIGHTS)}


@dataclass(frozen=True)
class Analysis:
    findings: tuple[Finding, ...]
    scores: Scores
    spec: NeedsSpec
    coverage: Mapping[str, CoverageMatrix] = field(default_factory=dict)
    portfolio: tuple[PortfolioFigure, ...] = ()
    pipelines: tuple[Pipeline, ...] = ()
    grid: tuple[GridCell, ...] = ()
    overlaps: tuple[Overlap, ...] = ()
    unfunded: Mapping[str, Sequence[str]] | None = None
    ministries: Mapping[str, str] = field(default_factory=dict)  # agency code → ministry
    timings: Mapping[str, float] = field(default_factory=dict)

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    def for_department(self, department: str, *, via_agencies: bool = True) -> tuple[Finding, ...]:
        """Findings naming the department, or (``via_agencies``) an agency it steers."""
        department = department.upper()
        steered = {a for a, m in self.ministries.items() if m == department}
        return tuple(
            f
            for f in self.findings
            if department in f.departments or (via_agencies and steered.intersection(f.agencies))
        )

    def figure(self, kind: str, key: str) -> PortfolioFigure | None:
        return next((p for p in self.portfolio if p.kind == kind and p.key == key), None)

    def explain(self, barrier: str, slug: str) -> Explanation:
        return self.scores.explain(barrier, slug)

    def to_dict(
        self, findings: Iterable[Finding] | None = None, text: Callable[[Any], Any] = plain
    ) -> dict[str, Any]:
        """JSON-ready data; ``text`` words the findings' titles and recommendations (analyser.text.plain:
        message ids and arguments)."""
        chosen = self.findings if findings is None else tuple(findings)
        return {
            "findings": [f.as_dict(text) for f in chosen],
            "coverage": {by: m.as_dict() for by, m in self.coverage.items()},
            "portfolio": [p.as_dict() for p in self.portfolio],
            "pipelines": [p.as_dict() for p in self.pipelines],
            "overlaps": [o.__dict__ for o in self.overlaps],
        }


class _Clock:
    """Wall and CPU seconds per step (CPU counts every thread)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[name] = round(wall - self.wall, 4)
        self.timings[f"{name}_cpu"] = round(cpu - self.cpu, 4)
        self.wall, self.cpu = wall, cpu


def analyse(
    snapshot: CatalogueSnapshot,
    needs: Mapping[str, Any] | NeedsSpec,
    *,
    unfunded: Mapping[str, Sequence[str]] | None = None,
    checks: Sequence[str] = CHECKS,
    executor: Executor | None = None,
    awards: AwardEvidence | None = None,
) -> Analysis:
    """Run the checks named in ``checks`` (default all) and return findings sorted by severity.

    ``awards`` (``catalogue.awards.evidence_loader.build_evidence_snapshot``): findings from funded-project
    data (``analyser.gaps.award_holes.award_findings``); None or empty leaves the analysis as it was.

    With an ``executor`` (``web.startup.analysis_pool``) the text model counts in chunks on its threads
    and the overlap search runs beside the other checks; without one all runs in this thread."""
    unknown = set(checks) - set(CHECKS) - {"scores"}
    if unknown:
        raise ValueError(f"unknown checks {sorted(unknown)}; known: {', '.join(CHECKS)}")
    clock = _Clock()
    spec = parse_needs(needs)
    cols = Columns(snapshot.instruments)
    from analyser.matching.relevance import TextRelevance  # scikit-learn: imported when an analysis runs

    relevance = TextRelevance([i.text() for i in snapshot.instruments], executor=executor)
    clock.lap("text")
    scores = Scores(snapshot.barriers, snapshot.instruments, spec, relevance, cols)
    clock.lap("scores")
    findings, result = _run_checks(
        snapshot, spec, cols, relevance, scores, Pressure.of(snapshot, unfunded), set(checks), clock, executor
    )
    if awards is not None and not awards.empty and "awards" in checks:
        grid = [f for f in findings if f.kind == "grid-hole"]
        findings += award_findings(awards, snapshot, grid, Directory(snapshot))
        clock.lap("awards")
    findings.sort(key=lambda f: (-f.severity, KIND_ORDER.get(f.kind, 99), f.code))
    clock.lap("sort")
    return Analysis(
        findings=tuple(findings),
        scores=scores,
        spec=spec,
        unfunded=unfunded,
        ministries={a.code: a.ministry for a in snapshot.agencies if a.ministry},
        timings=clock.timings,
        **result,
    )


def _run_checks(
    snapshot: CatalogueSnapshot,
    spec: NeedsSpec,
    cols: Columns,
    relevance: TextRelevance,
    scores: Scores,
    pressure: Pressure,
    checks: set[str],
    clock: _Clock,
    executor: Executor | None,
) -> tuple[list[Finding], dict[str, Any]]:
    directory = Directory(snapshot)
    findings: list[Finding] = []
    result: dict[str, Any] = {}
    # the overlap search is mostly numpy, scipy and rapidfuzz (no GIL): with an executor it runs beside the
    # Python checks, without one after them
    pending = None
    if "overlaps" in checks:
        pending = submit(
            executor,
            find_overlaps,
            snapshot.instruments,
            relevance,
            scores.active,
            spec.thresholds.overlap,
            spec.thresholds.overlap_text,
        )
    if "barriers" in checks:
        findings += barrier_findings(scores, directory, pressure)
        clock.lap("barriers")
    if "consortia" in checks:
        findings += consortium_findings(scores, directory, pressure)
        clock.lap("consortia")
    if "grid" in checks:
        result["grid"] = build_grid(spec, cols, scores.active)
        findings += grid_findings(result["grid"], snapshot, cols, scores.active, directory, pressure)
        clock.lap("grid")
    if "pipelines" in checks:
        result["pipelines"] = build_pipelines(snapshot, spec, cols, scores.active)
        findings += pipeline_findings(result["pipelines"], spec, snapshot, directory, pressure)
        clock.lap("pipelines")
    if "coverage" in checks:
        result["coverage"] = {by: coverage_matrix(scores, by) for by in ("agency", "type")}
        clock.lap("coverage")
    if "portfolio" in checks:
        result["portfolio"] = portfolio(snapshot, scores, cols)
        clock.lap("portfolio")
    if pending is not None:
        found = pending.result()
        result["overlaps"] = tuple(found)
        findings += overlap_findings(found, {i.slug: i for i in snapshot.instruments}, directory)
        clock.lap("overlaps (rest)")
    return findings, result


def barrier_instruments(
    snapshot: CatalogueSnapshot, needs: Mapping[str, Any] | NeedsSpec
) -> dict[str, tuple[str, ...]]:
    """barrier code → slugs of the active instruments answering it, best first (used by report charts;
    the web app caches it per catalogue version: ``web.analysis.barrier_instruments``)."""
    scores = analyse(snapshot, needs, checks=("scores",)).scores
    return {code: tuple(scores.slugs[i] for i in scores.answering(code)) for code in scores.codes}
