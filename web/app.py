"""The FastAPI application factory.

``create_app(db_url)`` wires the catalogue state, the language middleware, static files, the offline
API docs and every router listed in ``ROUTERS`` (plus ``OPTIONAL_ROUTERS`` when their module exists).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from catalogue.db import database_url, engine_for
from catalogue.errors import DomainError
from catalogue.instruments.snapshot import CatalogueSnapshot
from web import errors
from web.i18n.middleware import LanguageMiddleware
from web.security import install as install_hardening
from web.state import CatalogueState
from web.templating import templates

WEB_DIR = Path(__file__).resolve().parent
SWAGGER = "/static/vendor/swagger-ui-5.17.14"

# Every router module of the app; a new page adds its module here (docs/web.md).
ROUTERS = (
    "web.site.home",
    "web.instruments.routes",
    "web.instruments.feeds",
    "web.site.lang",
    "web.instruments.api",
    "web.reports.routes",
    "web.editing.router",
    "web.progress.routes",
    "web.progress.status_routes",
    "web.paths.routes",
    "web.paths.history",
    "web.coverage.routes",
    "web.gaps.routes",
    "web.gaps.api",
    "web.opendata.routes",
    "web.review.routes",
    "web.initiatives.api",
    "web.initiatives.routes",
    "web.initiatives.plan_routes",
    "web.awards.routes",
    "web.awards.api",
    "web.reviews.routes",
    "web.cases.routes",
)
# Routers other helpers are writing; included when the module exists.
OPTIONAL_ROUTERS = ("web.paths.api",)

API_DESCRIPTION = """Read-only JSON API of the Verkemiddelkart catalogue.

`/api/v1/instruments` takes the same query parameters as the HTML list `/instrumenter` (repeat a facet
parameter to allow several values) and returns the matching instruments with facet counts."""


def create_app(db_url: str | None = None, *, snapshot: CatalogueSnapshot | None = None) -> FastAPI:
    """The app over the database at ``db_url`` (default: DATABASE_URL or the embedded SQLite file).

    ``snapshot`` replaces the database as the source of the catalogue (benchmarks, tests).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.catalogue.index  # build the snapshot and index before the first request  # noqa: B018
        threading.Thread(target=_warm_analysis, args=(app.state.catalogue,), daemon=True).start()
        yield

    app = FastAPI(
        title="Verkemiddelkart API",
        version="1.0.0",
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.engine = engine_for(db_url or database_url())
    app.state.catalogue = CatalogueState(app.state.engine, snapshot)
    app.add_middleware(LanguageMiddleware)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.add_api_route("/api/v1/docs", api_docs, include_in_schema=False)
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    for name in OPTIONAL_ROUTERS:
        if importlib.util.find_spec(name) is not None:
            app.include_router(importlib.import_module(name).router)
    # Errors → answers (web/errors.py): JSON for the API, an alert for htmx, the error page otherwise.
    app.add_exception_handler(StarletteHTTPException, errors.http_error)
    app.add_exception_handler(DomainError, errors.domain_error)
    app.add_exception_handler(errors.FormRejected, errors.form_rejected)
    install_hardening(app)  # security headers, body size limit, DataError → 422 (web/security/)
    return app


WARM_ANALYSIS_MAX_INSTRUMENTS = 20_000


def _warm_analysis(state: CatalogueState) -> None:
    """Compute the gap analysis in the background at start-up, so the first visitor of /gap or /dekning
    does not wait for it (it is cached per catalogue generation). Above ``WARM_ANALYSIS_MAX_INSTRUMENTS``
    it is left to the first request: at 100k instruments it would hold the interpreter and >1 GB while
    search requests are being served."""
    if len(state.snapshot.instruments) > WARM_ANALYSIS_MAX_INSTRUMENTS:
        return
    try:
        from web.analysis import gap_analysis

        gap_analysis(state)
    except Exception:  # noqa: BLE001 - warming is an optimisation; the page computes it on demand
        logging.getLogger(__name__).exception("warming the gap analysis failed")


def api_docs() -> HTMLResponse:
    """Swagger UI from the vendored copy: works with no internet. Its start script is a static file
    (``web/static/swagger-init.js``), so the page runs under the site's Content-Security-Policy."""
    return HTMLResponse(templates.env.get_template("api_docs.html").render(swagger=SWAGGER))
