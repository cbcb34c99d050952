"""Instrument pages: the list (full page or htmx fragment), its CSV/JSON downloads, the detail page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from web.awards.instrument import funding_context
from web.deps import LangDep, SessionDep, StateDep
from web.instruments.listing import LIST_PATH, ListQuery, instrument_list_context, instrument_record
from web.lists import csv_download, json_download, list_page
from web.opendata.negotiation import preferred_rdf
from web.opendata.routes import instrument_file
from web.params import SlugPath
from web.templating import VARY, render

router = APIRouter()


@router.get(LIST_PATH, include_in_schema=False)
def instrument_list(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, ignored = ListQuery.from_params(request.query_params)
    return list_page(request, "instruments.html", query, instrument_list_context(state, query, lang), ignored)


def _download(request: Request, state: StateDep, lang: str) -> tuple[ListQuery, int, list[dict[str, Any]]]:
    """(query, total, every matching instrument as a record): what both downloads hold."""
    query, _ = ListQuery.from_params(request.query_params)
    context = instrument_list_context(state, query, lang, all_rows=True)
    return query, context["total"], [instrument_record(i, lang) for i in context["items"]]


@router.get(LIST_PATH + ".json", include_in_schema=False)
def instrument_list_json(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, total, records = _download(request, state, lang)
    return json_download({"total": total, "query": query.params(), "items": records}, "instrumenter.json")


@router.get(LIST_PATH + ".csv", include_in_schema=False)
def instrument_list_csv(request: Request, state: StateDep, lang: LangDep) -> Response:
    _, _, records = _download(request, state, lang)
    return csv_download(records, "instrumenter.csv")


@router.get(LIST_PATH + "/{slug}", include_in_schema=False)
def instrument_detail(
    request: Request, slug: SlugPath, state: StateDep, session: SessionDep, lang: LangDep
) -> Response:
    """The page, or the instrument as CPSV-AP-NO RDF when ``Accept`` prefers Turtle or JSON-LD."""
    instrument = state.index.get(slug)
    if instrument is None:
        raise HTTPException(404, "instrument not found")
    rdf_format = preferred_rdf(request.headers.get("accept"))
    if rdf_format is not None:
        response = instrument_file(state, slug, rdf_format)
    else:
        snapshot = state.snapshot
        response = render(
            request,
            "instrument.html",
            {
                "i": instrument,
                "agencies": [a for code in instrument.all_agencies if (a := snapshot.agency(code))],
                **funding_context(session, instrument.id, state.labeller(lang)),
            },
        )
    response.headers["Vary"] = VARY + ", Accept"
    return response
