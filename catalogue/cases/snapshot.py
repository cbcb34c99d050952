"""Listening-post cases as plain frozen data for the analyser and the pages (no SQLAlchemy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class AttemptSnap:
    instrument: str | None
    outcome: str  # granted / rejected / between_schemes / not_applied
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseSnap:
    id: int
    county: str
    agency: str | None
    met_on: dt.date
    value_chains: tuple[str, ...]
    stage: str
    barriers: tuple[str, ...]
    attempts: tuple[AttemptSnap, ...]
    text: str | None
    org_numbers: tuple[str, ...]  # empty unless the organisations agreed
    version: int

    @property
    def outcomes(self) -> frozenset[str]:
        return frozenset(a.outcome for a in self.attempts)

    @property
    def instruments(self) -> frozenset[str]:
        return frozenset(a.instrument for a in self.attempts if a.instrument)


@dataclass(frozen=True)
class CaseSnapshot:
    cases: tuple[CaseSnap, ...] = ()
