"""The FastAPI application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from catalogue.db import database_url, engine_for
from web.routes import instruments

WEB_DIR = Path(__file__).resolve().parent


def create_app(db_url: str | None = None) -> FastAPI:
    app = FastAPI(title="Verkemiddelkart", version="0.1.0", docs_url="/api/v1/docs",
                  openapi_url="/api/v1/openapi.json")
    app.state.engine = engine_for(db_url or database_url())
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.include_router(instruments.router)
    return app
