"""Gaps (/gap): the analyser's findings filtered by kind, department and severity (full page or htmx
fragment), the same list as CSV and JSON, and one finding with its evidence (/gap/{code})."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from web.deps import LangDep, StateDep
from web.gaps.evidence import gap_detail_context
from web.gaps.view import GAP_URL, GapQuery, gap_list_context, gap_record
from web.instruments.routes import to_csv
from web.templating import VARY, render

router = APIRouter()
LIST_FRAGMENT = ("results", "filters", "status")


@router.get(GAP_URL, include_in_schema=False)
def gap_list(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, bad = GapQuery.from_params(request.query_params)
    context = gap_list_context(state, query, lang)
    return render(
        request, "gaps.html", {**context, "bad_values": bad}, fragment=LIST_FRAGMENT, page_url=query.url()
    )


def _records(request: Request, state: StateDep, lang: str) -> tuple[GapQuery, list[dict[str, object]]]:
    query, _ = GapQuery.from_params(request.query_params)
    context = gap_list_context(state, query, lang, all_rows=True)
    labels = state.labeller(lang)
    return query, [gap_record(f, context["analysis"], lang, labels) for f in context["findings"]]


@router.get(GAP_URL + ".json", include_in_schema=False)
def gap_list_json(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, records = _records(request, state, lang)
    body = {"total": len(records), "query": query.params(page=1), "items": records}
    return JSONResponse(body, headers={"Content-Disposition": 'inline; filename="gap.json"', "Vary": VARY})


@router.get(GAP_URL + ".csv", include_in_schema=False)
def gap_list_csv(request: Request, state: StateDep, lang: LangDep) -> Response:
    _, records = _records(request, state, lang)
    return Response(
        to_csv(records),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gap.csv"', "Vary": VARY},
    )


@router.get(GAP_URL + "/{code}", include_in_schema=False)
def gap_detail(request: Request, code: str, state: StateDep, lang: LangDep) -> Response:
    context = gap_detail_context(state, code, lang)
    if context is None:
        raise HTTPException(404, "no such gap")
    return render(request, "gap.html", context)
