"""Audit history: one row per change of an instrument, with each field's value before and after; and one
row per write of a dated status record of a symbiosis or an industrial area (``status_audit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base

ACTIONS = ("create", "update", "delete", "revert", "import", "correct", "verify")


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The slug is kept as text so that history outlives a deleted instrument.
    instrument_slug: Mapped[str] = mapped_column(String(120), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))  # who, even if the account goes
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(10))
    # {field: [before, after]} in the JSON shape of export.instrument_record
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int | None] = mapped_column(Integer)  # the instrument's version after the change
    note: Mapped[str | None] = mapped_column(String(300))


STATUS_KINDS = ("symbiosis", "area")
STATUS_ACTIONS = ("added", "corrected")


class StatusAudit(Base):
    """One write of a dated status record (``symbiosis_status`` / ``area_status``) through the form or the
    API: who, when, and the record's values before (null when added) and after. Seeds write none."""

    __tablename__ = "status_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))  # who, even if the account goes
    kind: Mapped[str] = mapped_column(String(10))  # STATUS_KINDS
    # The slug of the consortium or area, kept as text like audit_entry.instrument_slug.
    subject_slug: Mapped[str] = mapped_column(String(120), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(10))  # STATUS_ACTIONS
    # The record in the shape of SymbiosisStatusIn / AreaStatusIn without recorded_on.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


CONSORTIUM_ACTIONS = ("create", "update")


class ConsortiumAudit(Base):
    """One change of a saved consortium (the funding-path form): who, when, and each changed field's value
    before and after, in the shape of ``export.consortium_record``. Seeds write none."""

    __tablename__ = "consortium_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The slug is kept as text, like audit_entry.instrument_slug.
    consortium_slug: Mapped[str] = mapped_column(String(120), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))  # who (None: a visitor who was not logged in)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    action: Mapped[str] = mapped_column(String(10))  # CONSORTIUM_ACTIONS
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {field: [before, after]}
    version: Mapped[int] = mapped_column(Integer)  # the consortium's version after the change
