"""Instrument list and detail pages."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from catalogue import repository
from catalogue.snapshot import instrument_snap
from web.deps import SessionDep
from web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def instrument_list(request: Request, session: SessionDep) -> HTMLResponse:
    rows = [instrument_snap(r) for r in repository.list_instruments(session)]
    agencies = {a.code: a for a in repository.list_agencies(session)}
    return templates.TemplateResponse(request, "instruments.html", {"instruments": rows, "agencies": agencies})


@router.get("/instrument/{slug}", response_class=HTMLResponse)
def instrument_detail(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    row = repository.instrument_by_slug(session, slug)
    if row is None:
        raise HTTPException(404, "instrument not found")
    return templates.TemplateResponse(request, "instrument.html", {"i": instrument_snap(row)})
