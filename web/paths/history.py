"""The recorded changes of a saved consortium: ``GET /api/v1/consortia/{slug}/history`` (newest first).

Who made a change is shown to logged-in users only, as in the history of instruments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from catalogue.consortia import service as consortia
from web.accounts.security import UserDep
from web.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["paths"])


class ConsortiumChange(BaseModel):
    id: int
    at: str = Field(description="When, in UTC (ISO 8601)")
    action: str = Field(description="create or update")
    user: str | None = Field(description="Who (e-mail), shown to logged-in users only; null for visitors")
    version: int = Field(description="The consortium's version after the change")
    changes: dict[str, list[Any]] = Field(description="{field: [before, after]} of every changed field")


@router.get(
    "/consortia/{slug}/history",
    response_model=list[ConsortiumChange],
    summary="Recorded changes of a saved consortium, newest first",
    responses={404: {"description": "No consortium with this slug"}},
)
def consortium_history(slug: str, session: SessionDep, user: UserDep) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "action": e.action,
            "user": e.user_email if user is not None else None,
            "version": e.version,
            "changes": e.changes,
        }
        for e in consortia.history(session, slug)
    ]
