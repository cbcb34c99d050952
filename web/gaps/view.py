"""What the gap pages show (/gap, /gap/{code}): the analyser's findings, filtered by kind, department and
severity. ``gap_list_context`` feeds the HTML page, the htmx fragment, the CSV/JSON downloads and
``/api/v1/gaps``; ``gap_detail_context`` the detail page. The URL holds the filters (``GapQuery``).

A finding falls to a department when it names the department, or an agency the department steers (the
same rule as the department reports).
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from pydantic import Field
from starlette.datastructures import QueryParams

from analyser.gaps.analyse import Analysis
from analyser.gaps.findings import KIND_WEIGHTS, Finding
from analyser.lists import FacetIndex, Page
from web.analysis import gap_analysis
from web.i18n.labels import Labeller
from web.i18n.wording import ministry_name
from web.lists import FacetGroup, ListParams, facet_group
from web.state import CatalogueState

GAP_URL = "/gap"
SEVERITIES = ("high", "medium", "low")
DEPARTMENT_ORDER = ("NFD", "KLD", "KD", "KDD", "ED")
FACETS = ("kind", "department", "severity")
PER_PAGE = 50


class GapQuery(ListParams):
    """Filters of the gap list (HTML page, downloads and API alike); values within a filter are OR-ed."""

    PATH: ClassVar[str] = GAP_URL
    FACETS: ClassVar[tuple[str, ...]] = FACETS

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


def departments_of(finding: Finding, analysis: Analysis) -> tuple[str, ...]:
    """Departments a finding falls to: named directly, or steering a named agency."""
    found = set(finding.departments) | {
        analysis.ministries[a] for a in finding.agencies if a in analysis.ministries
    }
    return tuple(sorted(found, key=_department_key))


def _department_key(code: str) -> tuple[int, str]:
    return (DEPARTMENT_ORDER.index(code) if code in DEPARTMENT_ORDER else len(DEPARTMENT_ORDER), code)


def finding_facets(finding: Finding, analysis: Analysis) -> dict[str, tuple[str, ...]]:
    """The values a finding counts under, per facet."""
    return {
        "kind": (finding.kind,),
        "department": departments_of(finding, analysis),
        "severity": (finding.severity_label,),
    }


def gap_rows(state: CatalogueState, analysis: Analysis) -> FacetIndex[Finding]:
    """The findings with the bitsets of their facet values (built once per analysis)."""
    return state.cached(  # the analysis lives in the same cache
        ("gap-rows", id(analysis)),
        lambda: FacetIndex(analysis.findings, FACETS, partial(finding_facets, analysis=analysis)),
    )


def facet_groups(
    rows: FacetIndex[Finding],
    counts: dict[str, list[tuple[str, int]]],
    query: GapQuery,
    labels: Labeller,
    lang: str,
) -> list[FacetGroup]:
    """Kind, department and severity in their fixed orders, each counted without its own filter."""
    order = {
        "kind": list(KIND_WEIGHTS),
        "department": sorted(rows.bits.values["department"], key=_department_key),
        "severity": list(SEVERITIES),
    }
    return [
        facet_group(
            f,
            f,
            dict(counts[f]),
            getattr(query, f),
            partial(facet_label, f, labels=labels, lang=lang),
            order[f],
        )
        for f in FACETS
    ]


def facet_label(facet: str, value: str, *, labels: Labeller, lang: str) -> str:
    if facet == "department":
        return ministry_name(value, lang)
    return str(labels.value("gap_kind" if facet == "kind" else "severity", value))


def gap_list_context(
    state: CatalogueState, query: GapQuery, lang: str, *, all_rows: bool = False
) -> dict[str, Any]:
    """The findings the filters keep (one page of them unless ``all_rows``), with facet counts."""
    analysis = gap_analysis(state)
    rows = gap_rows(state, analysis)
    found = rows.select(query.filters())  # in the analysis' order: most severe first
    page = Page.of(query.page, PER_PAGE, len(found.positions))
    shown = found.positions if all_rows else page.slice(found.positions)
    return {
        "query": query,
        "items": [rows.items[k] for k in shown],
        "total": page.total,
        "page": page,
        "facets": facet_groups(rows, found.counts, query, state.labeller(lang), lang),
        "all_total": len(analysis.findings),
        "analysis": analysis,
        "departments": {rows.items[k].code: rows.values[k]["department"] for k in shown},
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
        **award_fields(f),
    }


def award_fields(f: Finding) -> dict[str, Any]:
    """For a finding from funded-project data: the sources (name and years) it rests on and its example
    awards; nothing for the other findings (their records stay as they were)."""
    if "sources" not in f.evidence:
        return {}
    return {
        "sources": [_source_line(s) for s in f.evidence["sources"]],
        "awards": [dict(a) for a in f.evidence.get("awards", [])],
        "awards_more": int(f.evidence.get("awards_more", 0)),
    }


def _source_line(s: dict[str, Any]) -> str:
    start, end = s.get("year_from"), s.get("year_to")
    if start is None:
        return str(s["name"])
    return f"{s['name']} ({start})" if end in (None, start) else f"{s['name']} ({start}–{end})"


def even_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every record with the same keys (CSV): when some carry award fields, the others get them empty; an
    award reads as its source and id ("fr-soknader:225956")."""
    if not any("sources" in r for r in records):
        return records
    empty = {"sources": [], "awards": [], "awards_more": 0}
    out = [{**r, **{k: v for k, v in empty.items() if k not in r}} for r in records]
    for r in out:
        r["awards"] = [f"{a['source']}:{a['ref']}" for a in r["awards"]]
    return out
