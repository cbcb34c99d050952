"""JSON write API under /api/v1: create, update (with the version you read), delete, history, undo.

Log in with ``POST /api/v1/login`` (cookie) and send its ``csrf_token`` as ``X-CSRF-Token`` on every
write. Without login: 401; outside your own agency: 403; stale version: 409 with both versions; bad
record: 422 naming each field. The service raises those errors and web/errors.py answers them; the
request's session commits when a route returns (web/deps.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from catalogue.audit import repository as repository_audit
from catalogue.errors import NotFound
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.export import instrument_record
from web.accounts import security as sec
from web.accounts.security import UserDep
from web.deps import SessionDep
from web.editing.routes import revert_change
from web.params import SlugPath

router = APIRouter(prefix="/api/v1", tags=["editing"])
CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token", description="csrf_token from /api/v1/login")]
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not your agency, or no CSRF token"},
}


class InstrumentWrite(BaseModel):
    version: int = Field(ge=0, le=2**31 - 1, description="The version you read (optimistic locking)")
    instrument: InstrumentIn


class StoredInstrument(BaseModel):
    version: int
    instrument: dict[str, Any] = Field(description="The record, in the shape of imports and exports")


class Conflict(BaseModel):
    detail: str
    expected_version: int
    current_version: int | None
    mine: dict[str, Any]
    theirs: dict[str, Any] | None


class Change(BaseModel):
    id: int
    at: str
    action: str
    user: str | None = Field(description="Shown to logged-in users only")
    version: int | None
    note: str | None
    changes: dict[str, list[Any]]


def _guard(request: Request, user: Any, csrf: str | None) -> None:
    if user is None:
        raise HTTPException(401, "log in to change the catalogue")
    sec.check_csrf(request, csrf)


def _stored(session: Any, slug: str) -> dict[str, Any]:
    row = repository.instrument_by_slug(session, slug)
    assert row is not None
    return {"version": row.version, "instrument": instrument_record(row)}


@router.get(
    "/instruments/{slug}/record",
    response_model=StoredInstrument,
    summary="One instrument as stored, with its version (read before an update)",
    responses={404: {"description": "No instrument with this slug"}},
)
def get_record(slug: SlugPath, session: SessionDep) -> dict[str, Any]:
    if repository.instrument_by_slug(session, slug) is None:
        raise NotFound("instrument not found")
    return _stored(session, slug)


@router.post(
    "/instruments",
    status_code=201,
    response_model=StoredInstrument,
    summary="Add an instrument",
    responses={**AUTH, 422: {"description": "Invalid record"}},
)
def create(
    body: InstrumentIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    _guard(request, user, x_csrf_token)
    editing.create_instrument(session, body.model_dump(mode="json"), user)
    return JSONResponse(_stored(session, body.slug), status_code=201)


@router.put(
    "/instruments/{slug}",
    response_model=StoredInstrument,
    summary="Change an instrument",
    responses={
        **AUTH,
        404: {"description": "No instrument with this slug"},
        409: {"model": Conflict, "description": "Changed by someone else since you read it"},
        422: {"description": "Invalid record"},
    },
)
def update(
    slug: SlugPath,
    body: InstrumentWrite,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    _guard(request, user, x_csrf_token)
    if body.instrument.slug != slug:
        raise HTTPException(422, "the slug in the body differs from the one in the address")
    editing.update_instrument(session, slug, body.instrument.model_dump(mode="json"), body.version, user)
    return _stored(session, slug)


@router.delete(
    "/instruments/{slug}",
    status_code=204,
    summary="Remove an instrument",
    responses={
        **AUTH,
        404: {"description": "No instrument with this slug"},
        409: {"model": Conflict, "description": "Changed since you read it"},
    },
)
def delete(
    slug: SlugPath,
    request: Request,
    session: SessionDep,
    user: UserDep,
    version: Annotated[int, Query(ge=0, le=2**31 - 1)],
    x_csrf_token: CsrfHeader = None,
) -> Response:
    _guard(request, user, x_csrf_token)
    editing.delete_instrument(session, slug, version, user)
    return Response(status_code=204)


@router.get(
    "/instruments/{slug}/history", response_model=list[Change], summary="Recorded changes, newest first"
)
def history(slug: SlugPath, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "action": e.action,
            "version": e.version,
            "note": e.note,
            "user": e.user_email if user is not None else None,
            "changes": e.changes,
        }
        for e in editing.history(session, slug)
    ]


@router.post(
    "/history/{entry_id}/revert",
    response_model=StoredInstrument | None,
    summary="Undo one recorded change",
    responses={
        **AUTH,
        404: {"description": "No such change"},
        409: {"description": "A later change touched the same fields"},
    },
)
def revert(
    entry_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    _guard(request, user, x_csrf_token)
    entry = repository_audit.entry_by_id(session, entry_id)
    if entry is None:
        raise NotFound("no such change")
    slug = entry.instrument_slug
    row = revert_change(session, entry_id, user)
    return _stored(session, slug) if row is not None else None
