"""Pydantic schemas for the mission-progress registers (``seeds/registers.yaml`` and the repository).

Shapes and vocabularies only; references (county, consortium, instrument, mission, area) are checked by
the loader in :mod:`catalogue.registers.seeding` against what the seeds define.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from catalogue import vocabulary as v
from catalogue.errors import shorten
from catalogue.instruments.schemas import Strict
from catalogue.validation import LIST_MAX, Code, CountyNumber, Name, ShortName, Slug, Source, Text, Url

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
    note: Text | None = None
    source: Source | None = None


class SymbiosisStatusIn(AccessIn):
    recorded_on: dt.date
    status: SymbiosisStatusValue
    area: Slug | None = None
    note: Text | None = None
    source: Source | None = None


class InstrumentUseIn(Strict):
    instrument: Slug
    role: Literal["used", "applied", "planned"]
    source: Source | None = None


def _unique_dates(records: list[AreaStatusIn] | list[SymbiosisStatusIn]) -> None:
    dates = [r.recorded_on for r in records]
    dupes = sorted({d for d in dates if dates.count(d) > 1})
    if dupes:
        raise ValueError(f"more than one status recorded on {', '.join(d.isoformat() for d in dupes)}")


class AreaIn(Strict):
    slug: Slug
    name: Name
    county: CountyNumber
    municipality: ShortName | None = None
    description_nn: Text | None = None
    description_en: Text | None = None
    source: Source = Field(min_length=3)  # an area is registered only with a public source
    source_url: Url | None = None
    statuses: list[AreaStatusIn] = Field(default=[], max_length=LIST_MAX)

    @field_validator("statuses")
    @classmethod
    def _dates(cls, x: list[AreaStatusIn]) -> list[AreaStatusIn]:
        _unique_dates(x)
        return x


class SymbiosisIn(Strict):
    consortium: Slug
    missions: list[Code] = Field(default=[], max_length=LIST_MAX)
    instruments: list[InstrumentUseIn] = Field(default=[], max_length=LIST_MAX)
    statuses: list[SymbiosisStatusIn] = Field(default=[], max_length=LIST_MAX)

    @field_validator("missions")
    @classmethod
    def _missions(cls, x: list[str]) -> list[str]:
        bad = [m for m in x if m not in v.MISSIONS]
        if bad:
            raise ValueError(f"unknown mission {shorten(bad)}; allowed: {', '.join(v.MISSIONS)}")
        if len(set(x)) != len(x):
            raise ValueError(f"duplicate mission in {shorten(x)}")
        return x

    @field_validator("instruments")
    @classmethod
    def _instruments(cls, x: list[InstrumentUseIn]) -> list[InstrumentUseIn]:
        slugs = [i.instrument for i in x]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"an instrument is listed twice in {shorten(slugs)}")
        return x

    @field_validator("statuses")
    @classmethod
    def _dates(cls, x: list[SymbiosisStatusIn]) -> list[SymbiosisStatusIn]:
        _unique_dates(x)
        return x
