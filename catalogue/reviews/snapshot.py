"""Review items as plain frozen data for the analyser and the pages (no SQLAlchemy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ReviewSnap:
    id: int
    instrument: str  # slug
    agency: str
    relevance: tuple[tuple[str, str], ...]  # (mission, level)
    barriers: tuple[str, ...]
    adjustments: tuple[str, ...]
    adjustment_text: str | None
    status: str
    reason: str | None
    decided_on: dt.date
    version: int


@dataclass(frozen=True)
class ReviewSnapshot:
    reviews: tuple[ReviewSnap, ...] = ()

    def of_agencies(self, agencies: frozenset[str] | set[str] | tuple[str, ...]) -> tuple[ReviewSnap, ...]:
        return tuple(r for r in self.reviews if r.agency in agencies)
