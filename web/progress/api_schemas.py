"""Response models of ``/api/v1/progress`` (the shape of ``analyser.progress.export.report_dict``).

``null`` means unknown: a county without records has ``null`` counts ("no data", never 0), and a share no
record states is ``null``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ShareOut(BaseModel):
    yes: int = Field(description="records stating access")
    stated: int = Field(description="records stating access or its absence")
    unknown: int = Field(description="records that do not state it")
    total: int
    share: float | None = Field(description="yes / stated; null when no record states it")


class SharesOut(BaseModel):
    symbiosis_infrastructure: ShareOut
    symbiosis_competence: ShareOut
    area_infrastructure: ShareOut
    area_competence: ShareOut
    symbiosis_infrastructure_by_kind: dict[str, ShareOut]
    area_infrastructure_by_kind: dict[str, ShareOut]


class TrendPointOut(BaseModel):
    year: int
    count: int


class TrendOut(BaseModel):
    points: list[TrendPointOut] = Field(description="count in force at the end of each year with records")
    slope_per_year: float | None
    projection_year: int
    projection: float | None = Field(description="least-squares line at projection_year, floored at 0")
    no_projection_reason: str | None = Field(description="no_data | one_year")


class CountySymbiosesOut(BaseModel):
    in_operation: int | None
    target: float
    gap: float | None
    by_status: dict[str, int] | None


class CountyAreasOut(BaseModel):
    registered: int | None
    net_zero: int | None
    emissions_unknown: int | None


class CountyOut(BaseModel):
    code: str
    name: str
    status: str = Field(description="met | on_track | off_track | no_data")
    off_track: bool = Field(description="off track or without data")
    reasons: list[str] = Field(description="no_data | cannot_project | projection_below_target")
    has_data: bool
    symbioses: CountySymbiosesOut
    areas: CountyAreasOut
    shares: SharesOut
    trend: TrendOut


class NationalCountiesOut(BaseModel):
    total: int
    with_data: int
    met: int
    off_track_or_no_data: int


class NationalSymbiosesOut(BaseModel):
    in_operation: int | None
    by_status: dict[str, int] | None
    trend: TrendOut


class GreenAreasOut(BaseModel):
    target: float
    registered: int | None
    net_zero: int | None
    emissions_unknown: int | None
    status: str
    reasons: list[str]
    trend: TrendOut


class NationalOut(BaseModel):
    counties: NationalCountiesOut
    symbioses: NationalSymbiosesOut
    green_areas: GreenAreasOut
    shares: SharesOut


class TargetsOut(BaseModel):
    symbioses_per_county: float
    green_areas_total: float
    year: int


class ProgressOut(BaseModel):
    as_of: str
    targets: TargetsOut
    definitions: str
    national: NationalOut
    counties: list[CountyOut]
