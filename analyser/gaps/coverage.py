"""Coverage matrices: barrier × agency and barrier × instrument type, with the instruments behind each cell.

A cell holds the active instruments that *answer* the barrier (``analyser.matching.scoring``: every
predicate held and score ≥ the answer threshold), best score first. An instrument counts under its lead
agency and every partner agency; county authorities (FK-xx) are folded into FK unless
``fold_counties=False``. The web heatmap shows ``counts`` and drills down to ``cell(barrier, column)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from analyser.gaps.barriers import fold_agency
from analyser.matching.scoring import Scores
from catalogue import vocabulary as v


@dataclass(frozen=True)
class CoverageMatrix:
    by: str  # agency | type
    rows: tuple[str, ...]  # barrier codes
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], tuple[str, ...]]  # (barrier, column) → instrument slugs
    strength: Mapping[tuple[str, str], float]  # best score in the cell

    def cell(self, barrier: str, column: str) -> tuple[str, ...]:
        return self.cells.get((barrier, column), ())

    def count(self, barrier: str, column: str) -> int:
        return len(self.cell(barrier, column))

    @property
    def counts(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(self.count(r, c) for c in self.columns) for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "counts": [list(r) for r in self.counts],
            "cells": {f"{r}|{c}": list(s) for (r, c), s in self.cells.items()},
            "strength": {f"{r}|{c}": s for (r, c), s in self.strength.items()},
        }


def _column_keys(scores: Scores, by: str, fold_counties: bool) -> list[tuple[str, ...]]:
    """Per instrument, the columns it counts under (cached on the Scores object)."""
    memo = scores.__dict__.setdefault("_coverage_keys", {})
    key = (by, fold_counties)
    if key not in memo:
        if by == "type":
            memo[key] = [inst.types for inst in scores.instruments]
        else:
            fold = fold_agency if fold_counties else str
            memo[key] = [
                tuple(dict.fromkeys(fold(a) for a in inst.all_agencies)) for inst in scores.instruments
            ]
    return memo[key]


def coverage_matrix(scores: Scores, by: str = "agency", *, fold_counties: bool = True) -> CoverageMatrix:
    if by not in ("agency", "type"):
        raise ValueError(f"coverage by {by!r}: use 'agency' or 'type'")
    keys_of = _column_keys(scores, by, fold_counties)
    slugs = scores.slugs
    cells: dict[tuple[str, str], list[str]] = {}
    strength: dict[tuple[str, str], float] = {}
    columns: dict[str, int] = {}
    for k, code in enumerate(scores.codes):
        answering = scores.answering(code)  # best score first, so each cell's first score is its best
        best = np.round(scores.score[k, answering], 4).tolist()
        for i, value in zip(answering.tolist(), best, strict=True):
            for col in keys_of[i]:
                cell = cells.get((code, col))
                if cell is None:
                    cell = cells[(code, col)] = []
                    strength[(code, col)] = value
                cell.append(slugs[i])
        for (row, col), cell in cells.items():
            if row == code:
                columns[col] = columns.get(col, 0) + len(cell)
    if by == "type":
        order = tuple(v.TYPES)
    else:
        order = tuple(sorted(columns, key=lambda c: (-columns[c], c)))
    return CoverageMatrix(
        by=by,
        rows=scores.codes,
        columns=order,
        cells={key: tuple(found) for key, found in cells.items()},
        strength=strength,
    )
