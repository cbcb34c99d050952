"""Recording a dated status of a symbiosis (consortium) or an industrial area: HTML forms and a JSON twin.

- ``/progress/symbioses/{slug}/status`` and ``/progress/areas/{slug}/status``: the forms (GET), saving
  (POST; plain form post, htmx-enhanced). Log-in and CSRF as on the instrument edit pages: anonymous
  visitors are sent to the log-in page (GET) or refused with 401 (POST); a missing or foreign CSRF token
  is 403. Problems are shown at the field and nothing is stored; on success, 303 to the county page.
- ``POST /api/v1/progress/symbioses/{slug}/statuses`` and ``.../areas/{slug}/statuses``: the same with a
  ``SymbiosisStatusIn`` / ``AreaStatusIn`` body; log-in cookie and ``X-CSRF-Token`` as the write API.

- ``GET /api/v1/progress/symbioses/{slug}/status-history`` and ``.../areas/{slug}/status-history``: the
  audit entries of those writes (``status_audit``), newest first. Visible as the instrument history is: to
  everyone, with the e-mail of who wrote shown to logged-in users only.

Any logged-in editor or admin may record a status (symbioses and areas belong to no agency). A record on a
date that already has one is corrected in place; every write through the form or the API leaves a
``status_audit`` entry (who, when, the values before and after) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from catalogue.accounts.models import User
from catalogue.registers import service as registers_audit
from catalogue.registers.schemas import AreaStatusIn, SymbiosisStatusIn
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import SessionDep
from web.editing.api import CsrfHeader
from web.editing.routes import _login_needed, _status
from web.errors import reject
from web.params import SlugPath
from web.progress import status_form as sf

router = APIRouter()
api = APIRouter(prefix="/api/v1/progress", tags=["progress"])
TEMPLATE = "progress_status.html"


async def form_data(request: Request) -> FormData:
    """The posted form, read here so that the routes themselves can be plain ``def`` (thread pool)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def _target_or_404(session: Session, kind: sf.Kind, slug: str) -> sf.Target:
    found = sf.load_target(session, kind, slug)
    if found is None:
        raise HTTPException(
            404,
            "no symbiosis with this name"
            if kind.name == sf.SYMBIOSIS
            else "no industrial area with this name",
        )
    return found


def _form_page(request: Request, session: Session, kind: sf.Kind, slug: str, user: User | None) -> Response:
    found = _target_or_404(session, kind, slug)
    if user is None:
        return _login_needed(request)
    values = sf.values_from_snap(found.latest, kind, day=dt.date.today())
    return page(request, TEMPLATE, sf.form_context(session, found, values=values, errors={}))


def _save(
    request: Request, session: Session, kind: sf.Kind, slug: str, user: User | None, form: FormData
) -> Response:
    found = _target_or_404(session, kind, slug)
    if user is None:
        raise HTTPException(401, "log in to change the catalogue")
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    values = sf.values_from_form(form, kind)
    try:
        status = sf.validate(session, kind, sf.record_of(values))
    except sf.FormProblems as problems:
        errors = problems.messages(getattr(request.state, "lang", "nn"))
        ctx = sf.form_context(session, found, values=values, errors=errors)
        reject(page(request, TEMPLATE, ctx, status_code=_status(request, 422), fragment=("form",)))
    sf.record(session, kind, slug, status, user)
    saved = sf.load_target(session, kind, slug)
    return redirect(request, (saved or found).back_url)


@router.get("/progress/symbioses/{slug}/status", include_in_schema=False)
def symbiosis_form(request: Request, slug: SlugPath, session: SessionDep, user: UserDep) -> Response:
    return _form_page(request, session, sf.KINDS[sf.SYMBIOSIS], slug, user)


@router.post("/progress/symbioses/{slug}/status", include_in_schema=False)
def symbiosis_submit(
    request: Request, slug: SlugPath, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    return _save(request, session, sf.KINDS[sf.SYMBIOSIS], slug, user, form)


@router.get("/progress/areas/{slug}/status", include_in_schema=False)
def area_form(request: Request, slug: SlugPath, session: SessionDep, user: UserDep) -> Response:
    return _form_page(request, session, sf.KINDS[sf.AREA], slug, user)


@router.post("/progress/areas/{slug}/status", include_in_schema=False)
def area_submit(
    request: Request, slug: SlugPath, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    return _save(request, session, sf.KINDS[sf.AREA], slug, user, form)


# ---- JSON API -----------------------------------------------------------------------------------------


def _writer(request: Request, user: UserDep, x_csrf_token: CsrfHeader = None) -> User:
    """Log-in (401) and CSRF header (403) before anything else, as the write API does."""
    if user is None:
        raise HTTPException(401, "log in to change the catalogue", headers={"WWW-Authenticate": "Cookie"})
    sec.check_csrf(request, x_csrf_token)
    return user


WriterDep = Annotated[User, Depends(_writer)]


class RecordedBase(BaseModel):
    slug: str = Field(description="The consortium or industrial area")
    county: str | None = Field(
        description="Code of the county whose page (/progress/{county}) shows it; "
        "null for a symbiosis placed in no county"
    )
    corrected: bool = Field(
        description="true: the record already on this date was corrected (200); "
        "false: a new record was added (201)"
    )


class SymbiosisStatusRecorded(RecordedBase):
    record: SymbiosisStatusIn


class AreaStatusRecorded(RecordedBase):
    record: AreaStatusIn


INVALID = (
    "Invalid record: a body the schema refuses (a value outside the vocabulary, a date not written "
    "YYYY-MM-DD, ...; FastAPI's `detail` list), or an unknown industrial area (`detail`: "
    '`[{"field", "message"}]`, as in the write API)'
)


def _responses(model: type[BaseModel], missing: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"model": model, "description": "The record already on this date was corrected"},
        401: {"description": "Not logged in"},
        403: {"description": "No or wrong CSRF token (X-CSRF-Token)"},
        404: {"description": missing},
        422: {"description": INVALID},
    }


def _api_record(
    session: Session, kind: sf.Kind, slug: str, body: SymbiosisStatusIn | AreaStatusIn, user: User
) -> Response:
    if not sf.exists(session, kind, slug):
        raise HTTPException(
            404,
            "no symbiosis with this name"
            if kind.name == sf.SYMBIOSIS
            else "no industrial area with this name",
        )
    try:
        status = sf.validate(session, kind, body.model_dump())
    except sf.FormProblems as problems:
        return JSONResponse({"detail": problems.as_api()}, status_code=422)
    corrected = sf.record(session, kind, slug, status, user)
    saved = sf.load_target(session, kind, slug)
    out = {
        "slug": slug,
        "county": saved.county if saved else None,
        "corrected": corrected,
        "record": status.model_dump(mode="json"),
    }
    return JSONResponse(out, status_code=200 if corrected else 201)


@api.post(
    "/symbioses/{slug}/statuses",
    status_code=201,
    response_model=SymbiosisStatusRecorded,
    summary="Record the status of a symbiosis (consortium) on a date",
    response_description="A new record",
    responses=_responses(SymbiosisStatusRecorded, "No consortium with this slug"),
)
def api_symbiosis_status(
    slug: SlugPath, body: SymbiosisStatusIn, session: SessionDep, user: WriterDep
) -> Response:
    """Adds a dated status record; a record already on ``recorded_on`` is corrected (the history keeps
    records of other dates). ``area``: slug of a registered industrial area, or null."""
    return _api_record(session, sf.KINDS[sf.SYMBIOSIS], slug, body, user)


@api.post(
    "/areas/{slug}/statuses",
    status_code=201,
    response_model=AreaStatusRecorded,
    summary="Record the status of an industrial area on a date",
    response_description="A new record",
    responses=_responses(AreaStatusRecorded, "No industrial area with this slug"),
)
def api_area_status(slug: SlugPath, body: AreaStatusIn, session: SessionDep, user: WriterDep) -> Response:
    """Adds a dated status record; a record already on ``recorded_on`` is corrected (the history keeps
    records of other dates). ``null`` = not stated."""
    return _api_record(session, sf.KINDS[sf.AREA], slug, body, user)


class StatusChange(BaseModel):
    id: int
    changed_at: str = Field(description="When it was written (UTC, ISO 8601)")
    action: Literal["added", "corrected"]
    recorded_on: dt.date = Field(description="The date of the status record written")
    user: str | None = Field(description="E-mail of who wrote it; shown to logged-in users only")
    before: dict[str, Any] | None = Field(description="The record's values it replaced; null when added")
    after: dict[str, Any] = Field(description="The record's values as written")


def _history(session: Session, kind: sf.Kind, slug: str, user: User | None) -> list[dict[str, Any]]:
    entries = registers_audit.status_history(session, kind.name, slug)
    if not entries and not sf.exists(session, kind, slug):
        raise HTTPException(
            404,
            "no symbiosis with this name"
            if kind.name == sf.SYMBIOSIS
            else "no industrial area with this name",
        )
    return [
        {
            "id": e.id,
            "changed_at": registers_audit.in_utc(e.changed_at).isoformat(),
            "action": e.action,
            "recorded_on": e.recorded_on,
            "user": e.user_email if user is not None else None,
            "before": e.before,
            "after": e.after,
        }
        for e in entries
    ]


HISTORY_DOC = (
    "Who added or corrected the dated status records, and the values a correction replaced; "
    "newest first. Open to all, like the instrument history; `user` is null unless you are "
    "logged in. Records loaded from the seeds have no entries."
)


@api.get(
    "/symbioses/{slug}/status-history",
    response_model=list[StatusChange],
    summary="Writes of the status records of a symbiosis, newest first",
    description=HISTORY_DOC,
    responses={404: {"description": "No consortium with this slug"}},
)
def api_symbiosis_status_history(slug: SlugPath, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return _history(session, sf.KINDS[sf.SYMBIOSIS], slug, user)


@api.get(
    "/areas/{slug}/status-history",
    response_model=list[StatusChange],
    summary="Writes of the status records of an industrial area, newest first",
    description=HISTORY_DOC,
    responses={404: {"description": "No industrial area with this slug"}},
)
def api_area_status_history(slug: SlugPath, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return _history(session, sf.KINDS[sf.AREA], slug, user)


router.include_router(api)
