"""Queries and writes of the audit history of instruments and consortia (kept apart from the catalogue's
repository)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue.audit.models import AuditEntry, ConsortiumAudit


def add_entry(
    session: Session,
    *,
    slug: str,
    action: str,
    changes: dict[str, Any],
    user_id: int | None,
    user_email: str | None,
    version: int | None,
    note: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        instrument_slug=slug,
        action=action,
        changes=changes,
        user_id=user_id,
        user_email=user_email,
        version=version,
        note=note,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(entry)
    return entry


def history(session: Session, slug: str) -> Sequence[AuditEntry]:
    """Newest first."""
    return session.scalars(
        select(AuditEntry).where(AuditEntry.instrument_slug == slug).order_by(AuditEntry.id.desc())
    ).all()


def entry_by_id(session: Session, entry_id: int) -> AuditEntry | None:
    return session.get(AuditEntry, entry_id)


def later_entries(session: Session, entry: AuditEntry) -> Sequence[AuditEntry]:
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.instrument_slug == entry.instrument_slug, AuditEntry.id > entry.id)
        .order_by(AuditEntry.id)
    ).all()


def count_entries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def add_consortium_entry(
    session: Session,
    *,
    slug: str,
    action: str,
    changes: dict[str, Any],
    version: int,
    user_id: int | None,
    user_email: str | None,
) -> ConsortiumAudit:
    entry = ConsortiumAudit(
        consortium_slug=slug,
        action=action,
        changes=changes,
        version=version,
        user_id=user_id,
        user_email=user_email,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(entry)
    return entry


def consortium_history(session: Session, slug: str) -> Sequence[ConsortiumAudit]:
    """Newest first."""
    return session.scalars(
        select(ConsortiumAudit)
        .where(ConsortiumAudit.consortium_slug == slug)
        .order_by(ConsortiumAudit.id.desc())
    ).all()
