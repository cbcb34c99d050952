"""Recording listening-post cases: permission, checks, optimistic locking, audit. Functions only flush.

Who may record: an admin; an agency editor (any county); a county editor (an editor of a county authority)
for their own county only. Who may change a case: an admin, or an editor of the agency that recorded it
(a county editor only while the case stays in their county).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue.accounts.roles import Actor
from catalogue.audit import records as audit
from catalogue.cases import repository
from catalogue.cases.models import ListeningCase
from catalogue.cases.schemas import CaseIn
from catalogue.errors import Forbidden, InputError, NotFound, Problem
from catalogue.instruments import repository as instruments

KIND = "case"
FILE, RECORD = "(form)", "(case)"


def case_record(row: ListeningCase) -> dict[str, Any]:
    """The stored case in the shape of ``CaseIn``."""
    return {
        "county": row.county,
        "met_on": row.met_on.isoformat(),
        "value_chains": list(row.value_chains or ()),
        "stage": row.stage,
        "barriers": list(row.barriers or ()),
        "attempts": [dict(a) for a in row.attempts or ()],
        "text": row.text,
        "consent": bool(row.consent),
        "org_numbers": list(row.org_numbers or ()),
    }


def may_record_in(actor: Actor | None, county: str) -> bool:
    if actor is None:
        return False
    if actor.admin or actor.county is not None:
        return actor.may_act_for_county(county)
    return actor.agency is not None


def may_change(actor: Actor | None, row: ListeningCase) -> bool:
    if actor is None:
        return False
    return actor.admin or (actor.agency == row.agency_code and may_record_in(actor, row.county))


def _validate(session: Session, data: dict[str, Any]) -> CaseIn:
    rec = audit.validated(CaseIn, data, FILE, RECORD)
    problems = []
    if rec.county not in {c.code for c in instruments.list_counties(session)}:
        problems.append(Problem(FILE, RECORD, "county", f"unknown county {rec.county!r}"))
    known = {b.code for b in instruments.list_barriers(session)}
    problems += [
        Problem(FILE, RECORD, "barriers", f"unknown barrier {b!r}") for b in rec.barriers if b not in known
    ]
    for n, attempt in enumerate(rec.attempts):
        if attempt.instrument and instruments.instrument_by_slug(session, attempt.instrument) is None:
            problems.append(
                Problem(FILE, RECORD, f"attempts.{n}.instrument", f"no instrument {attempt.instrument!r}")
            )
    if problems:
        raise InputError(problems)
    return rec


def _apply(row: ListeningCase, rec: CaseIn) -> None:
    row.county, row.met_on, row.stage = rec.county, rec.met_on, rec.stage
    row.value_chains, row.barriers = list(rec.value_chains), list(rec.barriers)
    row.attempts = [a.model_dump() for a in rec.attempts]
    row.text, row.consent = rec.text, rec.consent
    row.org_numbers = list(rec.org_numbers) if rec.consent else []
    row.updated_at = dt.datetime.now(dt.UTC)


def _audit(session: Session, row: ListeningCase, action: str, changes: dict[str, Any], actor: Actor) -> None:
    audit.add(
        session,
        kind=KIND,
        record_id=row.id,
        action=action,
        changes=changes,
        version=row.version,
        user_id=actor.user_id,
        user_email=actor.email,
    )


def _refuse(actor: Actor | None) -> Forbidden:
    if actor is None:
        return Forbidden("log in to record a case")
    return Forbidden("a county editor may only record cases in their own county")


def create_case(session: Session, data: dict[str, Any], actor: Actor | None) -> ListeningCase:
    if actor is None or not (actor.admin or actor.agency):
        raise _refuse(actor)
    rec = _validate(session, data)
    if not may_record_in(actor, rec.county):
        raise _refuse(actor)
    row = ListeningCase(created_at=dt.datetime.now(dt.UTC), agency_code=actor.agency)
    _apply(row, rec)
    session.add(row)
    session.flush()
    _audit(session, row, "create", audit.diff(None, case_record(row)), actor)
    return row


def update_case(
    session: Session,
    case_id: int,
    data: dict[str, Any],
    expected_version: int,
    actor: Actor | None,
    action: str = "update",
) -> tuple[ListeningCase, dict[str, Any]]:
    row = _changeable(session, case_id, expected_version, actor)
    rec = _validate(session, data)
    if actor is None or not may_record_in(actor, rec.county):
        raise _refuse(actor)
    before = case_record(row)
    try:
        with session.begin_nested():
            _apply(row, rec)
            changes = audit.diff(before, case_record(row))
            session.flush()
    except StaleDataError as exc:
        now = repository.case_by_id(session, case_id)
        theirs = case_record(now) if now is not None else None
        raise audit.RecordConflict(
            KIND, case_id, expected_version, now.version if now else None, theirs
        ) from exc
    if changes:
        _audit(session, row, action, changes, actor)
    return row, changes


def _changeable(session: Session, case_id: int, expected_version: int, actor: Actor | None) -> ListeningCase:
    """The case, when ``actor`` may change it and it is still at the version read."""
    row = repository.case_by_id(session, case_id)
    if row is None:
        raise NotFound("no such case")
    if actor is None or not may_change(actor, row):
        raise Forbidden("you may only change cases your agency recorded") if actor else _refuse(actor)
    if row.version != expected_version:
        raise audit.RecordConflict(KIND, case_id, expected_version, row.version, case_record(row))
    return row


def revert_case(
    session: Session, case_id: int, entry_id: int, expected_version: int, actor: Actor | None
) -> ListeningCase:
    """Put the case back as it was just before change ``entry_id``: a new audited change ("revert") at the
    version read (409 when the case changed since), with the same checks and rights as an edit."""
    row = _changeable(session, case_id, expected_version, actor)
    restored = audit.state_before(session, KIND, case_id, entry_id, case_record(row))
    row, _ = update_case(session, case_id, restored, expected_version, actor, action="revert")
    return row
