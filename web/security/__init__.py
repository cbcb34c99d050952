"""Web hardening: security headers, request limits, and database refusals as 422 (docs/security.md).

``install(app)`` (called once by ``web.app.create_app``) wraps the whole application, outside
Starlette's error middleware, so that even a 500 carries the security headers and an oversized body is
refused before any route runs; and maps SQLAlchemy's ``DataError`` (a value the database refuses, such
as a NUL byte in text on PostgreSQL) to 422.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from web.security.headers import SecurityHeaders
from web.security.limits import BodySizeLimit

log = logging.getLogger(__name__)


def install(app: FastAPI) -> None:
    build = app.build_middleware_stack

    def hardened_stack() -> ASGIApp:
        return SecurityHeaders(BodySizeLimit(build()))

    app.build_middleware_stack = hardened_stack  # type: ignore[method-assign]
    app.add_exception_handler(DataError, data_refused)  # type: ignore[arg-type]


async def data_refused(request: Request, exc: DataError) -> Response:
    """The database refused a value: the request was bad (422), not the server (500)."""
    from web.errors import http_error

    log.warning("database refused a value on %s: %s", request.url.path, exc.orig)
    detail = "a value in the request cannot be stored or looked up"
    return await http_error(request, StarletteHTTPException(422, detail))
