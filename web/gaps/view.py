"""What the gap pages show (/gap, /gap/{code}): the analyser's findings, filtered by kind, department and
severity. ``gap_list_context`` feeds the HTML page, the htmx fragment, the CSV/JSON downloads and
``/api/v1/gaps``; ``gap_detail_context`` the detail page. The URL holds the filters (``GapQuery``).

A finding falls to a department when it names the department, or an agency the department steers (the
same rule as the department reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import QueryParams

from analyser.gaps.analyse import Analysis
from analyser.gaps.findings import KIND_WEIGHTS, Finding
from web.gaps.service import gap_analysis
from web.i18n.wording import ministry_name
from web.instruments.listing import FacetGroup, FacetValue
from web.state import CatalogueState

GAP_URL = "/gap"
SEVERITIES = ("high", "medium", "low")
DEPARTMENT_ORDER = ("NFD", "KLD", "KD", "KDD", "ED")
FACETS = ("kind", "department", "severity")
PER_PAGE = 50


class GapQuery(BaseModel):
    """Filters of the gap list (HTML page, downloads and API alike); values within a filter are OR-ed."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: list[str] = Field([], description="Kind of gap: " + ", ".join(KIND_WEIGHTS))
    department: list[str] = Field([], description="Ministry code, e.g. NFD, KLD, KD, KDD, ED")
    severity: list[str] = Field([], description="high, medium or low")
    page: int = Field(1, ge=1, le=10_000, description="Page of the HTML list (downloads hold every row)")

    @classmethod
    def from_params(cls, params: QueryParams) -> tuple[GapQuery, list[str]]:
        """Unknown values are dropped and named in the returned list."""
        data = {f: [x for x in params.getlist(f) if x] for f in FACETS}
        ok = {
            "kind": lambda x: x in KIND_WEIGHTS,
            "severity": lambda x: x in SEVERITIES,
            "department": lambda x: x.isalnum() and len(x) <= 12,
        }
        bad = sorted({f"{f}={x}" for f, xs in data.items() for x in xs if not ok[f](x)})
        raw_page = params.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and 1 <= int(raw_page) <= 10_000 else 1
        if page == 1 and raw_page not in ("1", ""):
            bad.append(f"page={raw_page}")
        return cls(**{f: [x for x in xs if ok[f](x)] for f, xs in data.items()}, page=page), bad

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        values = {**self.model_dump(), **changes}
        pairs = [(f, x) for f in FACETS for x in values[f]]
        return pairs + ([("page", str(values["page"]))] if values["page"] != 1 else [])

    def url(self, path: str = GAP_URL, **changes: Any) -> str:
        qs = urlencode(self.params(**changes))
        return f"{path}?{qs}" if qs else path

    def without(self, facet: str, value: str) -> str:
        return self.url(**{facet: [x for x in getattr(self, facet) if x != value], "page": 1})


def departments_of(finding: Finding, analysis: Analysis) -> tuple[str, ...]:
    """Departments a finding falls to: named directly, or steering a named agency."""
    found = set(finding.departments) | {
        analysis.ministries[a] for a in finding.agencies if a in analysis.ministries
    }
    return tuple(sorted(found, key=_department_key))


def _department_key(code: str) -> tuple[int, str]:
    return (DEPARTMENT_ORDER.index(code) if code in DEPARTMENT_ORDER else len(DEPARTMENT_ORDER), code)


@dataclass(frozen=True)
class Rows:
    """The findings with, per facet and value, the positions of the findings that have it (built once)."""

    findings: tuple[Finding, ...]
    departments: tuple[tuple[str, ...], ...]
    index: dict[str, dict[str, frozenset[int]]]

    def positions(self, chosen: dict[str, frozenset[str]], skip: str | None = None) -> frozenset[int] | None:
        """Positions matching every ticked facet except ``skip`` (OR within a facet); None = all."""
        out: frozenset[int] | None = None
        for facet, values in chosen.items():
            if facet == skip or not values:
                continue
            hit = frozenset().union(*(self.index[facet].get(v, frozenset()) for v in values))
            out = hit if out is None else out & hit
        return out


def rows_of(state: CatalogueState, analysis: Analysis) -> Rows:
    def build() -> Rows:
        deps = tuple(departments_of(f, analysis) for f in analysis.findings)
        index: dict[str, dict[str, set[int]]] = {f: {} for f in FACETS}
        for k, (f, ds) in enumerate(zip(analysis.findings, deps, strict=True)):
            index["kind"].setdefault(f.kind, set()).add(k)
            index["severity"].setdefault(f.severity_label, set()).add(k)
            for d in ds:
                index["department"].setdefault(d, set()).add(k)
        frozen = {f: {v: frozenset(ks) for v, ks in values.items()} for f, values in index.items()}
        return Rows(analysis.findings, deps, frozen)

    return state.cached(("gap-rows", id(analysis)), build)  # the analysis lives in the same cache


def facet_groups(rows: Rows, query: GapQuery, state: CatalogueState, lang: str) -> list[FacetGroup]:
    labels = state.labeller(lang)
    chosen = {f: frozenset(getattr(query, f)) for f in FACETS}
    groups = []
    for facet in FACETS:
        base = rows.positions(chosen, skip=facet)
        counts = {v: len(ks if base is None else ks & base) for v, ks in rows.index[facet].items()}
        order = {
            "kind": list(KIND_WEIGHTS),
            "severity": list(SEVERITIES),
            "department": sorted(rows.index["department"], key=_department_key),
        }[facet]
        ticked = chosen[facet]
        values = [
            FacetValue(x, facet_label(facet, x, labels, lang), counts.get(x, 0), x in ticked)
            for x in order
            if counts.get(x) or x in ticked
        ]
        groups.append(FacetGroup(facet, facet, values))
    return groups


def facet_label(facet: str, value: str, labels: Any, lang: str) -> str:
    if facet == "department":
        return ministry_name(value, lang)
    return str(labels.value("gap_kind" if facet == "kind" else "severity", value))


def gap_list_context(
    state: CatalogueState, query: GapQuery, lang: str, *, all_rows: bool = False
) -> dict[str, Any]:
    """The findings the filters keep (one page of them unless ``all_rows``), with facet counts."""
    analysis = gap_analysis(state)
    rows = rows_of(state, analysis)
    hit = rows.positions({f: frozenset(getattr(query, f)) for f in FACETS})
    matching = range(len(rows.findings)) if hit is None else sorted(hit)  # severity order kept
    pages = max(1, -(-len(matching) // PER_PAGE))
    page = min(query.page, pages)
    shown = matching if all_rows else matching[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "query": query,
        "findings": [rows.findings[k] for k in shown],
        "total": len(matching),
        "page": page,
        "pages": pages,
        "all_total": len(analysis.findings),
        "facets": facet_groups(rows, query, state, lang),
        "analysis": analysis,
        "departments": {rows.findings[k].code: rows.departments[k] for k in shown},
    }


def gap_url(code: str) -> str:
    return f"{GAP_URL}/{code}"


def gap_record(f: Finding, analysis: Analysis, lang: str, labels: Any) -> dict[str, Any]:
    """One finding as plain data (CSV, JSON, API): codes plus the texts in ``lang``."""
    ev = f.evidence
    return {
        "code": f.code,
        "url": gap_url(f.code),
        "kind": f.kind,
        "kind_label": labels.value("gap_kind", f.kind),
        "title": labels.text(f.title),
        "severity": f.severity,
        "severity_label": f.severity_label,
        "departments": list(departments_of(f, analysis)),
        "named_departments": list(f.departments),
        "agencies": list(f.agencies),
        "recommendation": labels.text(f.recommendation),
        "instruments": list(ev.get("instruments", [])),
        "barriers": list(ev.get("barriers", [])),
        "consortia": list(ev.get("consortia", [])),
        "needs": [
            n["need"] + (f"@{n['consortium']}" if n.get("consortium") else "") for n in ev.get("needs", [])
        ],
        "magnitude": f.magnitude,
        "pressure": f.pressure,
    }
