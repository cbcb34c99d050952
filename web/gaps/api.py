"""JSON API of the gap analysis: ``/api/v1/gaps`` (the same filters as the page /gap) and
``/api/v1/coverage`` (the heatmaps of /dekning with the instruments behind every cell)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Query, Request

from web.coverage.view import coverage_context, coverage_record
from web.deps import LangDep, StateDep
from web.gaps import api_schemas as s
from web.gaps.view import GapQuery, gap_list_context, gap_record

router = APIRouter(prefix="/api/v1", tags=["analysis"])
LangParam = Annotated[
    str | None, Query(alias="lang", description="nn (default), nb or en: titles and labels")
]


@router.get(
    "/gaps",
    response_model=s.GapListOut,
    response_model_exclude_none=True,
    summary="Gaps found by the analyser, most severe first",
)
def list_gaps(
    request: Request,
    state: StateDep,
    lang: LangDep,
    kind: Annotated[list[str], Query(description="Kind of gap (repeat for several)")] = [],  # noqa: B006
    department: Annotated[list[str], Query(description="Ministry code, e.g. NFD")] = [],  # noqa: B006
    severity: Annotated[list[str], Query(description="high, medium, low")] = [],  # noqa: B006
    _lang: LangParam = None,
) -> dict[str, object]:
    query, _ = GapQuery.from_params(request.query_params)
    context = gap_list_context(state, query, lang, all_rows=True)
    labels = state.labeller(lang)
    return {
        "total": context["total"],
        "all_total": context["all_total"],
        "items": [gap_record(f, context["analysis"], lang, labels) for f in context["items"]],
        "facets": {g.name: [dataclasses.asdict(v) for v in g.values] for g in context["facets"]},
    }


@router.get(
    "/coverage",
    response_model=s.CoverageOut,
    summary="Coverage of the barriers: barrier × agency and barrier × type",
)
def coverage(state: StateDep, lang: LangDep, _lang: LangParam = None) -> dict[str, object]:
    context = coverage_context(state, lang)
    return coverage_record(context["analysis"], context["heatmaps"])
