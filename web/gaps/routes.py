"""Gaps (/gap): the analyser's findings filtered by kind, department and severity (full page or htmx
fragment), the same list as CSV and JSON, and one finding with its evidence (/gap/{code})."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from web.deps import LangDep, StateDep
from web.gaps.evidence import gap_detail_context
from web.gaps.view import GAP_URL, GapQuery, even_records, gap_list_context, gap_record
from web.lists import csv_download, json_download, list_page
from web.reviews.gap_records import gap_records_context
from web.templating import render

router = APIRouter()


@router.get(GAP_URL, include_in_schema=False)
def gap_list(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, ignored = GapQuery.from_params(request.query_params)
    return list_page(request, "gaps.html", query, gap_list_context(state, query, lang), ignored)


def _download(request: Request, state: StateDep, lang: str) -> tuple[GapQuery, int, list[dict[str, Any]]]:
    """(query, total, every matching finding as a record): what both downloads hold."""
    query, _ = GapQuery.from_params(request.query_params)
    context = gap_list_context(state, query, lang, all_rows=True)
    labels = state.labeller(lang)
    return (
        query,
        context["total"],
        [gap_record(f, context["analysis"], lang, labels) for f in context["items"]],
    )


@router.get(GAP_URL + ".json", include_in_schema=False)
def gap_list_json(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, total, records = _download(request, state, lang)
    return json_download({"total": total, "query": query.params(page=1), "items": records}, "gap.json")


@router.get(GAP_URL + ".csv", include_in_schema=False)
def gap_list_csv(request: Request, state: StateDep, lang: LangDep) -> Response:
    _, _, records = _download(request, state, lang)
    return csv_download(even_records(records), "gap.csv")


@router.get(GAP_URL + "/{code}", include_in_schema=False)
def gap_detail(request: Request, code: str, state: StateDep, lang: LangDep) -> Response:
    context = gap_detail_context(state, code, lang)
    if context is None:
        raise HTTPException(404, "no such gap")
    context |= gap_records_context(state, context["finding"], request.query_params)
    return render(request, "gap.html", context)
