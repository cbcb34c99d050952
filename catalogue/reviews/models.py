"""One review item: an agency's judgement of one of its instruments against the three missions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base


class AgencyReview(Base):
    __tablename__ = "agency_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Kept as text (like audit_entry.instrument_slug): a review outlives a renamed or removed instrument.
    instrument_slug: Mapped[str] = mapped_column(String(120), index=True)
    agency_code: Mapped[str] = mapped_column(String(40), index=True)  # the instrument's agency when written
    relevance: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # mission code -> RELEVANCE
    barriers: Mapped[list[str]] = mapped_column(JSON, default=list)  # barrier codes it could answer
    adjustments: Mapped[list[str]] = mapped_column(JSON, default=list)  # ADJUSTMENTS codes
    adjustment_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)  # REVIEW_STATUSES
    reason: Mapped[str | None] = mapped_column(Text)  # required when rejected
    decided_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: Any = {"version_id_col": version}
