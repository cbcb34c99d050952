"""A listening-post case as the form and the API send it (422 names the field)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from catalogue.orgnumber import orgnumber_problem
from catalogue.privacy import personal_data_problem
from catalogue.vocabulary import STAGES, VALUE_CHAINS

OUTCOMES = ("granted", "rejected", "between_schemes", "not_applied")
Outcome = Literal["granted", "rejected", "between_schemes", "not_applied"]


def _clean_text(value: str | None) -> str | None:
    value = (value or "").strip() or None
    problem = personal_data_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class AttemptIn(BaseModel):
    """One instrument tried and what happened."""

    model_config = ConfigDict(extra="forbid")

    instrument: str | None = Field(
        default=None, max_length=120, description="Slug of the instrument tried; null: none fitted"
    )
    outcome: Outcome
    reason: str | None = Field(default=None, max_length=1000, description="Why; required for not_applied")

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str | None) -> str | None:
        return _clean_text(value)

    def problems(self) -> dict[str, str]:
        """Rules across fields, by the field to correct."""
        out = {}
        if self.outcome == "not_applied" and not self.reason:
            out["reason"] = "say why the consortium did not apply"
        if self.outcome != "between_schemes" and not self.instrument:
            out["instrument"] = "name the instrument tried"
        return out


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    county: str = Field(min_length=2, max_length=10, description="County code (e.g. 46)")
    met_on: dt.date = Field(description="When the case was met (YYYY-MM-DD)")
    value_chains: list[str] = Field(default_factory=list, max_length=len(VALUE_CHAINS))
    stage: str = Field(description="Stage of the consortium's work: " + ", ".join(STAGES))
    barriers: list[str] = Field(default_factory=list, max_length=20, description="Barrier codes met (B1–B9)")
    attempts: list[AttemptIn] = Field(default_factory=list, max_length=20)
    text: str | None = Field(
        default=None, max_length=4000, description="What happened; no personal names, e-mails or phones"
    )
    consent: bool = Field(default=False, description="The organisations agreed to be named by number")
    org_numbers: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _clean_text(value)

    @field_validator("value_chains")
    @classmethod
    def _chains(cls, value: list[str]) -> list[str]:
        for code in value:
            if code not in VALUE_CHAINS:
                raise ValueError(f"unknown value chain {code!r}")
        return list(dict.fromkeys(value))

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str) -> str:
        if value not in STAGES:
            raise ValueError(f"unknown stage {value!r}")
        return value

    @field_validator("barriers")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("org_numbers")
    @classmethod
    def _orgnumbers(cls, value: list[str]) -> list[str]:
        out = []
        for raw in value:
            number = raw.replace(" ", "")
            problem = orgnumber_problem(number)
            if problem:
                raise ValueError(f"organisation number {raw!r} {problem}")
            out.append(number)
        return list(dict.fromkeys(out))

    def problems(self) -> dict[str, str]:
        """Rules across fields, by the field to correct (``attempts.0.reason``, ...)."""
        out = {}
        if self.org_numbers and not self.consent:
            out["org_numbers"] = "organisations may be named by number only when they agreed (tick consent)"
        for n, attempt in enumerate(self.attempts):
            out.update({f"attempts.{n}.{k}": v for k, v in attempt.problems().items()})
        return out
