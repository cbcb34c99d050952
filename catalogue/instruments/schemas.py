"""Pydantic schemas that validate catalogue records coming from seeds, imports and the API.

They check vocabularies and shapes only; references to other records (agency, county) are checked
by the loader against what exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from catalogue import vocabulary as v
from catalogue.orgnumber import orgnumber_problem


def _check_vocab(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    bad = [x for x in values if x not in allowed]
    if bad:
        raise ValueError(f"unknown {what} {bad!r}; allowed: {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise ValueError(f"duplicate {what} in {values!r}")
    return values


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(x) for k, x in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(x) for x in value)
    return False


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: object) -> object:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


class MinistryIn(Strict):
    code: str = Field(min_length=1, max_length=16)
    name_nb: str
    name_nn: str
    name_en: str


class CountyIn(Strict):
    code: str = Field(pattern=r"^\d{2}$")
    name_nb: str
    name_nn: str
    name_en: str
    source_url: str | None = None


class AgencyIn(Strict):
    code: str = Field(min_length=1, max_length=32)
    name_nb: str
    name_nn: str
    name_en: str
    kind: Literal["state_agency", "county", "joint", "other"]
    ministry: str | None = None
    county: str | None = None
    source_url: str | None = None


class InstrumentIn(Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)
    agency: str
    partner_agencies: list[str] = []
    owner_ministry: list[str] = []
    name_nb: str = Field(min_length=2, max_length=300)
    name_nn: str | None = Field(default=None, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    types: list[str] = Field(min_length=1)
    funding_forms: list[str] = []
    applicants: list[str] = []
    consortium_eligibility: Literal["yes", "no", "partial"] | None = None
    consortium_condition: str | None = None
    consortium_min_partners: int | None = Field(default=None, ge=1, le=100)
    consortium_lead: Literal["firm", "research_org", "public_body", "cluster", "any"] | None = None
    consortium_without_legal_personality: bool | None = None
    pays_coordination_costs: bool | None = None
    requires_research_partner: bool | None = None
    stages: list[str] = []
    value_chains: list[str] = []
    missions: list[str] = []
    geography: Literal["national", "regional"] | None = None
    counties: list[str] = []
    max_amount_nok: int | None = Field(default=None, ge=0, le=10**15)
    annual_budget_nok: int | None = Field(default=None, ge=0, le=10**15)
    aid_intensity_min_pct: int | None = Field(default=None, ge=0, le=100)
    aid_intensity_max_pct: int | None = Field(default=None, ge=0, le=100)
    deadline_kind: Literal["continuous", "calls", "annual"] | None = None
    next_deadline: dt.date | None = None
    funds_shared_infrastructure: bool | None = None
    risk_relief: bool | None = None
    status: Literal["active", "closed"] | None = None
    stip_code: str | None = Field(default=None, pattern=r"^PI\d{3}$")
    summary_en: str | None = None
    summary_nn: str | None = None
    facts_note: str | None = None
    source_url: str | None = Field(default=None, pattern=r"^https?://", max_length=500)
    other_sources: list[str] = []
    verified_on: dt.date | None = None
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
    code: str = Field(pattern=r"^B\d+$")
    title_nn: str
    title_nb: str
    title_en: str
    description_nn: str | None = None
    description_en: str | None = None
    answerable_by_instruments: bool
    owner_departments: list[str] = []
    keywords_nn: list[str] = []


class MissionTargetIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    text_nn: str
    text_en: str
    metric: str | None = None
    target_value: float | None = None
    year: int | None = None


class MissionIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    level: int = Field(ge=1, le=5)
    parent: str | None = None
    title_nn: str
    title_nb: str
    title_en: str
    description_nn: str | None = None
    targets: list[MissionTargetIn] = []


class MemberIn(Strict):
    name: str = Field(min_length=1)
    org_number: str | None = None
    size_class: Literal["small", "medium", "large"] | None = None
    sector_nace: str | None = None
    role: Literal["lead", "partner", "facilitator", "municipality", "research_partner"] | None = None
    county: str | None = None

    @field_validator("org_number")
    @classmethod
    def _orgnr(cls, x: str | None) -> str | None:
        if x is None:
            return None
        x = str(x).replace(" ", "")
        problem = orgnumber_problem(x)
        if problem:
            raise ValueError(f"organisation number {x!r} {problem}")
        return x


MAX_CONSORTIUM_MEMBERS = 200  # a profile or saved consortium; bounds the work of one path computation
MAX_RESOURCE_FLOWS = 500


class FlowIn(Strict):
    source: str
    resource: str
    target: str


class ConsortiumIn(Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    county: str | None = None
    description_nn: str | None = None
    description_en: str | None = None
    value_chains: list[str] = []
    current_stage: str | None = None
    target_stage: str | None = None
    needs: list[str] = []
    budget_per_stage: dict[str, int] = {}
    members: list[MemberIn] = Field(default=[], max_length=MAX_CONSORTIUM_MEMBERS)
    resource_flows: list[FlowIn] = Field(default=[], max_length=MAX_RESOURCE_FLOWS)
    in_operation: bool | None = None
    source: str | None = None

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
