"""Pydantic models of the initiatives and plans API (they document it in the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from catalogue.initiatives.schemas import InitiativeIn, MilestoneIn

VERSION = Field(ge=0, le=2**31 - 1, description="The version you read (optimistic locking)")


class InitiativeWrite(BaseModel):
    version: int = VERSION
    initiative: InitiativeIn


class MergeIn(BaseModel):
    version: int = VERSION
    into: int = Field(ge=1, le=2**31 - 1, description="The initiative this one is merged into")


class ProposalIn(BaseModel):
    version: int = VERSION
    proposed: bool = Field(description="true: proposed to the minister; false: the proposal taken back")


class MilestoneWrite(BaseModel):
    version: int = VERSION
    milestone: MilestoneIn


class PartnerOut(BaseModel):
    name: str
    org_number: str | None


class LinkOut(BaseModel):
    url: str
    title: str | None


class CommentOut(BaseModel):
    id: int
    at: dt.datetime
    author: str | None = Field(description="Shown to logged-in users only")
    text: str


class InitiativeOut(BaseModel):
    id: int
    version: int
    county: str
    title: str
    challenge: str
    market_potential: str
    value_chains: list[str]
    missions: list[str]
    region: str | None
    municipalities: list[str]
    partners: list[PartnerOut]
    links: list[LinkOut]
    status: str = Field(description="draft, submitted, withdrawn, proposed (to the minister) or merged")
    merged_into: int | None = Field(description="The initiative a merged one was merged into")
    merged_from: list[int]
    proposed_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    comments: list[CommentOut]


class MilestoneOut(BaseModel):
    id: int
    version: int
    county: str
    kind: str = Field(description="identify_areas, identify_symbioses, start, decide or other")
    title: str | None
    owner: str
    due_on: dt.date
    resources: str | None
    done_on: dt.date | None
    overdue: bool = Field(description="Not done and its date has passed (as of today)")


class ChangeOut(BaseModel):
    id: int
    at: dt.datetime
    action: str
    user: str | None = Field(description="Shown to logged-in users only")
    version: int | None
    note: str | None
    changes: dict[str, list[Any]]


class VersionConflictOut(BaseModel):
    detail: str
    expected_version: int
    current_version: int | None
    theirs: dict[str, Any] | None
