"""The web app as served in the benchmark, plus one bench-only route for comparison.

``create_app()`` is ``web.app.create_app()`` (so ``/api/v1/instruments`` is the real endpoint, same
process, same index) with ``/bench/instruments-cold``: the same endpoint with the per-instrument JSON
cache (``web.instruments.api_encoding.InstrumentJsonCache``) switched off, so every record of every page
is built and encoded again. The benchmark cycles through a dozen search terms, so the real endpoint
serves its records from that cache; the cold route shows what a page costs when every record is new (a
long tail of queries).

The background warm-up of the gap analysis that ``web.app`` starts after start-up is switched off here:
at 100 000 instruments it runs for minutes, holds over 1 GB and competes with every request for the
interpreter, which would measure the analyser rather than search (set ``VK_BENCH_WARM=1`` to keep it).

    DATABASE_URL=sqlite:///var/bench/vk-10000.db .venv/bin/uvicorn --factory bench.search_app:create_app
"""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import Response

from web import app as web_app
from web.app import create_app as create_web_app
from web.deps import LangDep, StateDep
from web.instruments.api_encoding import InstrumentJsonCache, instrument_list_body
from web.instruments.listing import ListQuery, instrument_list_context


def create_app() -> FastAPI:
    if os.environ.get("VK_BENCH_WARM") != "1" and hasattr(web_app, "_warm_analysis"):
        web_app._warm_analysis = lambda state: None  # type: ignore[attr-defined]
    app = create_web_app()

    async def instruments_cold(
        query: Annotated[ListQuery, Query()], state: StateDep, lang: LangDep
    ) -> Response:
        context = instrument_list_context(state, query, lang)
        body = instrument_list_body(context, lang, InstrumentJsonCache(limit=0))
        return Response(body, media_type="application/json")

    app.add_api_route("/bench/instruments-cold", instruments_cold, include_in_schema=False)
    return app
