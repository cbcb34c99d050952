"""Portfolio figures per barrier and per mission: how many instruments and agencies answer it, and how
diverse the answer is across instrument types × funding forms.

Diversity follows the policy-mix literature's use of ecological diversity measures (Stirling 2007: variety,
balance; Shannon and Simpson indices). Each instrument in the set spreads a weight of 1 evenly over its
(type, funding form) cells; p_k is cell k's share of the total weight, over K = 3 types × 8 funding forms
= 24 possible cells.

- variety S: number of cells with weight;
- Shannon H = −Σ p_k ln p_k; Hill number N1 = exp(H), the "effective number" of instrument kinds;
- Gini–Simpson D = 1 − Σ p_k², the chance that two units of support drawn at random are of different kinds;
- balance (Pielou) J = H / ln S (1 = evenly spread over the kinds used; 0 when S ≤ 1);
- diversity = H / ln K in 0..1: variety and balance over the whole toolbox, the index used in reports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from analyser.gaps.barriers import fold_agency
from analyser.matching.columns import Columns
from analyser.matching.scoring import Scores
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import CatalogueSnapshot

CELLS = len(v.TYPES) * len(v.FUNDING_FORMS)


@dataclass(frozen=True)
class PortfolioFigure:
    kind: str  # barrier | mission
    key: str
    instruments: int
    agencies: tuple[str, ...]
    open_to_consortia: int
    partly_open_to_consortia: int
    types: dict[str, int] = field(default_factory=dict)
    funding_forms: dict[str, int] = field(default_factory=dict)
    variety: int = 0
    shannon: float = 0.0
    hill: float = 0.0
    gini_simpson: float = 0.0
    balance: float = 0.0
    diversity: float = 0.0

    @property
    def agency_count(self) -> int:
        return len(self.agencies)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "agency_count": self.agency_count}


def diversity_indices(weights: np.ndarray) -> dict[str, Any]:
    """The indices above for a vector (or matrix) of non-negative cell weights."""
    w = np.asarray(weights, dtype=np.float64).ravel()
    total = w.sum()
    if total <= 0:
        return {
            "variety": 0,
            "shannon": 0.0,
            "hill": 0.0,
            "gini_simpson": 0.0,
            "balance": 0.0,
            "diversity": 0.0,
        }
    p = w[w > 0] / total
    h = float(-(p * np.log(p)).sum())
    s = int(p.size)
    return {
        "variety": s,
        "shannon": round(h, 4),
        "hill": round(float(np.exp(h)), 4),
        "gini_simpson": round(float(1 - (p**2).sum()), 4),
        "balance": round(float(h / np.log(s)), 4) if s > 1 else 0.0,
        "diversity": round(float(h / np.log(CELLS)), 4),
    }


class Toolbox:
    """Per-instrument type and funding-form masks, for vectorised figures over any set of instruments."""

    def __init__(self, cols: Columns):
        types, forms = cols.has("types"), cols.has("funding_forms")
        empty = np.zeros(cols.n, dtype=bool)
        self.types = np.stack([types.get(t, empty) for t in v.TYPES], axis=1).astype(np.float64)
        self.forms = np.stack([forms.get(f, empty) for f in v.FUNDING_FORMS], axis=1).astype(np.float64)
        cells = self.types.sum(axis=1) * self.forms.sum(axis=1)
        self.weight = np.divide(1.0, cells, out=np.zeros_like(cells), where=cells > 0)
        self.open = cols.equals("consortium_eligibility", ["yes"])
        self.partly = cols.equals("consortium_eligibility", ["partial"])

    def figure(self, kind: str, key: str, idx: np.ndarray, agencies: tuple[str, ...]) -> PortfolioFigure:
        t, f, w = self.types[idx], self.forms[idx], self.weight[idx]
        cells = (t * w[:, None]).T @ f
        return PortfolioFigure(
            kind=kind,
            key=key,
            instruments=int(len(idx)),
            agencies=agencies,
            open_to_consortia=int(self.open[idx].sum()),
            partly_open_to_consortia=int(self.partly[idx].sum()),
            types={x: int(c) for x, c in zip(v.TYPES, t.sum(axis=0), strict=True) if c},
            funding_forms={x: int(c) for x, c in zip(v.FUNDING_FORMS, f.sum(axis=0), strict=True) if c},
            **diversity_indices(cells),
        )


def _agencies(snapshot: CatalogueSnapshot, idx: np.ndarray) -> tuple[str, ...]:
    return tuple(sorted({fold_agency(a) for i in idx for a in snapshot.instruments[i].all_agencies}))


def portfolio(snapshot: CatalogueSnapshot, scores: Scores, cols: Columns) -> tuple[PortfolioFigure, ...]:
    box = Toolbox(cols)
    out = []
    for k, code in enumerate(scores.codes):
        if not scores.rules[k].answerable:
            continue
        idx = scores.answering(code)
        out.append(box.figure("barrier", code, idx, _agencies(snapshot, idx)))
    missions = cols.has("missions")
    for mission in v.MISSIONS:
        idx = np.flatnonzero(scores.active & missions.get(mission, np.zeros(cols.n, dtype=bool)))
        out.append(box.figure("mission", mission, idx, _agencies(snapshot, idx)))
    return tuple(out)
