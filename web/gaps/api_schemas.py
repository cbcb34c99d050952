"""Response models of ``/api/v1/gaps`` and ``/api/v1/coverage`` (the gap analyser's results)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AwardOut(BaseModel):
    """A funded (or rejected) project shown as evidence, as its source publishes it."""

    source: str = Field(description="Key of the data source, e.g. fr-soknader")
    ref: str = Field(description="The source's own id of the project")
    funder: str
    programme: str | None
    title: str | None
    year: int | None
    county: str | None
    outcome: str = Field(description="granted, running, finished, rejected or unknown")
    currency: str
    granted_minor: int | None = Field(description="Granted amount in minor units (øre, cent)")
    organisations: list[str] = Field(description="Names of up to three organisations")
    organisation_count: int


class GapOut(BaseModel):
    code: str = Field(description="Stable code of the finding, e.g. barrier-weak:B2")
    url: str = Field(description="Detail page")
    kind: str = Field(description="barrier-uncovered, barrier-weak, pipeline-gap, ...")
    kind_label: str
    title: str
    severity: float = Field(description="0..1 (formula in analyser/gaps/findings.py)")
    severity_label: str = Field(description="high, medium or low")
    departments: list[str] = Field(
        description="Ministries the gap falls to (named, or steering an agency named)"
    )
    named_departments: list[str] = Field(description="Ministries the finding names itself")
    agencies: list[str]
    recommendation: str
    instruments: list[str] = Field(description="Slugs of the instruments in the evidence")
    barriers: list[str]
    consortia: list[str] = Field(description="Slugs of the consortia that cannot fund a need of the gap")
    needs: list[str] = Field(description="Need codes; need@consortium when a consortium cannot fund it")
    magnitude: float
    pressure: float
    sources: list[str] | None = Field(
        None, description="Findings from funded-project data: the sources and years they rest on"
    )
    awards: list[AwardOut] | None = Field(
        None, description="Findings from funded-project data: example projects, largest amount first (capped)"
    )
    awards_more: int | None = Field(None, description="Projects of the evidence not listed in awards")


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class GapListOut(BaseModel):
    total: int
    all_total: int = Field(description="Findings before filtering")
    items: list[GapOut]
    facets: dict[str, list[FacetValueOut]]


class CoverageColumnOut(BaseModel):
    code: str
    label: str


class CoverageCellOut(BaseModel):
    column: str
    count: int
    instruments: list[str] = Field(description="Slugs of the active instruments answering the barrier")


class CoverageRowOut(BaseModel):
    barrier: str
    answerable: bool = Field(description="False for barriers no support instrument can remove")
    total: int = Field(description="Distinct instruments answering the barrier")
    cells: list[CoverageCellOut]


class CoverageMatrixOut(BaseModel):
    by: str = Field(description="agency or type")
    columns: list[CoverageColumnOut]
    rows: list[CoverageRowOut]


class CoverageOut(BaseModel):
    answer_threshold: float
    matrices: list[CoverageMatrixOut]
