"""Recording review items: permission (the instrument's agency, or an admin), checks, optimistic locking,
audit. Functions only flush; the caller owns the transaction.

Order of checks, as for instruments: not found (404), not yours (403), stale version (409), bad input (422).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue.accounts.roles import Actor
from catalogue.audit import records as audit
from catalogue.errors import Forbidden, InputError, NotFound, Problem
from catalogue.instruments import repository as instruments
from catalogue.reviews import repository
from catalogue.reviews.models import AgencyReview
from catalogue.reviews.schemas import ReviewIn

KIND = "review"
FILE, RECORD = "(form)", "(review)"


def review_record(row: AgencyReview) -> dict[str, Any]:
    """The stored item in the shape of ``ReviewIn`` (the API's body, the audit's values)."""
    return {
        "instrument": row.instrument_slug,
        "relevance": dict(row.relevance or {}),
        "barriers": list(row.barriers or ()),
        "adjustments": list(row.adjustments or ()),
        "adjustment_text": row.adjustment_text,
        "status": row.status,
        "reason": row.reason,
        "decided_on": row.decided_on.isoformat(),
    }


def may_review(actor: Actor | None, agency: str) -> bool:
    return actor is not None and actor.may_edit_agency(agency)


def _check_actor(actor: Actor | None, agency: str) -> Actor:
    if actor is None:
        raise Forbidden("log in to record a review")
    if not actor.may_edit_agency(agency):
        raise Forbidden("you may only review your own agency's instruments")
    return actor


def _validate(session: Session, data: dict[str, Any]) -> tuple[ReviewIn, str]:
    """The checked item and the agency of its instrument."""
    rec = audit.validated(ReviewIn, data, FILE, RECORD)
    inst = instruments.instrument_by_slug(session, rec.instrument)
    if inst is None:
        raise InputError([Problem(FILE, RECORD, "instrument", f"no instrument {rec.instrument!r}")])
    known = {b.code for b in instruments.list_barriers(session)}
    unknown = [b for b in rec.barriers if b not in known]
    if unknown:
        raise InputError([Problem(FILE, RECORD, "barriers", f"unknown barrier {unknown[0]!r}")])
    return rec, inst.agency_code


def _apply(row: AgencyReview, rec: ReviewIn, agency: str) -> None:
    row.instrument_slug, row.agency_code = rec.instrument, agency
    row.relevance, row.barriers = dict(rec.relevance), list(rec.barriers)
    row.adjustments, row.adjustment_text = list(rec.adjustments), rec.adjustment_text
    row.status, row.reason, row.decided_on = rec.status, rec.reason, rec.decided_on
    row.updated_at = dt.datetime.now(dt.UTC)


def _audit(session: Session, row: AgencyReview, action: str, changes: dict[str, Any], actor: Actor) -> None:
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


def create_review(session: Session, data: dict[str, Any], actor: Actor | None) -> AgencyReview:
    if actor is None:
        raise Forbidden("log in to record a review")
    rec, agency = _validate(session, data)
    _check_actor(actor, agency)
    row = AgencyReview(created_at=dt.datetime.now(dt.UTC))
    _apply(row, rec, agency)
    session.add(row)
    session.flush()
    _audit(session, row, "create", audit.diff(None, review_record(row)), actor)
    return row


def update_review(
    session: Session,
    review_id: int,
    data: dict[str, Any],
    expected_version: int,
    actor: Actor | None,
    action: str = "update",
) -> tuple[AgencyReview, dict[str, Any]]:
    row = repository.review_by_id(session, review_id)
    if row is None:
        raise NotFound("no such review item")
    actor = _check_actor(actor, row.agency_code)
    if row.version != expected_version:
        raise audit.RecordConflict(KIND, review_id, expected_version, row.version, review_record(row))
    rec, agency = _validate(session, data)
    _check_actor(actor, agency)
    before = review_record(row)
    try:
        with session.begin_nested():
            _apply(row, rec, agency)
            changes = audit.diff(before, review_record(row))
            session.flush()
    except StaleDataError as exc:
        now = repository.review_by_id(session, review_id)
        theirs = review_record(now) if now is not None else None
        raise audit.RecordConflict(
            KIND, review_id, expected_version, now.version if now else None, theirs
        ) from exc
    if changes:
        _audit(session, row, action, changes, actor)
    return row, changes


def revert_review(
    session: Session, review_id: int, entry_id: int, expected_version: int, actor: Actor | None
) -> AgencyReview:
    """Put the item back as it was just before change ``entry_id``: a new audited change ("revert") at
    the version read (409 when the item changed since), with the same checks and rights as an edit."""
    row = repository.review_by_id(session, review_id)
    if row is None:
        raise NotFound("no such review item")
    _check_actor(actor, row.agency_code)
    if row.version != expected_version:
        raise audit.RecordConflict(KIND, review_id, expected_version, row.version, review_record(row))
    restored = audit.state_before(session, KIND, review_id, entry_id, review_record(row))
    row, _ = update_review(session, review_id, restored, expected_version, actor, action="revert")
    return row
