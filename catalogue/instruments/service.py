"""Changing instruments safely: permission checks, optimistic locking, audit history and revert.

Service functions only flush; the caller (a web request or a CLI command) owns the transaction and
commits on success. Every change writes one :class:`AuditEntry` with each changed field's value before
and after, in the JSON shape of ``export.instrument_record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue import errors
from catalogue.accounts.models import User
from catalogue.audit import repository as repository_audit
from catalogue.audit.models import AuditEntry
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository
from catalogue.instruments.models import Instrument
from catalogue.instruments.references import ReferenceCodes
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.export import instrument_record

NotFound = errors.NotFound


class PermissionDenied(errors.Forbidden):
    pass


class ConflictError(errors.Conflict):
    """Someone else changed the instrument since the editor loaded it; nothing was written.

    ``mine`` is the record the editor submitted, ``theirs`` the record now stored (None when it was
    deleted meanwhile).
    """

    def __init__(
        self,
        slug: str,
        expected_version: int,
        mine: dict[str, Any],
        theirs: dict[str, Any] | None,
        current_version: int | None,
    ):
        self.slug = slug
        self.expected_version = expected_version
        self.mine = mine
        self.theirs = theirs
        self.current_version = current_version
        super().__init__(
            "instrument %(slug)s was changed by someone else (you edited version %(expected)s, "
            "it is now at version %(current)s)",
            slug=repr(slug),
            expected=expected_version,
            current=current_version,
        )

    def details(self) -> dict[str, Any]:
        return {
            "expected_version": self.expected_version,
            "current_version": self.current_version,
            "mine": self.mine,
            "theirs": self.theirs,
        }


def diff_records(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field that differs."""
    before, after = before or {}, after or {}
    return {
        k: [before.get(k), after.get(k)]
        for k in dict.fromkeys([*before, *after])
        if before.get(k) != after.get(k)
    }


def validate_record(
    session: Session, data: dict[str, Any], *, file: str = "(form)", record: str = "(instrument)"
) -> InstrumentIn:
    """Validate shape and vocabularies, then references; raise InputError naming every bad field."""
    try:
        rec = InstrumentIn.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(file, record, exc)) from exc
    problems = ReferenceCodes.load(session).problems(rec, file, record)
    if problems:
        raise InputError(problems)
    return rec


def _check_may_edit(user: User | None, *agencies: str) -> None:
    if user is None:
        raise PermissionDenied("log in to change the catalogue")
    for agency in agencies:
        if not user.may_edit(agency):
            raise PermissionDenied(
                "%(email)s may not change instruments of agency %(agency)s", email=user.email, agency=agency
            )


def record_change(
    session: Session,
    row_slug: str,
    action: str,
    changes: dict[str, Any],
    user: User | None,
    version: int | None,
    note: str | None = None,
) -> AuditEntry:
    return repository_audit.add_entry(
        session,
        slug=row_slug,
        action=action,
        changes=changes,
        version=version,
        note=note,
        user_id=user.id if user else None,
        user_email=user.email if user else None,
    )


def write_record(
    session: Session,
    row: Instrument,
    rec: InstrumentIn,
    expected_version: int | None = None,
    mine: dict[str, Any] | None = None,
) -> dict[str, list[Any]]:
    """Apply a record to a row and flush; return the diff. Raise ConflictError on a lost race (the flush
    runs in a SAVEPOINT, so the session stays usable and the error carries the record now stored)."""
    slug, version = row.slug, row.version  # the row expires if the flush fails
    before = instrument_record(row)
    try:
        with session.begin_nested():  # (changes made before it would be flushed outside it)
            repository.apply_instrument(row, rec)
            changes = diff_records(before, instrument_record(row))
            if changes:  # touch a column: the version moves even when only tags or links changed
                row.updated_at = dt.datetime.now(dt.UTC)
                session.flush()
    except StaleDataError as exc:
        raise _conflict(session, slug, expected_version or version, mine or {}) from exc
    return changes


def _conflict(session: Session, slug: str, expected_version: int, mine: dict[str, Any]) -> ConflictError:
    """The lost race, with the record as stored now (read after the SAVEPOINT was rolled back)."""
    now = repository.instrument_by_slug(session, slug)
    theirs, current = (instrument_record(now), now.version) if now is not None else (None, None)
    return ConflictError(slug, expected_version, mine, theirs, current)


def create_instrument(
    session: Session, data: dict[str, Any], user: User | None, *, action: str = "create"
) -> Instrument:
    rec = validate_record(session, data)
    _check_may_edit(user, rec.agency)
    if repository.instrument_by_slug(session, rec.slug) is not None:
        raise InputError([Problem("(form)", "(instrument)", "slug", f"slug {rec.slug!r} is already in use")])
    row = repository.upsert_instrument(session, rec)
    session.flush()
    record_change(session, row.slug, action, diff_records(None, instrument_record(row)), user, row.version)
    return row


def update_instrument(
    session: Session,
    slug: str,
    data: dict[str, Any],
    expected_version: int,
    user: User | None,
    *,
    action: str = "update",
) -> tuple[Instrument, dict[str, Any]]:
    """Update an instrument if it is still at ``expected_version``; return the row and the changes."""
    row = repository.instrument_by_slug(session, slug)
    if row is None:
        raise NotFound("instrument not found")
    _check_may_edit(user, row.agency_code)
    data = {**data, "slug": slug}
    if row.version != expected_version:
        raise ConflictError(slug, expected_version, data, instrument_record(row), row.version)
    rec = validate_record(session, data)
    _check_may_edit(user, rec.agency)
    changes = write_record(session, row, rec, expected_version, data)
    if changes:
        record_change(session, slug, action, changes, user, row.version)
    return row, changes


def delete_instrument(session: Session, slug: str, expected_version: int, user: User | None) -> None:
    row = repository.instrument_by_slug(session, slug)
    if row is None:
        raise NotFound("instrument not found")
    _check_may_edit(user, row.agency_code)
    before = instrument_record(row)
    if row.version != expected_version:
        raise ConflictError(slug, expected_version, {}, before, row.version)
    try:
        with session.begin_nested():
            session.delete(row)
            session.flush()
    except StaleDataError as exc:
        raise _conflict(session, slug, expected_version, {}) from exc
    record_change(session, slug, "delete", diff_records(before, None), user, None)


def history(session: Session, slug: str) -> list[AuditEntry]:
    return list(repository_audit.history(session, slug))


def revert(session: Session, audit_id: int, user: User | None) -> Instrument | None:
    """Undo one audit entry: put back the values it replaced (a deleted instrument comes back;
    a created one is deleted). Refuses when a later change touched the same fields."""
    entry = repository_audit.entry_by_id(session, audit_id)
    if entry is None:
        raise NotFound("no such change")
    row = repository.instrument_by_slug(session, entry.instrument_slug)
    current = instrument_record(row) if row is not None else None
    touched = [f for f, (_, after) in entry.changes.items() if (current or {}).get(f) != after]
    if touched:
        raise InputError(
            [
                Problem(
                    "(history)", f"change {audit_id}", f, "changed again later; revert the later change first"
                )
                for f in touched
            ]
        )
    note = f"revert of change {audit_id}"
    if entry.action == "create":
        assert row is not None
        delete_instrument(session, row.slug, row.version, user)
        return None
    restored = {f: before for f, (before, _) in entry.changes.items()}
    if row is None:
        new = create_instrument(session, restored, user, action="revert")
        return new
    target = {**(current or {}), **restored}
    row, changes = update_instrument(session, row.slug, target, row.version, user, action="revert")
    if changes:
        latest = repository_audit.history(session, row.slug)[0]
        latest.note = note
    return row
