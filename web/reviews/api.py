"""JSON API of agency review items under /api/v1/reviews.

Reading is open; writing needs the log-in cookie (``POST /api/v1/login``) and its ``csrf_token`` as
``X-CSRF-Token``: 401 without log-in, 403 for another agency's instrument or a missing token, 409 with the
stored item when someone saved it since you read it, 422 naming each bad field, 429 past the write quota.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from catalogue.audit import records as audit
from catalogue.errors import NotFound
from catalogue.reviews import repository
from catalogue.reviews import service as reviews
from catalogue.reviews.models import AgencyReview
from web.accounts import security as sec
from web.accounts.security import UserDep
from web.deps import SessionDep
from web.editing.api import CsrfHeader
from web.reviews.api_schemas import (
    AUTH,
    REVERT_RESPONSES,
    RecordChange,
    RecordConflictOut,
    RevertIn,
    ReviewWrite,
    StoredReview,
)
from web.security.record_writes import record_quota, writer

router = APIRouter(prefix="/api/v1/reviews", tags=["reviews"])
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
LOG_IN = "log in to record a review"


def stored(row: AgencyReview) -> dict[str, Any]:
    return {
        "id": row.id,
        "version": row.version,
        "agency": row.agency_code,
        "review": reviews.review_record(row),
    }


def _row(session: Session, review_id: int) -> AgencyReview:
    row = repository.review_by_id(session, review_id)
    if row is None:
        raise NotFound("no such review item")
    return row


@router.get("", response_model=list[StoredReview], summary="Review items, newest decision first")
def list_reviews(
    session: SessionDep,
    agency: Annotated[list[str] | None, Query(max_length=20)] = None,
    instrument: Annotated[str | None, Query(max_length=120)] = None,
) -> list[dict[str, Any]]:
    return [stored(r) for r in repository.list_reviews(session, agencies=agency, instrument=instrument)]


@router.get("/{review_id}", response_model=StoredReview, summary="One review item with its version")
def get_review(review_id: IdPath, session: SessionDep) -> dict[str, Any]:
    return stored(_row(session, review_id))


@router.post(
    "",
    status_code=201,
    response_model=StoredReview,
    summary="Record a review item of one of your agency's instruments",
    responses={**AUTH, 422: {"description": "Invalid item; each problem names its field"}},
)
def create(
    body: ReviewWrite, request: Request, session: SessionDep, user: UserDep, x_csrf_token: CsrfHeader = None
) -> Any:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, x_csrf_token)
    record_quota(request, who)
    row = reviews.create_review(session, body.review.model_dump(mode="json"), who)
    return JSONResponse(stored(row), status_code=201)


@router.put(
    "/{review_id}",
    response_model=StoredReview,
    summary="Change a review item (send the version you read)",
    responses={
        **AUTH,
        404: {"description": "No such review item"},
        409: {"model": RecordConflictOut, "description": "Changed by someone else since you read it"},
        422: {"description": "Invalid item; each problem names its field"},
    },
)
def update(
    review_id: IdPath,
    body: ReviewWrite,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, x_csrf_token)
    record_quota(request, who)
    row, _ = reviews.update_review(session, review_id, body.review.model_dump(mode="json"), body.version, who)
    return stored(row)


@router.get(
    "/{review_id}/history", response_model=list[RecordChange], summary="Recorded changes, newest first"
)
def history(review_id: IdPath, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return change_list(session, "review", review_id, user is not None)


@router.post(
    "/{review_id}/history/{entry_id}/revert",
    response_model=StoredReview,
    summary="Put a review item back as it was before one of its recorded changes (send the version you read)",
    responses={**AUTH, **REVERT_RESPONSES},
)
def revert(
    review_id: IdPath,
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
    return stored(reviews.revert_review(session, review_id, entry_id, body.version, who))


def change_list(session: Session, kind: str, record_id: int, signed_in: bool) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "action": e.action,
            "user": e.user_email if signed_in else None,
            "version": e.version,
            "changes": e.changes,
        }
        for e in audit.history(session, kind, record_id)
    ]
