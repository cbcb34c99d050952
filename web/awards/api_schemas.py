"""Pydantic response models of the funded-project endpoints under /api/v1 (never ORM models).

Amounts are in major units (kroner, euro) of the project's ``currency``; money sums are per currency."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Award(BaseModel):
    source: str = Field(description="Key of the data source, e.g. fr-soknader, fr-eu")
    id: str = Field(description="The project's number at the source")
    url: str = Field(description="The project's page")
    title: str | None
    acronym: str | None
    funder: str = Field(description="Agency code (FR, IN, ...) or EU")
    programme_code: str | None
    programme_name: str | None
    instrument: str | None = Field(description="Slug of the catalogue instrument, or null")
    outcome: str = Field(description="granted, running, finished, rejected or unknown")
    year: int | None
    county: str | None = Field(description="County code where the work is done, as published")
    currency: str
    amount_applied: float | None
    amount_granted: float | None
    lead_organisations: list[str] = Field(description="Responsible organisation or coordinator(s)")
    lead_orgnrs: list[str]


class FacetCount(BaseModel):
    value: str
    count: int


class AwardList(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[Award]
    facets: dict[str, list[FacetCount]] = Field(
        description="Per facet, its values with the number of projects (a facet with chosen values is "
        "counted without its own filter)"
    )


class Participant(BaseModel):
    organisation: str = Field(description="Organisation number, or the source's key for one without")
    orgnr: str | None
    name: str
    role: str = Field(description="responsible, coordinator or participant")
    county: str | None
    sector: str | None
    amount: float | None = Field(description="The organisation's own amount, when the source gives one")


class AwardDetail(Award):
    participants: list[Participant]


class Money(BaseModel):
    currency: str
    amount: float


class Tally(BaseModel):
    projects: int
    funded: int
    rejected: int
    success_rate: float | None = Field(description="funded / (funded + rejected); null when none decided")
    granted: list[Money]
    own_share: list[Money] = Field(
        description="Organisation funding only: its own amount where the source gives one, else the whole "
        "grant when it is the responsible organisation"
    )


class KeyedTally(Tally):
    key: str | None


class SourceCover(BaseModel):
    key: str
    name: str
    shows_partners: bool
    year_from: int | None
    year_to: int | None
    projects: int


class InstrumentFunding(BaseModel):
    instrument: str
    covered: bool = Field(description="false: no imported source has a project linked to this instrument")
    total: Tally
    by_year: list[KeyedTally]
    by_county: list[KeyedTally]
    sources: list[SourceCover]
    latest: list[Award]


class Consortium(BaseModel):
    slug: str
    name: str
    role: str | None
    registered_symbiosis: bool


class OrganisationFunding(BaseModel):
    organisation: str
    orgnr: str | None
    name: str
    county: str | None
    sector: str | None
    total: Tally
    roles: dict[str, int]
    by_funder: list[KeyedTally] = Field(description="key: funder code and source key, as FUNDER/SOURCE")
    by_year: list[KeyedTally]
    by_instrument: list[KeyedTally]
    sources: list[SourceCover]
    consortia: list[Consortium]
