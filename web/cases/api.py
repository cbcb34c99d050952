"""JSON API of listening-post cases under /api/v1/cases (writes as for review items: cookie + X-CSRF-Token;
401, 403 for a county not yours, 409, 422 naming the field, 429)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from analyser.cases.counting import CaseFilter, by_barrier, select, tally
from catalogue.cases import repository
from catalogue.cases import service as cases
from catalogue.cases.loader import load_cases
from catalogue.cases.models import ListeningCase
from catalogue.errors import NotFound
from web.accounts import security as sec
from web.accounts.security import UserDep
from web.cases.api_schemas import CaseCounts, CaseWrite, StoredCase
from web.deps import SessionDep
from web.editing.api import CsrfHeader
from web.reviews.api import change_list
from web.reviews.api_schemas import AUTH, REVERT_RESPONSES, RecordChange, RecordConflictOut, RevertIn
from web.security.record_writes import record_quota, writer

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
LOG_IN = "log in to record a case"
CountyQuery = Annotated[str | None, Query(max_length=10, description="County code")]
DateQuery = Annotated[dt.date | None, Query(description="YYYY-MM-DD, inclusive")]


def stored(row: ListeningCase) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, "agency": row.agency_code, "case": cases.case_record(row)}


def _row(session: Session, case_id: int) -> ListeningCase:
    row = repository.case_by_id(session, case_id)
    if row is None:
        raise NotFound("no such case")
    return row


@router.get("", response_model=list[StoredCase], summary="Cases, newest first (filter by county)")
def list_cases(session: SessionDep, county: CountyQuery = None) -> list[dict[str, Any]]:
    return [stored(c) for c in repository.list_cases(session, county=county)]


@router.get("/counts", response_model=CaseCounts, summary="Cases counted by year, stage, outcome and barrier")
def counts(
    session: SessionDep, county: CountyQuery = None, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    chosen = select(load_cases(session).cases, CaseFilter(county, start, end))
    return {
        "total": len(chosen),
        "by_barrier": by_barrier(chosen),
        "rows": [
            {"year": t.year, "stage": t.stage, "outcome": t.outcome, "count": t.count} for t in tally(chosen)
        ],
    }


@router.get("/{case_id}", response_model=StoredCase, summary="One case with its version")
def get_case(case_id: IdPath, session: SessionDep) -> dict[str, Any]:
    return stored(_row(session, case_id))


@router.post(
    "",
    status_code=201,
    response_model=StoredCase,
    summary="Record a listening-post case",
    responses={**AUTH, 422: {"description": "Invalid case; each problem names its field"}},
)
def create(
    body: CaseWrite, request: Request, session: SessionDep, user: UserDep, x_csrf_token: CsrfHeader = None
) -> Any:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, x_csrf_token)
    record_quota(request, who)
    row = cases.create_case(session, body.case.model_dump(mode="json"), who)
    return JSONResponse(stored(row), status_code=201)


@router.put(
    "/{case_id}",
    response_model=StoredCase,
    summary="Change a case (send the version you read)",
    responses={
        **AUTH,
        404: {"description": "No such case"},
        409: {"model": RecordConflictOut, "description": "Changed by someone else since you read it"},
        422: {"description": "Invalid case; each problem names its field"},
    },
)
def update(
    case_id: IdPath,
    body: CaseWrite,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, x_csrf_token)
    record_quota(request, who)
    row, _ = cases.update_case(session, case_id, body.case.model_dump(mode="json"), body.version, who)
    return stored(row)


@router.get("/{case_id}/history", response_model=list[RecordChange], summary="Recorded changes, newest first")
def history(case_id: IdPath, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return change_list(session, "case", case_id, user is not None)


@router.post(
    "/{case_id}/history/{entry_id}/revert",
    response_model=StoredCase,
    summary="Put a case back as it was before one of its recorded changes (send the version you read)",
    responses={**AUTH, **REVERT_RESPONSES},
)
def revert(
    case_id: IdPath,
    entry_id: IdPath,
    body: RevertIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, x_csrf_token)
    record_quota(request, who)
    return stored(cases.revert_case(session, case_id, entry_id, body.version, who))
