"""JSON API under /api/v1: instruments (same query as the HTML list), agencies, barriers, consortia."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from web.deps import LangDep, StateDep
from web.instruments import api_schemas as s
from web.instruments.api_encoding import InstrumentJsonCache, instrument_list_body
from web.instruments.listing import ListQuery, instrument_list_context, instrument_record
from web.params import SlugPath

router = APIRouter(prefix="/api/v1", tags=["catalogue"])
LangParam = Annotated[str | None, Query(description="nn (default), nb or en: names and labels")]


@router.get("/instruments", response_model=s.InstrumentList, summary="Search and filter instruments")
async def list_instruments(
    query: Annotated[ListQuery, Query()],
    state: StateDep,
    lang: LangDep,
    _lang: Annotated[str | None, Query(alias="lang", description="nn, nb or en")] = None,
) -> Response:
    """The body follows ``InstrumentList`` (documented in the OpenAPI schema); it is encoded by
    ``web.instruments.api_encoding`` rather than re-validated against the model, which cost more than the
    search itself (tests/web/test_api.py checks the body against the model). ``async``: the index answers in
    well under a millisecond, less than a thread-pool hop costs."""
    context = instrument_list_context(state, query, lang)
    cache = state.cached(("instrument-json",), InstrumentJsonCache)
    return Response(instrument_list_body(context, lang, cache), media_type="application/json")


@router.get(
    "/instruments/{slug}",
    response_model=s.Instrument,
    summary="One instrument",
    responses={404: {"description": "No instrument with this slug"}},
)
def get_instrument(
    slug: SlugPath, state: StateDep, lang: LangDep, _lang: LangParam = None
) -> dict[str, object]:
    instrument = state.index.get(slug)
    if instrument is None:
        raise HTTPException(404, "instrument not found")
    return instrument_record(instrument, lang)


@router.get("/agencies", response_model=list[s.Agency], summary="Agencies")
def list_agencies(state: StateDep, lang: LangDep, _lang: LangParam = None) -> list[dict[str, object]]:
    snapshot = state.snapshot
    counts = Counter(code for i in snapshot.instruments for code in i.all_agencies)
    return [
        {**dataclasses.asdict(a), "name": a.name(lang), "instruments": counts.get(a.code, 0)}
        for a in snapshot.agencies
    ]


@router.get("/barriers", response_model=list[s.Barrier], summary="Barriers consortia meet")
def list_barriers(state: StateDep, lang: LangDep, _lang: LangParam = None) -> list[dict[str, object]]:
    return [{**dataclasses.asdict(b), "title": b.title(lang)} for b in state.snapshot.barriers]


@router.get("/consortia", response_model=list[s.Consortium], summary="Industrial-symbiosis consortia")
def list_consortia(state: StateDep) -> list[dict[str, object]]:
    return [dataclasses.asdict(c) for c in state.snapshot.consortia]
