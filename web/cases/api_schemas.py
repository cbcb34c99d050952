"""Pydantic models of the listening-post case API (they document /api/v1/cases in the OpenAPI)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from catalogue.cases.schemas import CaseIn


class CaseWrite(BaseModel):
    version: int = Field(ge=0, le=2**31 - 1, description="The version you read (optimistic locking)")
    case: CaseIn


class StoredCase(BaseModel):
    id: int
    version: int
    agency: str | None = Field(description="The agency whose staff recorded the case")
    case: CaseIn


class CountRow(BaseModel):
    year: int
    stage: str
    outcome: str = Field(description="granted, rejected, between_schemes or not_applied")
    count: int


class CaseCounts(BaseModel):
    total: int
    by_barrier: dict[str, int]
    rows: list[CountRow]
