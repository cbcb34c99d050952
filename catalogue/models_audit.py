"""Audit history: one row per change of an instrument, with each field's value before and after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.models import Base

ACTIONS = ("create", "update", "delete", "revert", "import")


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
