"""Response schemas of the JSON API (documentation and validation of what /api/v1 returns).

API schemas are their own classes: never ORM models, never the snapshot dataclasses.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Instrument(BaseModel):
    slug: str
    url: str = Field(description="The instrument's HTML page")
    name: str = Field(description="Name in the requested language (falls back to bokmål)")
    name_nb: str
    name_nn: str | None
    name_en: str | None
    agency: str
    partner_agencies: list[str]
    owner_ministries: list[str]
    types: list[str]
    funding_forms: list[str]
    applicants: list[str]
    consortium_eligibility: str | None = Field(description="yes, no, partial; null = unknown")
    consortium_condition: str | None
    consortium_min_partners: int | None
    consortium_lead: str | None
    consortium_without_legal_personality: bool | None
    pays_coordination_costs: bool | None
    requires_research_partner: bool | None
    stages: list[str]
    value_chains: list[str]
    missions: list[str]
    geography: str | None
    counties: list[str]
    max_amount_nok: int | None = Field(description="Maximum per project (NOK)")
    max_amount_source_kind: str | None = Field(
        description="Who states max_amount_nok: agency, third_party (e.g. a consultancy: unofficial); null = "
        "not recorded apart from the instrument's sources"
    )
    max_amount_source: str | None = Field(description="URL or note of the source of max_amount_nok")
    max_amount_unofficial: bool = Field(
        description="max_amount_nok is a third party's figure: the amount filter leaves it out unless "
        "unofficial_amounts is set"
    )
    annual_budget_nok: int | None
    aid_intensity_min_pct: int | None
    aid_intensity_max_pct: int | None
    deadline_kind: str | None
    next_deadline: str | None = Field(description="ISO date")
    last_deadline: str | None = Field(description="ISO date of the latest known deadline, once it has passed")
    funds_shared_infrastructure: bool | None
    risk_relief: bool | None
    status: str | None
    stip_code: str | None
    summary: str
    summary_nn: str | None
    summary_en: str | None
    facts_note: str | None
    source_url: str | None
    other_sources: list[str]
    compiled_on: str | None = Field(description="ISO date the facts were compiled (gathered from sources)")
    compiled_from: str | None = Field(description="What the facts were compiled from")
    verified_on: str | None = Field(
        description="ISO date a person last checked the facts against the agency's own page; null = never"
    )
    verified_by: str | None = Field(description="Who checked them")
    confidence: str | None
    version: int
    updated_at: str | None


class FacetCount(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class InstrumentList(BaseModel):
    total: int
    page: int
    pages: int
    per_page: int
    items: list[Instrument]
    facets: dict[str, list[FacetCount]]
    suggestions: list[str] = Field(description="Catalogue words close to misspelt query words")


class Agency(BaseModel):
    code: str
    name: str
    name_nb: str
    name_nn: str
    name_en: str
    kind: str
    ministry: str | None
    county: str | None
    instruments: int = Field(description="Instruments it runs or takes part in")


class Barrier(BaseModel):
    code: str
    title: str
    title_nn: str
    title_nb: str
    title_en: str
    description_nn: str | None
    description_en: str | None
    answerable_by_instruments: bool
    owner_departments: list[str]
    keywords: list[str]


class Member(BaseModel):
    name: str
    org_number: str | None
    size_class: str | None
    sector_nace: str | None
    role: str | None
    county: str | None


class Flow(BaseModel):
    source: str
    resource: str
    target: str


class Consortium(BaseModel):
    slug: str
    name: str
    county: str | None
    value_chains: list[str]
    current_stage: str | None
    target_stage: str | None
    needs: list[str]
    budget_per_stage: dict[str, int]
    members: list[Member]
    flows: list[Flow]
    description_nn: str | None
    description_en: str | None
    in_operation: bool | None
