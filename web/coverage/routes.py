"""Coverage of the barriers (/dekning): heatmaps barrier × agency and barrier × type, and the instruments
behind each cell (/dekning/{barrier}/{column}) or behind a barrier's total (/dekning/{barrier})."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from web.coverage.view import COVERAGE_URL, cell_context, coverage_context
from web.deps import LangDep, StateDep
from web.params import BarrierPath, ColumnPath
from web.reviews.gap_records import barrier_cases_context
from web.templating import render

router = APIRouter()


@router.get(COVERAGE_URL, include_in_schema=False)
def coverage_page(request: Request, state: StateDep, lang: LangDep) -> Response:
    return render(request, "coverage.html", coverage_context(state, lang))


@router.get(COVERAGE_URL + "/{barrier}", include_in_schema=False)
def barrier_instruments(request: Request, barrier: BarrierPath, state: StateDep, lang: LangDep) -> Response:
    return _cell(request, state, barrier, None, lang)


@router.get(COVERAGE_URL + "/{barrier}/{column}", include_in_schema=False)
def cell_instruments(
    request: Request, barrier: BarrierPath, column: ColumnPath, state: StateDep, lang: LangDep
) -> Response:
    return _cell(request, state, barrier, column, lang)


def _cell(request: Request, state: StateDep, barrier: str, column: str | None, lang: str) -> Response:
    raw = request.query_params.get("page", "1")
    context = cell_context(state, barrier, column, lang, int(raw) if raw.isdigit() else 1)
    if context is None:
        raise HTTPException(404, "no such barrier or column")
    context |= barrier_cases_context(state, barrier, request.query_params)
    return render(request, "coverage_cell.html", context)
