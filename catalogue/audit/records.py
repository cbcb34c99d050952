"""Audit history of the four-party cooperation's records (issue 18): agency review items and listening-post
cases. One row per write: who, when, which record, each changed field's value before and after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalogue.errors import Conflict, InputError, NotFound, Problem, problems_from_validation
from catalogue.instruments.models import Base

M = TypeVar("M", bound=BaseModel)

RECORD_KINDS = ("review", "case")
RECORD_ACTIONS = ("create", "update", "revert")
REVERTIBLE = ("update", "revert")  # a creation is not undone: records are never deleted


class RecordAudit(Base):
    __tablename__ = "record_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # RECORD_KINDS
    record_id: Mapped[int] = mapped_column(Integer, index=True)  # kept after the record goes
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    action: Mapped[str] = mapped_column(String(10))  # RECORD_ACTIONS
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {field: [before, after]}
    version: Mapped[int] = mapped_column(Integer)  # the record's version after the change


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field that differs."""
    before = before or {}
    return {
        k: [before.get(k), after.get(k)]
        for k in dict.fromkeys([*before, *after])
        if before.get(k) != after.get(k)
    }


def add(
    session: Session,
    *,
    kind: str,
    record_id: int,
    action: str,
    changes: dict[str, Any],
    version: int,
    user_id: int | None,
    user_email: str | None,
) -> RecordAudit:
    entry = RecordAudit(
        kind=kind,
        record_id=record_id,
        action=action,
        changes=changes,
        version=version,
        user_id=user_id,
        user_email=user_email,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(entry)
    return entry


def history(session: Session, kind: str, record_id: int) -> Sequence[RecordAudit]:
    """Newest first."""
    return session.scalars(
        select(RecordAudit)
        .where(RecordAudit.kind == kind, RecordAudit.record_id == record_id)
        .order_by(RecordAudit.id.desc())
    ).all()


def state_before(
    session: Session, kind: str, record_id: int, entry_id: int, current: dict[str, Any]
) -> dict[str, Any]:
    """The record as it was just before change ``entry_id``: ``current`` with every change from the newest
    back to that one taken back. NotFound when the change is not one of this record's; Conflict when it
    cannot be undone (the record's creation)."""
    entries = history(session, kind, record_id)
    chosen = next((e for e in entries if e.id == entry_id), None)
    if chosen is None:
        raise NotFound("There is no such change.")
    if chosen.action not in REVERTIBLE:
        raise Conflict("This kind of change cannot be undone.")
    state = dict(current)
    for entry in entries:
        if entry.id < entry_id:
            break
        for field, (before, _after) in entry.changes.items():
            state[field] = before
    return state


class RecordConflict(Conflict):
    """Someone else changed the record since it was read; nothing was written (409 with both versions)."""

    def __init__(self, kind: str, record_id: int, expected: int, current: int | None, theirs: Any) -> None:
        self.expected, self.current, self.theirs = expected, current, theirs
        super().__init__(
            "this record was changed by someone else (you edited version %(expected)s, it is now at "
            "version %(current)s); nothing was saved",
            expected=expected,
            current=current,
        )
        self.kind, self.record_id = kind, record_id

    def details(self) -> dict[str, Any]:
        return {"expected_version": self.expected, "current_version": self.current, "theirs": self.theirs}


def problems(file: str, record: str, found: dict[str, str]) -> list[Problem]:
    return [Problem(file, record, name, message) for name, message in found.items()]


def validated(model: type[M], data: dict[str, Any], file: str, record: str) -> M:
    """``data`` checked by ``model`` and its cross-field rules (``problems()``); InputError names each."""
    try:
        rec = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(file, record, exc)) from exc
    found: dict[str, str] = getattr(rec, "problems")()  # noqa: B009
    if found:
        raise InputError(problems(file, record, found))
    return rec
