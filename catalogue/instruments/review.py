"""Re-verification: an editor checked an instrument's source and found the facts unchanged.

``mark_verified`` sets ``verified_on`` (the day of the check) and ``verified_by`` (who, as the public sees it:
``admin`` or the editor's agency code; the audit entry keeps the person's e-mail) and writes a ``verify``
audit entry. Like the other services it only flushes; the caller commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from catalogue.accounts.models import User
from catalogue.instruments import repository
from catalogue.instruments.models import Instrument
from catalogue.instruments.service import (
    ConflictError,
    NotFound,
    PermissionDenied,
    diff_records,
    record_change,
)
from catalogue.transfer.export import instrument_record

NOTE = "checked against the source: unchanged"


def verifier_of(user: User) -> str:
    return "admin" if user.role == "admin" or not user.agency_code else user.agency_code


def mark_verified(
    session: Session, slug: str, user: User | None, today: dt.date, expected_version: int
) -> Instrument:
    row = repository.instrument_by_slug(session, slug)
    if row is None:
        raise NotFound(slug)
    if user is None or not user.may_edit(row.agency_code):
        raise PermissionDenied(f"only editors of {row.agency_code} may record a check of {slug!r}")
    before = instrument_record(row)
    if row.version != expected_version:
        raise ConflictError(slug, expected_version, {}, before, row.version)
    row.verified_on, row.verified_by = today, verifier_of(user)
    row.updated_at = dt.datetime.now(dt.UTC)
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(slug, expected_version, {}, None, None) from exc
    changes = diff_records(before, instrument_record(row))
    record_change(session, slug, "verify", changes, user, row.version, note=NOTE)
    return row
