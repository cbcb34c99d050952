"""Instrument pages: the list (full page or htmx fragment), its CSV/JSON downloads, the detail page."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from web.deps import LangDep, StateDep
from web.instruments.listing import LIST_PATH, ListQuery, instrument_list_context, instrument_record
from web.params import SlugPath
from web.templating import VARY, render

router = APIRouter()

# Blocks of instruments.html an htmx request may get (the server decides, never the client).
LIST_FRAGMENT = ("results", "facets", "status")


@router.get(LIST_PATH, include_in_schema=False)
def instrument_list(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, bad = ListQuery.from_params(request.query_params)
    context = instrument_list_context(state, query, lang)
    return render(
        request,
        "instruments.html",
        {**context, "bad_fields": bad},
        fragment=LIST_FRAGMENT,
        page_url=query.url(),
    )


@router.get(LIST_PATH + ".json", include_in_schema=False)
def instrument_list_json(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, _ = ListQuery.from_params(request.query_params)
    context = instrument_list_context(state, query, lang, all_rows=True)
    body = {
        "total": context["total"],
        "query": query.params(),
        "items": [instrument_record(i, lang) for i in context["items"]],
    }
    return JSONResponse(
        body, headers={"Content-Disposition": 'inline; filename="instrumenter.json"', "Vary": VARY}
    )


@router.get(LIST_PATH + ".csv", include_in_schema=False)
def instrument_list_csv(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, _ = ListQuery.from_params(request.query_params)
    context = instrument_list_context(state, query, lang, all_rows=True)
    return Response(
        to_csv([instrument_record(i, lang) for i in context["items"]]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="instrumenter.csv"', "Vary": VARY},
    )


@router.get(LIST_PATH + "/{slug}", include_in_schema=False)
def instrument_detail(request: Request, slug: SlugPath, state: StateDep) -> Response:
    instrument = state.index.get(slug)
    if instrument is None:
        raise HTTPException(404, "instrument not found")
    snapshot = state.snapshot
    return render(
        request,
        "instrument.html",
        {
            "i": instrument,
            "agencies": [a for code in instrument.all_agencies if (a := snapshot.agency(code))],
        },
    )


def to_csv(records: list[dict[str, object]]) -> str:
    """Records as CSV (lists joined with "; ", unknown as empty), with a BOM so spreadsheets read UTF-8."""
    buf = io.StringIO()
    buf.write("\ufeff")
    if not records:
        return buf.getvalue()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        writer.writerow(
            {
                k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                for k, v in r.items()
            }
        )
    return buf.getvalue()
