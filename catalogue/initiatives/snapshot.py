"""Frozen, database-free views of initiatives, comments, milestones and their history (pages, API, the
briefing export and the analyser read these; ``loader.py`` fills them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class PartnerSnap:
    name: str
    org_number: str | None = None


@dataclass(frozen=True, kw_only=True)
class LinkSnap:
    url: str
    title: str | None = None


@dataclass(frozen=True, kw_only=True)
class CommentSnap:
    id: int
    at: dt.datetime
    author: str | None
    text: str


@dataclass(frozen=True, kw_only=True)
class InitiativeSnap:
    id: int
    county: str
    title: str
    challenge: str
    market_potential: str
    value_chains: tuple[str, ...] = ()
    missions: tuple[str, ...] = ()
    region: str | None = None
    municipalities: tuple[str, ...] = ()
    partners: tuple[PartnerSnap, ...] = ()
    links: tuple[LinkSnap, ...] = ()
    status: str = "submitted"
    merged_into: int | None = None
    merged_from: tuple[int, ...] = ()
    proposed_on: dt.date | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1
    comments: tuple[CommentSnap, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        """Still in play: neither merged into another nor withdrawn."""
        return self.status not in ("merged", "withdrawn")


@dataclass(frozen=True, kw_only=True)
class MilestoneSnap:
    id: int
    county: str
    kind: str
    title: str | None
    owner: str
    due_on: dt.date
    resources: str | None = None
    done_on: dt.date | None = None
    version: int = 1

    def overdue(self, today: dt.date) -> bool:
        """Not done, and its date has passed."""
        return self.done_on is None and self.due_on < today


@dataclass(frozen=True, kw_only=True)
class AuditSnap:
    id: int
    subject: str
    subject_id: int
    county: str
    at: dt.datetime
    action: str
    user_email: str | None
    changes: dict[str, Any]
    version: int | None
    note: str | None
