"""The front page: a search box and the ways into the catalogue."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from web.deps import LangDep, StateDep
from web.instruments.listing import ListQuery, instrument_list_context
from web.templating import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, state: StateDep, lang: LangDep) -> Response:
    context = instrument_list_context(state, ListQuery(per_page=1), lang)
    agencies = next(g for g in context["facets"] if g.name == "agency")
    return render(request, "home.html", {"total": context["total"], "agencies": agencies})
