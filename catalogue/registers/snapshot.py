"""Plain, immutable snapshots of the mission-progress registers for the analyser, the web views and the CLI.

Pure data (no SQLAlchemy). Status records are kept oldest first; :func:`status_as_of` picks the one in
force on a date. ``catalogue.registers.loader`` fills them from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from catalogue.instruments.snapshot import FlowSnap
from catalogue.vocabulary import INFRASTRUCTURE_KINDS


@dataclass(frozen=True, kw_only=True)
class AccessSnap:
    """Access to each kind of infrastructure and to critical competence; None = not stated."""

    power: bool | None = None
    digital: bool | None = None
    green_transport: bool | None = None
    test_facilities: bool | None = None
    symbiosis_infrastructure: bool | None = None
    competence_access: bool | None = None

    def infrastructure(self) -> dict[str, bool | None]:
        return {k: getattr(self, k) for k in INFRASTRUCTURE_KINDS}

    @property
    def infrastructure_access(self) -> bool | None:
        """True when every kind is available, False when any kind is missing, else None (not known)."""
        values = self.infrastructure().values()
        if any(x is False for x in values):
            return False
        if all(x is True for x in values):
            return True
        return None


@dataclass(frozen=True, kw_only=True)
class AreaStatusSnap(AccessSnap):
    recorded_on: dt.date
    emissions_status: str | None = None  # baseline / reducing / net_zero / None (not stated)
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class SymbiosisStatusSnap(AccessSnap):
    recorded_on: dt.date
    status: str  # planned / in_development / in_operation / ended
    area: str | None = None  # slug of the industrial area it runs in
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class AreaSnap:
    slug: str
    name: str
    county: str
    municipality: str | None = None
    description_nn: str | None = None
    description_en: str | None = None
    source: str | None = None
    source_url: str | None = None
    statuses: tuple[AreaStatusSnap, ...] = ()  # oldest first


@dataclass(frozen=True, kw_only=True)
class SymbiosisSnap:
    slug: str
    name: str
    county: str | None = None
    value_chains: tuple[str, ...] = ()
    flows: tuple[FlowSnap, ...] = ()
    statuses: tuple[SymbiosisStatusSnap, ...] = ()  # oldest first
    missions: tuple[str, ...] = ()  # level-4 missions it is a level-5 project of
    instruments: tuple[tuple[str, str], ...] = ()  # (instrument slug, role: used / applied / planned)


@dataclass(frozen=True)
class RegisterSnapshot:
    symbioses: tuple[SymbiosisSnap, ...] = ()
    areas: tuple[AreaSnap, ...] = ()

    def area(self, slug: str) -> AreaSnap | None:
        return next((a for a in self.areas if a.slug == slug), None)

    def symbiosis(self, slug: str) -> SymbiosisSnap | None:
        return next((s for s in self.symbioses if s.slug == slug), None)


S = TypeVar("S", AreaStatusSnap, SymbiosisStatusSnap)


def status_as_of(statuses: Sequence[S], as_of: dt.date) -> S | None:
    """The newest record dated on or before ``as_of`` (None when there is none yet)."""
    current = None
    for s in sorted(statuses, key=lambda x: x.recorded_on):
        if s.recorded_on > as_of:
            break
        current = s
    return current
