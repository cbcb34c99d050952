"""Input schemas of county initiatives, working-group steps and plan milestones (forms and the JSON API).

Every text field is a type of :mod:`catalogue.validation`; value chains and missions are the catalogue's
vocabularies; a partner's organisation number is MOD11-checked; attachments are http(s) links only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from catalogue import vocabulary as v
from catalogue.instruments.schemas import Strict
from catalogue.orgnumber import orgnumber_problem
from catalogue.validation import CountyNumber, Name, ShortName, Text, Url

INITIATIVE_STATUSES = ("draft", "submitted", "withdrawn", "proposed", "merged")
# What a county editor may set; "proposed" and "merged" are the working group's steps.
EDITABLE_STATUSES = ("draft", "submitted", "withdrawn")
MILESTONE_KINDS = ("identify_areas", "identify_symbioses", "start", "decide", "other")
AUDIT_ACTIONS = ("create", "update", "comment", "merge", "absorb", "propose", "unpropose", "revert")
LIST_MAX = 50

ValueChain = Literal[v.VALUE_CHAINS]  # type: ignore[valid-type]
Mission = Literal[v.MISSIONS]  # type: ignore[valid-type]
EditableStatus = Literal["draft", "submitted", "withdrawn"]
MilestoneKind = Literal["identify_areas", "identify_symbioses", "start", "decide", "other"]


def _org_number(value: str) -> str:
    digits = value.replace(" ", "")
    problem = orgnumber_problem(digits)
    if problem:
        raise ValueError(f"organisation number {problem}")
    return digits


OrgNumber = Annotated[str, Field(max_length=11), AfterValidator(_org_number)]


class PartnerIn(Strict):
    """A partner organisation: its name, and its organisation number where known."""

    name: Name
    org_number: OrgNumber | None = None


class LinkIn(Strict):
    """An attachment, as a link to where it lies (http or https only)."""

    url: Url
    title: Name | None = None


class InitiativeIn(Strict):
    county: CountyNumber
    title: Name
    challenge: Annotated[Text, Field(min_length=1)]
    market_potential: Annotated[Text, Field(min_length=1)]
    value_chains: list[ValueChain] = Field(default_factory=list, max_length=LIST_MAX)
    missions: list[Mission] = Field(default_factory=list, max_length=len(v.MISSIONS))
    region: Name | None = None
    municipalities: list[ShortName] = Field(default_factory=list, max_length=LIST_MAX)
    partners: list[PartnerIn] = Field(default_factory=list, max_length=LIST_MAX)
    links: list[LinkIn] = Field(default_factory=list, max_length=LIST_MAX)
    status: EditableStatus = "submitted"


class CommentIn(Strict):
    text: Annotated[Text, Field(min_length=1, max_length=4000)]


class MilestoneIn(Strict):
    kind: MilestoneKind
    title: Name | None = None
    owner: Name
    due_on: dt.date
    resources: Text | None = None
    done_on: dt.date | None = None

    @model_validator(mode="after")
    def _free_needs_title(self) -> MilestoneIn:
        if self.kind == "other" and not self.title:
            raise ValueError("a free milestone needs a title")
        return self
