"""The web app as served in the benchmark, plus one bench-only route for comparison.

``create_app()`` is ``web.app.create_app()`` (so ``/api/v1/instruments`` is the real endpoint, same
process, same index) with ``/bench/instruments``: the same context and records as the API
(``web.listing.instrument_list_context`` / ``instrument_record``) written straight to JSON bytes, without
FastAPI's response-model re-validation. It shows what the API costs per request beyond the index.

The background warm-up of the gap analysis that ``web.app`` starts after start-up is switched off here:
at 100 000 instruments it runs for minutes, holds over 1 GB and competes with every request for the
interpreter, which would measure the analyser rather than search (set ``VK_BENCH_WARM=1`` to keep it).

    DATABASE_URL=sqlite:///var/bench/vk-10000.db .venv/bin/uvicorn --factory bench.search_app:create_app
"""

from __future__ import annotations

import dataclasses
import json
import os

from fastapi import FastAPI, Request
from fastapi.responses import Response

from web import app as web_app
from web.app import create_app as create_web_app
from web.listing import ListQuery, instrument_list_context, instrument_record


def create_app() -> FastAPI:
    if os.environ.get("VK_BENCH_WARM") != "1" and hasattr(web_app, "_warm_analysis"):
        web_app._warm_analysis = lambda state: None  # type: ignore[attr-defined]
    app = create_web_app()

    def instruments(request: Request) -> Response:
        query, _ = ListQuery.from_params(request.query_params)
        lang = request.state.lang
        context = instrument_list_context(request.app.state.catalogue, query, lang)
        body = {
            "total": context["total"], "page": context["page"], "pages": context["pages"],
            "per_page": query.per_page, "items": [instrument_record(i, lang) for i in context["items"]],
            "facets": {g.name: [dataclasses.asdict(v) for v in g.values] for g in context["facets"]},
            "suggestions": context["suggestions"],
        }
        return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
                        media_type="application/json")

    app.add_api_route("/bench/instruments", instruments, include_in_schema=False)
    return app
