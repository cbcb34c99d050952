"""Recording a dated status of a symbiosis or an industrial area *with* its audit entry (``status_audit``).

:func:`record_status` is the write the form and the API use: the status record (added, or corrected when
its date already has one; ``repository_registers``) and one :class:`StatusAudit` row with who, when, and
the record's values before and after, in the same session, so they are committed (or rolled back)
together. The caller commits. Seeding calls ``repository_registers`` directly and writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.audit.models import STATUS_KINDS, StatusAudit
from catalogue.instruments import repository
from catalogue.registers import repository as repository_registers
from catalogue.registers.models import AreaStatus, IndustrialArea, SymbiosisStatus
from catalogue.registers.repository import ACCESS_FIELDS
from catalogue.registers.schemas import AreaStatusIn, SymbiosisStatusIn

SYMBIOSIS, AREA = STATUS_KINDS


def values_of(session: Session, row: SymbiosisStatus | AreaStatus) -> dict[str, Any]:
    """A stored record in the JSON shape of ``SymbiosisStatusIn`` / ``AreaStatusIn``, less ``recorded_on``."""
    out: dict[str, Any] = {}
    if isinstance(row, SymbiosisStatus):
        area = session.get(IndustrialArea, row.area_id) if row.area_id is not None else None
        out |= {"status": row.status, "area": area.slug if area else None}
    else:
        out["emissions_status"] = row.emissions_status
    out |= {k: getattr(row, k) for k in ACCESS_FIELDS}
    out |= {"note": row.note, "source": row.source}
    return out


def record_status(
    session: Session, kind: str, slug: str, status: SymbiosisStatusIn | AreaStatusIn, user: User | None
) -> StatusAudit:
    """Add (or correct, by date) the status of the symbiosis or area ``slug`` and its audit entry; no commit.

    Raises ``LookupError`` for an unknown slug (or, for a symbiosis, an unknown area)."""
    if kind == SYMBIOSIS:
        consortium = repository.consortium_by_slug(session, slug)
        if consortium is None or not isinstance(status, SymbiosisStatusIn):
            raise LookupError(slug)
        old: SymbiosisStatus | AreaStatus | None = repository_registers.symbiosis_status_on(
            session, consortium, status.recorded_on
        )
        before = values_of(session, old) if old is not None else None
        repository_registers.record_symbiosis_status(session, consortium, status)
    elif kind == AREA:
        area = repository_registers.area_by_slug(session, slug)
        if area is None or not isinstance(status, AreaStatusIn):
            raise LookupError(slug)
        old = repository_registers.area_status_on(area, status.recorded_on)
        before = values_of(session, old) if old is not None else None
        repository_registers.record_area_status(session, area, status)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    entry = StatusAudit(
        changed_at=dt.datetime.now(dt.UTC),
        user_id=user.id if user else None,
        user_email=user.email if user else None,
        kind=kind,
        subject_slug=slug,
        recorded_on=status.recorded_on,
        action="added" if before is None else "corrected",
        before=before,
        after=status.model_dump(mode="json", exclude={"recorded_on"}),
    )
    session.add(entry)
    return entry


def in_utc(t: dt.datetime) -> dt.datetime:
    """A stored time as aware UTC (SQLite gives it back naive, PostgreSQL in the session's time zone)."""
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def status_history(session: Session, kind: str, slug: str) -> Sequence[StatusAudit]:
    """The audit entries of one symbiosis or area, newest first."""
    return session.scalars(
        select(StatusAudit)
        .where(StatusAudit.kind == kind, StatusAudit.subject_slug == slug)
        .order_by(StatusAudit.id.desc())
    ).all()


def latest_by_date(session: Session, kind: str, slug: str) -> dict[dt.date, StatusAudit]:
    """The last write of each dated record of one symbiosis or area (records with none are left out)."""
    out: dict[dt.date, StatusAudit] = {}
    for entry in status_history(session, kind, slug):
        out.setdefault(entry.recorded_on, entry)
    return out
