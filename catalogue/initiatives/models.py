"""County initiatives ("innspel på større satsingar"), the working group's comments on them, the county time
and resource plans (milestones), and the audit history of all three.

Nothing is deleted: a merged initiative keeps its row, its comments and its history, with ``merged_into_id``
pointing at the initiative it was merged into. ``version`` is the optimistic-locking column: every write
names the version it read and a stale one is refused (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base


class Initiative(Base):
    __tablename__ = "initiative"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    challenge: Mapped[str] = mapped_column(Text)  # the societal challenge it answers
    market_potential: Mapped[str] = mapped_column(Text)  # value creation in an international market
    value_chains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    missions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(300))
    municipalities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    partners: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"name", "org_number"}]
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"url", "title"}]
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("initiative.id"), index=True)
    proposed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class InitiativeComment(Base):
    __tablename__ = "initiative_comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class Milestone(Base):
    """One milestone of a county's time and resource plan."""

    __tablename__ = "plan_milestone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # MILESTONE_KINDS
    title: Mapped[str | None] = mapped_column(String(300))  # required for kind "other"
    owner: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date)
    resources: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class InitiativeAudit(Base):
    """One write of an initiative or a milestone: who, when, the action and each changed field's value
    before and after (``{field: [before, after]}``), and the record's version after it."""

    __tablename__ = "initiative_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(12))  # "initiative" | "milestone"
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    county_code: Mapped[str] = mapped_column(String(4), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(12))  # AUDIT_ACTIONS
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(300))
