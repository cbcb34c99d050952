"""What the coverage pages show (/dekning): barrier × agency and barrier × type heatmaps, and the
instruments behind one cell (/dekning/{barrier}/{column}). One context function per page feeds the HTML
page and ``/api/v1/coverage``.

A cell counts the active instruments that answer the barrier (``analyser.gaps.coverage``); an instrument
counts under its lead agency and every partner agency (county authorities together as FK), so a row's
cells can add up to more than the row's total of distinct instruments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyser.gaps.analyse import Analysis
from analyser.gaps.barriers import fold_agency
from analyser.gaps.coverage import CoverageMatrix
from analyser.lists import Page
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import BarrierSnap, InstrumentSnap
from web.analysis import gap_analysis
from web.lists import page_link
from web.state import CatalogueState

COVERAGE_URL = "/dekning"
MATRICES = ("agency", "type")
BINS = 5  # heat levels 1..5 above 0
CELL_PER_PAGE = 100


@dataclass(frozen=True)
class Cell:
    column: str
    count: int
    level: int  # 0 (none) .. BINS
    url: str


@dataclass(frozen=True)
class Row:
    barrier: BarrierSnap
    cells: tuple[Cell, ...]
    total: int  # distinct instruments answering the barrier
    total_url: str

    @property
    def answerable(self) -> bool:
        return self.barrier.answerable_by_instruments


@dataclass(frozen=True)
class Heatmap:
    by: str
    columns: tuple[tuple[str, str], ...]  # (code, label)
    rows: tuple[Row, ...]
    top: int  # largest cell count
    thresholds: tuple[int, ...]  # lowest count of each level 1..BINS

    @property
    def legend(self) -> list[tuple[int, int, int]]:
        """(level, lowest, highest count) of every level in use, level 0 (no instrument) first."""
        out = [(0, 0, 0)]
        cuts = self.thresholds
        for k, low in enumerate(cuts):
            high = cuts[k + 1] - 1 if k + 1 < len(cuts) else self.top
            if low <= self.top and high >= low:
                out.append((k + 1, low, high))
        return out


def level(count: int, thresholds: tuple[int, ...]) -> int:
    if count <= 0:
        return 0
    return max(k + 1 for k, low in enumerate(thresholds) if count >= low)


def thresholds_for(top: int) -> tuple[int, ...]:
    """Lowest count of each heat level: equal steps from 1 to the largest count."""
    if top <= BINS:
        return tuple(range(1, BINS + 1))
    return tuple(1 + round(k * (top - 1) / BINS) for k in range(BINS))


def _columns(matrix: CoverageMatrix, instruments: tuple[InstrumentSnap, ...]) -> tuple[str, ...]:
    """The matrix's columns, then agencies with active instruments that answer no barrier (zero columns)."""
    if matrix.by == "type":
        return tuple(v.TYPES)
    extra = sorted(
        {fold_agency(a) for i in instruments if i.status != "closed" for a in i.all_agencies}
        - set(matrix.columns)
    )
    return (*matrix.columns, *extra)


def heatmap(analysis: Analysis, state: CatalogueState, by: str, lang: str) -> Heatmap:
    matrix = analysis.coverage[by]
    snapshot = state.snapshot
    labels = state.labeller(lang)
    columns = _columns(matrix, snapshot.instruments)
    top = max((matrix.count(r, c) for r in matrix.rows for c in columns), default=0)
    cuts = thresholds_for(top)
    barriers = {b.code: b for b in snapshot.barriers}
    rows = []
    for code in matrix.rows:
        cells = tuple(Cell(c, n := matrix.count(code, c), level(n, cuts), cell_url(code, c)) for c in columns)
        rows.append(Row(barriers[code], cells, len(analysis.scores.answering(code)), cell_url(code)))
    names = tuple((c, labels.value("type" if by == "type" else "agency", c)) for c in columns)
    return Heatmap(by, names, tuple(rows), top, cuts)


def cell_url(barrier: str, column: str | None = None) -> str:
    return f"{COVERAGE_URL}/{barrier}" + (f"/{column}" if column else "")


def coverage_context(state: CatalogueState, lang: str) -> dict[str, Any]:
    analysis = gap_analysis(state)
    maps = {
        by: state.cached(("heatmap", by, lang), lambda by=by: heatmap(analysis, state, by, lang))
        for by in MATRICES
    }
    return {"heatmaps": maps, "analysis": analysis, "threshold": analysis.spec.thresholds.answer}


def cell_context(
    state: CatalogueState, barrier: str, column: str | None, lang: str, page: int = 1
) -> dict[str, Any] | None:
    """The instruments behind one cell (or, without ``column``, behind a barrier's row total), one page
    of ``CELL_PER_PAGE`` at a time, best score first."""
    analysis = gap_analysis(state)
    found = next((b for b in state.snapshot.barriers if b.code == barrier), None)
    if found is None:
        return None
    if column is None:
        by, slugs = None, tuple(analysis.scores.slugs[i] for i in analysis.scores.answering(barrier))
    else:
        by = "type" if column in v.TYPES else "agency"
        if by == "agency" and not any(fold_agency(a.code) == column for a in state.snapshot.agencies):
            return None
        slugs = analysis.coverage[by].cell(barrier, column)
    labels = state.labeller(lang)
    found_items = [i for slug in slugs if (i := state.index.get(slug))]
    shown = Page.of(page, CELL_PER_PAGE, len(found_items))
    items = state.cached(
        ("coverage-cell", barrier, column, shown.number),
        lambda: [(i, analysis.explain(barrier, i.slug)) for i in shown.slice(found_items)],
    )
    column_label = labels.value("type" if by == "type" else "agency", column) if column else None
    return {
        "barrier": found,
        "column": column,
        "by": by,
        "column_label": column_label,
        "items": items,
        "count": len(found_items),
        "page": shown,
        "page_link": page_link(cell_url(barrier, column)),
        "list_url": _list_url(by, column),
    }


def _list_url(by: str | None, column: str | None) -> str | None:
    """The instrument list filtered to the column (all its instruments, not only those answering)."""
    if by == "agency" and column:
        return f"/instrumenter?agency={column}"
    if by == "type" and column:
        return f"/instrumenter?type={column}"
    return None


def coverage_record(analysis: Analysis, maps: dict[str, Heatmap]) -> dict[str, Any]:
    """The matrices as plain data (``/api/v1/coverage``): codes, counts and the instruments per cell."""
    out: dict[str, Any] = {"answer_threshold": analysis.spec.thresholds.answer, "matrices": []}
    for by, hm in maps.items():
        matrix = analysis.coverage[by]
        out["matrices"].append(
            {
                "by": by,
                "columns": [{"code": c, "label": label} for c, label in hm.columns],
                "rows": [
                    {
                        "barrier": r.barrier.code,
                        "answerable": r.answerable,
                        "total": r.total,
                        "cells": [
                            {
                                "column": c.column,
                                "count": c.count,
                                "instruments": list(matrix.cell(r.barrier.code, c.column)),
                            }
                            for c in r.cells
                        ],
                    }
                    for r in hm.rows
                ],
            }
        )
    return out
