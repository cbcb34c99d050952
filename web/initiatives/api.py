"""JSON API of county initiatives and time and resource plans, under ``/api/v1``.

Log in with ``POST /api/v1/login`` and send its ``csrf_token`` as ``X-CSRF-Token`` on every write. Not
logged in: 401; not your county, or not in the working group: 403; stale version: 409 with the stored
record; bad input: 422 naming each field; too many writes: 429.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from catalogue.errors import NotFound
from catalogue.initiatives import loader, repository
from catalogue.initiatives import service as svc
from catalogue.initiatives.models import Initiative
from catalogue.initiatives.schemas import CommentIn, InitiativeIn, MilestoneIn
from web.accounts.security import UserDep
from web.deps import SessionDep
from web.editing.api import CsrfHeader
from web.initiatives import api_schemas as s
from web.initiatives.guard import write_actor
from web.initiatives.view import change_out, initiative_out, milestone_out
from web.params import CodePath

router = APIRouter(prefix="/api/v1", tags=["initiatives"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
WRITE: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not your county, not in the working group, or no CSRF token"},
    404: {"description": "No such record"},
    409: {"model": s.VersionConflictOut, "description": "Changed by someone else since you read it"},
    422: {"description": "Invalid input; each problem names its field"},
    429: {"description": "Too many writes in a short time"},
}


def today() -> dt.date:
    return dt.date.today()


def _initiative(session: Any, initiative_id: int, user: Any) -> dict[str, Any]:
    found = loader.load_initiative(session, initiative_id)
    if found is None:
        raise NotFound("There is no initiative with this number.")
    return initiative_out(found, show_authors=user is not None)


def _milestone(session: Any, milestone_id: int) -> dict[str, Any]:
    row = repository.milestone(session, milestone_id)
    if row is None:
        raise NotFound("There is no milestone with this number.")
    return milestone_out(loader.milestone_snap(row), today())


@router.get("/initiatives", response_model=list[s.InitiativeOut], summary="County initiatives")
def list_initiatives(
    session: SessionDep, user: UserDep, county: Annotated[str | None, Query(max_length=4)] = None
) -> list[dict[str, Any]]:
    return [
        initiative_out(i, show_authors=user is not None) for i in loader.load_initiatives(session, county)
    ]


@router.get("/initiatives/{initiative_id}", response_model=s.InitiativeOut, summary="One initiative")
def get_initiative(initiative_id: Id, session: SessionDep, user: UserDep) -> dict[str, Any]:
    return _initiative(session, initiative_id, user)


@router.post(
    "/initiatives",
    status_code=201,
    response_model=s.InitiativeOut,
    summary="Submit an initiative",
    responses=WRITE,
)
def create_initiative(
    body: InitiativeIn, request: Request, session: SessionDep, user: UserDep, x_csrf_token: CsrfHeader = None
) -> Any:
    who = write_actor(request, session, user, x_csrf_token)
    row = svc.create_initiative(session, body.model_dump(mode="json"), who)
    return JSONResponse(
        s.InitiativeOut.model_validate(_initiative(session, row.id, user)).model_dump(mode="json"),
        status_code=201,
    )


@router.put(
    "/initiatives/{initiative_id}",
    response_model=s.InitiativeOut,
    summary="Change an initiative",
    responses=WRITE,
)
def update_initiative(
    initiative_id: Id,
    body: s.InitiativeWrite,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> dict[str, Any]:
    who = write_actor(request, session, user, x_csrf_token)
    svc.update_initiative(session, initiative_id, body.initiative.model_dump(mode="json"), body.version, who)
    return _initiative(session, initiative_id, user)


@router.post(
    "/initiatives/{initiative_id}/comments",
    status_code=201,
    response_model=s.InitiativeOut,
    summary="Comment on an initiative (working group)",
    responses=WRITE,
)
def comment(
    initiative_id: Id,
    body: CommentIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    who = write_actor(request, session, user, x_csrf_token)
    svc.add_comment(session, initiative_id, body.model_dump(), who)
    out = s.InitiativeOut.model_validate(_initiative(session, initiative_id, user))
    return JSONResponse(out.model_dump(mode="json"), status_code=201)


@router.post(
    "/initiatives/{initiative_id}/merge",
    response_model=s.InitiativeOut,
    summary="Merge an initiative into another (working group); returns the result",
    responses=WRITE,
)
def merge(
    initiative_id: Id,
    body: s.MergeIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> dict[str, Any]:
    who = write_actor(request, session, user, x_csrf_token)
    target = svc.merge(session, initiative_id, body.into, body.version, who)
    return _initiative(session, target.id, user)


@router.post(
    "/initiatives/{initiative_id}/proposal",
    response_model=s.InitiativeOut,
    summary="Mark an initiative as proposed to the minister, or take it back (working group)",
    responses=WRITE,
)
def proposal(
    initiative_id: Id,
    body: s.ProposalIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> dict[str, Any]:
    who = write_actor(request, session, user, x_csrf_token)
    svc.propose(session, initiative_id, body.proposed, body.version, who, today())
    return _initiative(session, initiative_id, user)


@router.get(
    "/initiatives/{initiative_id}/history",
    response_model=list[s.ChangeOut],
    summary="Recorded steps, newest first",
)
def initiative_history(initiative_id: Id, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    _initiative(session, initiative_id, user)
    return [
        change_out(e, show_authors=user is not None)
        for e in loader.load_history(session, "initiative", initiative_id)
    ]


@router.post(
    "/initiative-history/{entry_id}/revert",
    summary="Undo one recorded change of an initiative or a milestone",
    responses=WRITE,
)
def revert(
    entry_id: Id, request: Request, session: SessionDep, user: UserDep, x_csrf_token: CsrfHeader = None
) -> dict[str, Any]:
    who = write_actor(request, session, user, x_csrf_token)
    row = svc.revert(session, entry_id, who)
    subject = "initiative" if isinstance(row, Initiative) else "milestone"
    return {"subject": subject, "id": row.id, "version": row.version}


@router.get(
    "/counties/{code}/milestones",
    response_model=list[s.MilestoneOut],
    summary="A county's time and resource plan",
)
def list_milestones(code: CodePath, session: SessionDep) -> list[dict[str, Any]]:
    return [milestone_out(m, today()) for m in loader.load_milestones(session, code)]


@router.post(
    "/counties/{code}/milestones",
    status_code=201,
    response_model=s.MilestoneOut,
    summary="Add a milestone to a county's plan",
    responses=WRITE,
)
def create_milestone(
    code: CodePath,
    body: MilestoneIn,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> Any:
    who = write_actor(request, session, user, x_csrf_token)
    row = svc.create_milestone(session, code, body.model_dump(mode="json"), who)
    out = s.MilestoneOut.model_validate(_milestone(session, row.id))
    return JSONResponse(out.model_dump(mode="json"), status_code=201)


@router.get("/milestones/{milestone_id}", response_model=s.MilestoneOut, summary="One milestone")
def get_milestone(milestone_id: Id, session: SessionDep) -> dict[str, Any]:
    return _milestone(session, milestone_id)


@router.put(
    "/milestones/{milestone_id}", response_model=s.MilestoneOut, summary="Change a milestone", responses=WRITE
)
def update_milestone(
    milestone_id: Id,
    body: s.MilestoneWrite,
    request: Request,
    session: SessionDep,
    user: UserDep,
    x_csrf_token: CsrfHeader = None,
) -> dict[str, Any]:
    who = write_actor(request, session, user, x_csrf_token)
    svc.update_milestone(session, milestone_id, body.milestone.model_dump(mode="json"), body.version, who)
    return _milestone(session, milestone_id)


@router.get(
    "/milestones/{milestone_id}/history", response_model=list[s.ChangeOut], summary="Recorded changes"
)
def milestone_history(milestone_id: Id, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    _milestone(session, milestone_id)
    return [
        change_out(e, show_authors=user is not None)
        for e in loader.load_history(session, "milestone", milestone_id)
    ]
