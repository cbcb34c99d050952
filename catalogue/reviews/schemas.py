"""A review item as the form and the API send it, checked against the vocabularies (422 names the field)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from catalogue.privacy import personal_data_problem
from catalogue.vocabulary import MISSIONS

RELEVANCE = ("none", "low", "medium", "high")
ADJUSTMENTS = (
    "open_to_consortia",
    "pay_coordination_costs",
    "fund_shared_infrastructure",
    "cover_later_stages",
    "share_risk",
    "joint_calls",
    "continuing_education",
    "other",
)
REVIEW_STATUSES = ("proposed", "agreed", "implemented", "rejected")
# How far an item has come: the order the department report uses ("rejected" is outside the line).
PROGRESS = {"proposed": 1, "agreed": 2, "implemented": 3}

Relevance = Literal["none", "low", "medium", "high"]
Adjustment = Literal[
    "open_to_consortia",
    "pay_coordination_costs",
    "fund_shared_infrastructure",
    "cover_later_stages",
    "share_risk",
    "joint_calls",
    "continuing_education",
    "other",
]
Status = Literal["proposed", "agreed", "implemented", "rejected"]


class ReviewIn(BaseModel):
    """One review item of one instrument (the instrument's agency writes it)."""

    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(min_length=1, max_length=120, description="Slug of the reviewed instrument")
    relevance: dict[str, Relevance] = Field(
        default_factory=dict, description="Relevance to each mission (I, II, III): none, low, medium, high"
    )
    barriers: list[str] = Field(default_factory=list, max_length=20, description="Barrier codes (B1–B9)")
    adjustments: list[Adjustment] = Field(default_factory=list, max_length=len(ADJUSTMENTS))
    adjustment_text: str | None = Field(default=None, max_length=2000, description="The adjustment in words")
    status: Status = "proposed"
    reason: str | None = Field(default=None, max_length=2000, description="Required when rejected")
    decided_on: dt.date = Field(description="Date of the status (YYYY-MM-DD)")

    @field_validator("relevance")
    @classmethod
    def _missions(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(MISSIONS))
        if unknown:
            raise ValueError(f"unknown mission {unknown[0]!r} (use I, II or III)")
        return {m: value[m] for m in MISSIONS if m in value}

    @field_validator("barriers", "adjustments")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("adjustment_text", "reason")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        problem = personal_data_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def problems(self) -> dict[str, str]:
        """Rules across fields, by the field to correct."""
        if self.status == "rejected" and not self.reason:
            return {"reason": "a rejected item needs a reason"}
        return {}
