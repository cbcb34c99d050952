"""Pydantic schemas that validate catalogue records coming from seeds, imports and the API.

They check vocabularies and shapes only; references to other records (agency, county) are checked
by the loader against what exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from catalogue import vocabulary as v
from catalogue.errors import shorten
from catalogue.orgnumber import orgnumber_problem
from catalogue.validation import (
    LIST_MAX,
    AgencyCode,
    BarrierCode,
    Code,
    CountyCode,
    CountyNumber,
    Label,
    Line,
    MinistryCode,
    NaceCode,
    Name,
    ShortName,
    Slug,
    Source,
    StipCode,
    Text,
    Url,
)

ORGNUMBER_INPUT_MAX = 20  # "937 012 987" and the like; stored as 9 digits
STAGE_MAX = 20  # consortium.current_stage / target_stage


def _check_vocab(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    bad = [x for x in values if x not in allowed]
    if bad:
        raise ValueError(f"unknown {what} {shorten(bad)}; allowed: {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise ValueError(f"duplicate {what} in {shorten(values)}")
    return values


class Strict(BaseModel):
    """Base of every input schema: unknown fields refused, text stripped; every text field is one of the
    types of :mod:`catalogue.validation` (length and characters checked)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MinistryIn(Strict):
    code: MinistryCode = Field(min_length=1)
    name_nb: Label
    name_nn: Label
    name_en: Label


class CountyIn(Strict):
    code: CountyNumber
    name_nb: ShortName
    name_nn: ShortName
    name_en: ShortName
    source_url: Url | None = None


class AgencyIn(Strict):
    code: AgencyCode = Field(min_length=1)
    name_nb: Label
    name_nn: Label
    name_en: Label
    kind: Literal["state_agency", "county", "joint", "other"]
    ministry: MinistryCode | None = None
    county: CountyCode | None = None
    org_number: Line | None = Field(
        default=None, max_length=ORGNUMBER_INPUT_MAX
    )  # Enhetsregisteret (Brønnøysund); null where not known
    source_url: Url | None = None

    @field_validator("org_number")
    @classmethod
    def _orgnr(cls, x: str | None) -> str | None:
        return _valid_orgnumber(x)


class InstrumentIn(Strict):
    slug: Slug
    agency: AgencyCode
    partner_agencies: list[AgencyCode] = Field(default=[], max_length=LIST_MAX)
    owner_ministry: list[MinistryCode] = Field(default=[], max_length=LIST_MAX)
    name_nb: Name = Field(min_length=2)
    name_nn: Name | None = None
    name_en: Name | None = None
    types: list[Code] = Field(min_length=1, max_length=LIST_MAX)
    funding_forms: list[Code] = Field(default=[], max_length=LIST_MAX)
    applicants: list[Code] = Field(default=[], max_length=LIST_MAX)
    consortium_eligibility: Literal["yes", "no", "partial"] | None = None
    consortium_condition: Text | None = None
    consortium_min_partners: int | None = Field(default=None, ge=1, le=100)
    consortium_lead: Literal["firm", "research_org", "public_body", "cluster", "any"] | None = None
    consortium_without_legal_personality: bool | None = None
    pays_coordination_costs: bool | None = None
    requires_research_partner: bool | None = None
    stages: list[Code] = Field(default=[], max_length=LIST_MAX)
    value_chains: list[Code] = Field(default=[], max_length=LIST_MAX)
    missions: list[Code] = Field(default=[], max_length=LIST_MAX)
    geography: Literal["national", "regional"] | None = None
    counties: list[CountyCode] = Field(default=[], max_length=LIST_MAX)
    max_amount_nok: int | None = Field(default=None, ge=0, le=10**15)
    max_amount_source_kind: Literal["agency", "third_party"] | None = None
    max_amount_source: Url | None = None
    annual_budget_nok: int | None = Field(default=None, ge=0, le=10**15)
    aid_intensity_min_pct: int | None = Field(default=None, ge=0, le=100)
    aid_intensity_max_pct: int | None = Field(default=None, ge=0, le=100)
    deadline_kind: Literal["continuous", "calls", "annual"] | None = None
    next_deadline: dt.date | None = None
    last_deadline: dt.date | None = None
    funds_shared_infrastructure: bool | None = None
    risk_relief: bool | None = None
    status: Literal["active", "closed"] | None = None
    stip_code: StipCode | None = None
    summary_en: Text | None = None
    summary_nn: Text | None = None
    facts_note: Text | None = None
    source_url: Url | None = None
    other_sources: list[Url] = Field(default=[], max_length=LIST_MAX)
    compiled_on: dt.date | None = None
    compiled_from: Line | None = Field(default=None, max_length=300)
    verified_on: dt.date | None = None
    verified_by: Line | None = Field(default=None, max_length=254)
    confidence: Literal["high", "medium", "low"] | None = None

    @field_validator("types")
    @classmethod
    def _types(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.TYPES, "type")

    @field_validator("funding_forms")
    @classmethod
    def _forms(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.FUNDING_FORMS, "funding form")

    @field_validator("applicants")
    @classmethod
    def _applicants(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.APPLICANTS, "applicant")

    @field_validator("stages")
    @classmethod
    def _stages(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.STAGES, "stage")

    @field_validator("value_chains")
    @classmethod
    def _chains(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.VALUE_CHAINS, "value chain")

    @field_validator("missions")
    @classmethod
    def _missions(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.MISSIONS, "mission")

    @model_validator(mode="after")
    def _intensity_order(self) -> InstrumentIn:
        lo, hi = self.aid_intensity_min_pct, self.aid_intensity_max_pct
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("aid_intensity_min_pct is larger than aid_intensity_max_pct")
        return self


class BarrierIn(Strict):
    code: BarrierCode
    title_nn: Name
    title_nb: Name
    title_en: Name
    description_nn: Text | None = None
    description_en: Text | None = None
    answerable_by_instruments: bool
    owner_departments: list[MinistryCode] = Field(default=[], max_length=LIST_MAX)
    keywords_nn: list[Label] = Field(default=[], max_length=LIST_MAX)


class MissionTargetIn(Strict):
    code: Code = Field(min_length=1)
    text_nn: Text
    text_en: Text
    metric: Line | None = Field(default=None, max_length=60)
    target_value: float | None = None
    year: int | None = None


class MissionIn(Strict):
    code: Code = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    parent: Code | None = None
    title_nn: Name
    title_nb: Name
    title_en: Name
    description_nn: Text | None = None
    targets: list[MissionTargetIn] = Field(default=[], max_length=LIST_MAX)


class MemberIn(Strict):
    name: Name
    org_number: Line | None = Field(default=None, max_length=ORGNUMBER_INPUT_MAX)
    size_class: Literal["small", "medium", "large"] | None = None
    sector_nace: NaceCode | None = None
    role: Literal["lead", "partner", "facilitator", "municipality", "research_partner"] | None = None
    county: CountyCode | None = None
    in_assisted_area: Literal["yes", "no", "unknown"] | None = None

    @field_validator("org_number")
    @classmethod
    def _orgnr(cls, x: str | None) -> str | None:
        return _valid_orgnumber(x)


MAX_CONSORTIUM_MEMBERS = 200  # a profile or saved consortium; bounds the work of one path computation
MAX_RESOURCE_FLOWS = 500


class FlowIn(Strict):
    source: Name
    resource: Label
    target: Name


class ConsortiumIn(Strict):
    slug: Slug
    name: Name
    county: CountyCode | None = None
    description_nn: Text | None = None
    description_en: Text | None = None
    value_chains: list[Code] = Field(default=[], max_length=LIST_MAX)
    current_stage: Line | None = Field(default=None, max_length=STAGE_MAX)
    target_stage: Line | None = Field(default=None, max_length=STAGE_MAX)
    needs: list[Code] = Field(default=[], max_length=LIST_MAX)
    budget_per_stage: dict[Code, int] = {}
    members: list[MemberIn] = Field(default=[], max_length=MAX_CONSORTIUM_MEMBERS)
    resource_flows: list[FlowIn] = Field(default=[], max_length=MAX_RESOURCE_FLOWS)
    in_operation: bool | None = None
    source: Source | None = None

    @field_validator("value_chains")
    @classmethod
    def _chains(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.VALUE_CHAINS, "value chain")

    @field_validator("needs")
    @classmethod
    def _needs(cls, x: list[str]) -> list[str]:
        return _check_vocab(x, v.NEEDS, "need")

    @field_validator("current_stage", "target_stage")
    @classmethod
    def _stage(cls, x: str | None) -> str | None:
        if x is not None and x not in v.STAGES:
            raise ValueError(f"unknown stage {x!r}; allowed: {', '.join(v.STAGES)}")
        return x

    @field_validator("budget_per_stage")
    @classmethod
    def _budget(cls, x: dict[str, int]) -> dict[str, int]:
        _check_vocab(list(x), v.STAGES, "stage")
        if any(n < 0 for n in x.values()):
            raise ValueError("budgets must not be negative")
        return x

    @model_validator(mode="after")
    def _stage_order(self) -> ConsortiumIn:
        cur, tgt = self.current_stage, self.target_stage
        if cur and tgt and v.STAGES.index(tgt) < v.STAGES.index(cur):
            raise ValueError(f"target_stage {tgt!r} comes before current_stage {cur!r}")
        return self


def _valid_orgnumber(x: str | None) -> str | None:
    """A 9-digit organisation number with a valid check digit (spaces removed), or None."""
    if x is None:
        return None
    x = str(x).replace(" ", "")
    problem = orgnumber_problem(x)
    if problem:
        raise ValueError(f"organisation number {x!r} {problem}")
    return x
