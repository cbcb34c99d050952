"""Pydantic schemas for the mission-progress registers (``seeds/registers.yaml`` and the repository).

Shapes and vocabularies only; references (county, consortium, instrument, mission, area) are checked by
the loader in :mod:`catalogue.registers.seeding` against what the seeds define.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from catalogue import vocabulary as v
from catalogue.instruments.schemas import Strict

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SymbiosisStatusValue = Literal["planned", "in_development", "in_operation", "ended"]
EmissionsStatusValue = Literal["baseline", "reducing", "net_zero"]


class AccessIn(Strict):
    """Infrastructure access per kind and access to critical competence: true, false or null (unknown)."""

    power: bool | None = None
    digital: bool | None = None
    green_transport: bool | None = None
    test_facilities: bool | None = None
    symbiosis_infrastructure: bool | None = None
    competence_access: bool | None = None


class AreaStatusIn(AccessIn):
    recorded_on: dt.date
    emissions_status: EmissionsStatusValue | None = None
    note: str | None = None
    source: str | None = Field(default=None, max_length=500)  # the column holds 500


class SymbiosisStatusIn(AccessIn):
    recorded_on: dt.date
    status: SymbiosisStatusValue
    area: str | None = Field(default=None, pattern=SLUG)
    note: str | None = None
    source: str | None = Field(default=None, max_length=500)


class InstrumentUseIn(Strict):
    instrument: str = Field(pattern=SLUG)
    role: Literal["used", "applied", "planned"]
    source: str | None = None


def _unique_dates(records: list[AreaStatusIn] | list[SymbiosisStatusIn]) -> None:
    dates = [r.recorded_on for r in records]
    dupes = sorted({d for d in dates if dates.count(d) > 1})
    if dupes:
        raise ValueError(f"more than one status recorded on {', '.join(d.isoformat() for d in dupes)}")


class AreaIn(Strict):
    slug: str = Field(pattern=SLUG, max_length=120)
    name: str = Field(min_length=1, max_length=300)
    county: str = Field(pattern=r"^\d{2}$")
    municipality: str | None = None
    description_nn: str | None = None
    description_en: str | None = None
    source: str = Field(min_length=3, max_length=500)  # an area is registered only with a public source
    source_url: str | None = Field(default=None, pattern=r"^https?://")
    statuses: list[AreaStatusIn] = []

    @field_validator("statuses")
    @classmethod
    def _dates(cls, x: list[AreaStatusIn]) -> list[AreaStatusIn]:
        _unique_dates(x)
        return x


class SymbiosisIn(Strict):
    consortium: str = Field(pattern=SLUG)
    missions: list[str] = []
    instruments: list[InstrumentUseIn] = []
    statuses: list[SymbiosisStatusIn] = []

    @field_validator("missions")
    @classmethod
    def _missions(cls, x: list[str]) -> list[str]:
        bad = [m for m in x if m not in v.MISSIONS]
        if bad:
            raise ValueError(f"unknown mission {bad!r}; allowed: {', '.join(v.MISSIONS)}")
        if len(set(x)) != len(x):
            raise ValueError(f"duplicate mission in {x!r}")
        return x

    @field_validator("instruments")
    @classmethod
    def _instruments(cls, x: list[InstrumentUseIn]) -> list[InstrumentUseIn]:
        slugs = [i.instrument for i in x]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"an instrument is listed twice in {slugs!r}")
        return x

    @field_validator("statuses")
    @classmethod
    def _dates(cls, x: list[SymbiosisStatusIn]) -> list[SymbiosisStatusIn]:
        _unique_dates(x)
        return x
