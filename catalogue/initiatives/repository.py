"""Queries and writes of initiatives, comments, milestones and their audit history; the record shape
(``initiative_record`` / ``milestone_record``) is what the audit diffs and the API returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.initiatives.models import Initiative, InitiativeAudit, InitiativeComment, Milestone

# record field → column, where they differ
INITIATIVE_COLUMNS = {"county": "county_code", "merged_into": "merged_into_id"}
MILESTONE_COLUMNS = {"county": "county_code"}
INITIATIVE_FIELDS = (
    "county",
    "title",
    "challenge",
    "market_potential",
    "value_chains",
    "missions",
    "region",
    "municipalities",
    "partners",
    "links",
    "status",
    "merged_into",
    "proposed_on",
)
MILESTONE_FIELDS = ("county", "kind", "title", "owner", "due_on", "resources", "done_on")
DATE_FIELDS = ("proposed_on", "due_on", "done_on")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def initiative_record(row: Initiative) -> dict[str, Any]:
    return {f: _json(getattr(row, INITIATIVE_COLUMNS.get(f, f))) for f in INITIATIVE_FIELDS}


def milestone_record(row: Milestone) -> dict[str, Any]:
    return {f: _json(getattr(row, MILESTONE_COLUMNS.get(f, f))) for f in MILESTONE_FIELDS}


def set_fields(row: Initiative | Milestone, values: dict[str, Any]) -> None:
    """Set record fields (JSON shape: dates as ISO text) on a row."""
    columns = INITIATIVE_COLUMNS if isinstance(row, Initiative) else MILESTONE_COLUMNS
    for name, value in values.items():
        if name in DATE_FIELDS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        setattr(row, columns.get(name, name), value)


def initiative(session: Session, initiative_id: int) -> Initiative | None:
    return session.get(Initiative, initiative_id)


def milestone(session: Session, milestone_id: int) -> Milestone | None:
    return session.get(Milestone, milestone_id)


def list_initiatives(session: Session, county: str | None = None) -> Sequence[Initiative]:
    query = select(Initiative).order_by(Initiative.id)
    if county:
        query = query.where(Initiative.county_code == county)
    return session.scalars(query).all()


def list_comments(
    session: Session, initiative_ids: Sequence[int] | None = None
) -> Sequence[InitiativeComment]:
    query = select(InitiativeComment).order_by(InitiativeComment.id)
    if initiative_ids is not None:
        query = query.where(InitiativeComment.initiative_id.in_(initiative_ids))
    return session.scalars(query).all()


def list_milestones(session: Session, county: str | None = None) -> Sequence[Milestone]:
    query = select(Milestone).order_by(Milestone.due_on, Milestone.id)
    if county:
        query = query.where(Milestone.county_code == county)
    return session.scalars(query).all()


def add_audit(
    session: Session,
    *,
    subject: str,
    subject_id: int,
    county: str,
    action: str,
    changes: dict[str, Any],
    version: int | None,
    user_id: int | None,
    user_email: str | None,
    note: str | None = None,
) -> InitiativeAudit:
    entry = InitiativeAudit(
        subject=subject,
        subject_id=subject_id,
        county_code=county,
        action=action,
        changes=changes,
        version=version,
        user_id=user_id,
        user_email=user_email,
        note=note,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(entry)
    return entry


def audit_entry(session: Session, entry_id: int) -> InitiativeAudit | None:
    return session.get(InitiativeAudit, entry_id)


def history(session: Session, subject: str, subject_id: int) -> Sequence[InitiativeAudit]:
    """Newest first."""
    return session.scalars(
        select(InitiativeAudit)
        .where(InitiativeAudit.subject == subject, InitiativeAudit.subject_id == subject_id)
        .order_by(InitiativeAudit.id.desc())
    ).all()
