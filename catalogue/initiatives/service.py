"""Writing county initiatives and time and resource plans: who may, optimistic locking, audit and revert.

- A county editor (or an admin) submits and changes the initiatives and milestones of their county.
- The working group (or an admin) comments on initiatives, merges one into another (the merged one keeps
  its row, comments and history and points to the result) and marks initiatives as proposed to the
  minister.
- Every write names the version it read (a stale one raises ``VersionConflict``: 409) and leaves one
  ``InitiativeAudit`` entry with each changed field before and after. ``revert`` undoes an update, a
  merge or a proposal when no later change touched the same fields.

Services only flush; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue import errors
from catalogue.accounts.roles import Actor
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.initiatives import repository as repo
from catalogue.initiatives.models import Initiative, InitiativeAudit, InitiativeComment, Milestone
from catalogue.initiatives.schemas import CommentIn, InitiativeIn, MilestoneIn
from catalogue.instruments.models import County

Row = Initiative | Milestone
M = TypeVar("M", bound=BaseModel)
WORKING_GROUP_ACTIONS = ("merge", "propose", "unpropose")
REVERTIBLE = ("update", "merge", "propose", "unpropose", "revert")


class VersionConflict(errors.Conflict):
    """Someone else changed the record since it was read; nothing was written."""

    def __init__(self, subject: str, expected: int, current: int | None, theirs: dict[str, Any] | None):
        self.expected, self.current, self.theirs = expected, current, theirs
        self.subject = subject
        super().__init__(
            "Someone else changed this after you read it (you read version %(expected)s; it is now at "
            "version %(current)s). Nothing was saved.",
            expected=expected,
            current=current,
        )

    def details(self) -> dict[str, Any]:
        return {"expected_version": self.expected, "current_version": self.current, "theirs": self.theirs}


def validate(schema: type[M], data: dict[str, Any], record: str) -> M:
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation("(form)", record, exc)) from exc


def _record(row: Row) -> dict[str, Any]:
    return repo.initiative_record(row) if isinstance(row, Initiative) else repo.milestone_record(row)


def _subject(row: Row) -> str:
    return "initiative" if isinstance(row, Initiative) else "milestone"


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    before = before or {}
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# ---- permissions -------------------------------------------------------------------------------------


def require_county(actor: Actor | None, county: str) -> Actor:
    if actor is None:
        raise errors.Forbidden("Log in to change initiatives and plans.")
    if not actor.may_act_for_county(county):
        raise errors.Forbidden("Only the county's own editors may change its initiatives and plan.")
    return actor


def require_working_group(actor: Actor | None) -> Actor:
    if actor is None:
        raise errors.Forbidden("Log in to change initiatives and plans.")
    if not actor.in_working_group:
        raise errors.Forbidden("Only the working group may comment on, merge and propose initiatives.")
    return actor


def _check_county_exists(session: Session, code: str) -> None:
    if session.get(County, code) is None:
        raise InputError([Problem("(form)", "(record)", "county", f"no county with code {code!r}")])


# ---- writing -----------------------------------------------------------------------------------------


def _audit(
    session: Session, row: Row, action: str, changes: dict[str, Any], actor: Actor, note: str | None = None
) -> InitiativeAudit:
    return repo.add_audit(
        session,
        subject=_subject(row),
        subject_id=row.id,
        county=row.county_code,
        action=action,
        changes=changes,
        version=row.version,
        user_id=actor.user_id,
        user_email=actor.email,
        note=note,
    )


def _write(session: Session, row: Row, values: dict[str, Any], expected: int) -> dict[str, list[Any]]:
    """Apply record fields at ``expected`` version and flush; return the diff (empty: nothing written)."""
    if row.version != expected:
        raise VersionConflict(_subject(row), expected, row.version, _record(row))
    before = _record(row)
    row_id, is_initiative = row.id, isinstance(row, Initiative)
    try:
        with session.begin_nested():
            repo.set_fields(row, values)
            changes = diff(before, _record(row))
            if changes:
                if isinstance(row, Initiative):
                    row.updated_at = dt.datetime.now(dt.UTC)
                session.flush()
    except StaleDataError as exc:
        now: Row | None = session.get(Initiative, row_id) if is_initiative else session.get(Milestone, row_id)
        raise VersionConflict(
            "initiative" if is_initiative else "milestone",
            expected,
            now.version if now else None,
            _record(now) if now else None,
        ) from exc
    return changes


def _initiative_or_404(session: Session, initiative_id: int) -> Initiative:
    row = repo.initiative(session, initiative_id)
    if row is None:
        raise errors.NotFound("There is no initiative with this number.")
    return row


def _milestone_or_404(session: Session, milestone_id: int) -> Milestone:
    row = repo.milestone(session, milestone_id)
    if row is None:
        raise errors.NotFound("There is no milestone with this number.")
    return row


def create_initiative(session: Session, data: dict[str, Any], actor: Actor | None) -> Initiative:
    rec = validate(InitiativeIn, data, "(initiative)")
    who = require_county(actor, rec.county)
    _check_county_exists(session, rec.county)
    now = dt.datetime.now(dt.UTC)
    row = Initiative(created_at=now, updated_at=now)
    repo.set_fields(row, rec.model_dump(mode="json"))
    session.add(row)
    session.flush()
    _audit(session, row, "create", diff(None, _record(row)), who)
    return row


def update_initiative(
    session: Session, initiative_id: int, data: dict[str, Any], expected: int, actor: Actor | None
) -> Initiative:
    row = _initiative_or_404(session, initiative_id)
    who = require_county(actor, row.county_code)
    rec = validate(InitiativeIn, {**data, "county": data.get("county", row.county_code)}, "(initiative)")
    require_county(who, rec.county)
    _check_county_exists(session, rec.county)
    if row.status in ("merged", "proposed"):
        if row.version != expected:
            raise VersionConflict("initiative", expected, row.version, _record(row))
        raise errors.Conflict(
            "A merged or proposed initiative is in the working group's hands; it cannot be changed."
        )
    changes = _write(session, row, rec.model_dump(mode="json"), expected)
    if changes:
        _audit(session, row, "update", changes, who)
    return row


def add_comment(
    session: Session, initiative_id: int, data: dict[str, Any], actor: Actor | None
) -> InitiativeComment:
    row = _initiative_or_404(session, initiative_id)
    who = require_working_group(actor)
    rec = validate(CommentIn, data, "(comment)")
    comment = InitiativeComment(
        initiative_id=row.id,
        user_id=who.user_id,
        user_email=who.email,
        at=dt.datetime.now(dt.UTC),
        text=rec.text,
    )
    session.add(comment)
    session.flush()
    _audit(session, row, "comment", {"comment": [None, rec.text]}, who)
    return comment


def merge(
    session: Session, initiative_id: int, into_id: int, expected: int, actor: Actor | None
) -> Initiative:
    """Merge an initiative into another: it becomes "merged" and points to the result; nothing is deleted."""
    who = require_working_group(actor)
    row = _initiative_or_404(session, initiative_id)
    target = repo.initiative(session, into_id)
    problem = _merge_problem(row, target)
    if problem:
        raise InputError([Problem("(form)", "(merge)", "into", problem)])
    assert target is not None
    changes = _write(
        session, row, {"status": "merged", "merged_into": target.id, "proposed_on": None}, expected
    )
    _audit(session, row, "merge", changes, who)
    _audit(session, target, "absorb", {"merged_from": [None, row.id]}, who)
    return target


def _merge_problem(row: Initiative, target: Initiative | None) -> str | None:
    if target is None:
        return "There is no initiative with this number."
    if target.id == row.id:
        return "an initiative cannot be merged into itself"
    if row.status == "merged":
        return "this initiative is already merged"
    if target.status in ("merged", "withdrawn"):
        return "the initiative to merge into is merged or withdrawn"
    return None


def propose(
    session: Session, initiative_id: int, proposed: bool, expected: int, actor: Actor | None, today: dt.date
) -> Initiative:
    """Mark as proposed to the minister (dated ``today``), or take the proposal back."""
    who = require_working_group(actor)
    row = _initiative_or_404(session, initiative_id)
    if row.status in ("merged", "withdrawn"):
        if row.version != expected:
            raise VersionConflict("initiative", expected, row.version, _record(row))
        raise errors.Conflict("A merged or withdrawn initiative cannot be proposed.")
    values: dict[str, Any] = (
        {"status": "proposed", "proposed_on": today.isoformat()}
        if proposed
        else {"status": "submitted", "proposed_on": None}
    )
    changes = _write(session, row, values, expected)
    if changes:
        _audit(session, row, "propose" if proposed else "unpropose", changes, who)
    return row


def create_milestone(session: Session, county: str, data: dict[str, Any], actor: Actor | None) -> Milestone:
    who = require_county(actor, county)
    _check_county_exists(session, county)
    rec = validate(MilestoneIn, data, "(milestone)")
    row = Milestone(county_code=county, created_at=dt.datetime.now(dt.UTC))
    repo.set_fields(row, rec.model_dump(mode="json"))
    session.add(row)
    session.flush()
    _audit(session, row, "create", diff(None, _record(row)), who)
    return row


def update_milestone(
    session: Session, milestone_id: int, data: dict[str, Any], expected: int, actor: Actor | None
) -> Milestone:
    row = _milestone_or_404(session, milestone_id)
    who = require_county(actor, row.county_code)
    rec = validate(MilestoneIn, data, "(milestone)")
    changes = _write(session, row, rec.model_dump(mode="json"), expected)
    if changes:
        _audit(session, row, "update", changes, who)
    return row


def revert(session: Session, entry_id: int, actor: Actor | None) -> Row:
    """Put back the values one recorded change replaced; a later change of the same fields is a conflict."""
    entry = repo.audit_entry(session, entry_id)
    if entry is None:
        raise errors.NotFound("There is no such change.")
    row: Row = (
        _initiative_or_404(session, entry.subject_id)
        if entry.subject == "initiative"
        else _milestone_or_404(session, entry.subject_id)
    )
    if entry.action in WORKING_GROUP_ACTIONS:
        who = require_working_group(actor)
    else:
        who = require_county(actor, row.county_code)
        if isinstance(row, Initiative) and row.status in ("merged", "proposed"):
            raise errors.Conflict(
                "A merged or proposed initiative is in the working group's hands; it cannot be changed."
            )
    if entry.action not in REVERTIBLE:
        raise errors.Conflict("This kind of change cannot be undone.")
    current = _record(row)
    touched = [f for f, (_, after) in entry.changes.items() if current.get(f) != after]
    if touched:
        raise errors.Conflict("A later change touched the same fields; undo that change first.")
    restored = {f: before for f, (before, _) in entry.changes.items()}
    changes = _write(session, row, restored, row.version)
    _audit(session, row, "revert", changes, who, note=f"revert of change {entry_id}")
    return row
