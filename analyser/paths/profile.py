"""Consortium profiles for the funding-path finder: validated from a dict (an API body, or a YAML/JSON file
read by ``web.paths.service.read_profile_file``).

A profile is a ``ConsortiumIn`` record (catalogue/instruments/schemas.py, as in ``seeds/consortia.yaml``)
plus an optional ``plan`` section (cost shares, planned support, work start dates) used for the
aid-ceiling and incentive-effect checks; see docs/paths.md. Every problem is reported as a
:class:`catalogue.errors.Problem` naming the source, the record and the field (``members.1.org_number``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from catalogue import vocabulary as v
from catalogue.errors import InputError, Problem, problems_from_validation, shorten
from catalogue.instruments.schemas import MAX_CONSORTIUM_MEMBERS, ConsortiumIn, Strict
from catalogue.instruments.snapshot import ConsortiumSnap, FlowSnap, MemberSnap
from catalogue.validation import LIST_MAX, AgencyCode, Code, Name, Slug


@dataclass(frozen=True)
class PlannedSupport:
    stage: str
    amount_nok: int
    instrument: str | None = None
    agency: str | None = None
    member: str | None = None
    apply_on: dt.date | None = None


@dataclass(frozen=True)
class Plan:
    cost_shares: dict[str, float] = field(default_factory=dict)  # member name → per cent of each stage
    work_starts: dict[str, dt.date] = field(default_factory=dict)  # stage → date work starts
    support: tuple[PlannedSupport, ...] = ()
    collaboration: bool | None = None  # declared effective collaboration (overrides the inference)


@dataclass(frozen=True)
class ConsortiumProfile(ConsortiumSnap):
    """A consortium snapshot with the optional plan of a submitted profile."""

    plan: Plan | None = None


def _check_stage(x: str) -> str:
    if x not in v.STAGES:
        raise ValueError(f"unknown stage {shorten(x)}; allowed: {', '.join(v.STAGES)}")
    return x


class PlannedSupportIn(Strict):
    stage: Code
    amount_nok: int = Field(ge=0, le=10**15)
    instrument: Slug | None = None
    agency: AgencyCode | None = None
    member: Name | None = None
    apply_on: dt.date | None = None

    @field_validator("stage")
    @classmethod
    def _stage(cls, x: str) -> str:
        return _check_stage(x)

    @model_validator(mode="after")
    def _names_source(self) -> PlannedSupportIn:
        if not self.instrument and not self.agency:
            raise ValueError("give the instrument (slug) or the agency of the planned support")
        return self


class PlanIn(Strict):
    cost_shares: dict[Name, float] = Field(default={}, max_length=LIST_MAX)
    work_starts: dict[Code, dt.date] = {}
    support: list[PlannedSupportIn] = Field(default=[], max_length=LIST_MAX)
    collaboration: bool | None = None

    @field_validator("cost_shares")
    @classmethod
    def _shares(cls, x: dict[str, float]) -> dict[str, float]:
        if any(s < 0 or s > 100 for s in x.values()):
            raise ValueError("each cost share is a per cent between 0 and 100")
        if sum(x.values()) > 100.5:
            raise ValueError(f"cost shares add up to {sum(x.values()):g} %, more than 100 %")
        return x

    @field_validator("work_starts")
    @classmethod
    def _starts(cls, x: dict[str, dt.date]) -> dict[str, dt.date]:
        for stage in x:
            _check_stage(stage)
        return x


class ProfileIn(ConsortiumIn):
    """``ConsortiumIn`` with the optional plan of a submitted profile."""

    plan: PlanIn | None = None


SLUG_FROM_NAME_MAX = 80  # a slug made from a long name still fits the column


def slugify(name: str) -> str:
    folded = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_FROM_NAME_MAX].rstrip("-")
    return slug or "consortium"


def _prepare(data: Mapping[str, Any]) -> dict[str, Any]:
    """Copy of the raw profile with harmless shape fixes: numeric org numbers as text, slug from name."""
    raw = dict(data)
    if not raw.get("slug") and isinstance(raw.get("name"), str):
        raw["slug"] = slugify(raw["name"])
    if "resource_flows" not in raw and "flows" in raw:
        raw["resource_flows"] = raw.pop("flows")
    members = raw.get("members")
    if isinstance(members, list):
        fixed = []
        for m in members:
            if isinstance(m, dict) and isinstance(m.get("org_number"), int):
                m = {**m, "org_number": f"{m['org_number']:09d}"}
            fixed.append(m)
        raw["members"] = fixed
    return raw


def _record(raw: Mapping[str, Any]) -> str:
    slug = raw.get("slug") or raw.get("name")
    return f"consortium {shorten(slug)}" if slug else "(profile)"


def _raw_problems(
    raw: Mapping[str, Any], source: str, record: str, known_counties: Collection[str]
) -> list[Problem]:
    """Checks made on the raw data, so they are reported together with the schema's problems."""
    out: list[Problem] = []
    known = ", ".join(sorted(known_counties))
    county = raw.get("county")
    if county is not None and str(county) not in known_counties:
        out.append(
            Problem(
                source, record, "county", f"unknown county {shorten(county)}; known county codes: {known}"
            )
        )
    members = raw.get("members")
    for i, m in enumerate(members if isinstance(members, list) else []):
        c = m.get("county") if isinstance(m, dict) else None
        if c is not None and str(c) not in known_counties:
            out.append(
                Problem(
                    source,
                    record,
                    f"members.{i}.county",
                    f"unknown county {shorten(c)}; known county codes: {known}",
                )
            )
    cur, tgt = raw.get("current_stage"), raw.get("target_stage")
    if cur in v.STAGES and tgt in v.STAGES and v.STAGES.index(tgt) < v.STAGES.index(cur):
        out.append(
            Problem(
                source,
                record,
                "target_stage",
                f"target_stage {tgt!r} comes before current_stage {cur!r} "
                f"(stages in order: {', '.join(v.STAGES)})",
            )
        )
    return out


def _plan_problems(item: ProfileIn, source: str, record: str) -> list[Problem]:
    out: list[Problem] = []
    names: set[str] = set()
    for i, m in enumerate(item.members):
        if m.name in names:
            out.append(Problem(source, record, f"members.{i}.name", f"duplicate member name {m.name!r}"))
        names.add(m.name)
    if item.plan is not None:
        for name in item.plan.cost_shares:
            if name not in names:
                out.append(
                    Problem(source, record, f"plan.cost_shares.{name}", f"no member is named {name!r}")
                )
        for i, s in enumerate(item.plan.support):
            if s.member is not None and s.member not in names:
                out.append(
                    Problem(source, record, f"plan.support.{i}.member", f"no member is named {s.member!r}")
                )
    return out


def _to_snap(item: ProfileIn) -> ConsortiumProfile:
    plan = None
    if item.plan is not None:
        plan = Plan(
            cost_shares=dict(item.plan.cost_shares),
            work_starts=dict(item.plan.work_starts),
            support=tuple(
                PlannedSupport(s.stage, s.amount_nok, s.instrument, s.agency, s.member, s.apply_on)
                for s in item.plan.support
            ),
            collaboration=item.plan.collaboration,
        )
    return ConsortiumProfile(
        slug=item.slug,
        name=item.name,
        county=item.county,
        value_chains=tuple(item.value_chains),
        current_stage=item.current_stage,
        target_stage=item.target_stage,
        needs=tuple(item.needs),
        budget_per_stage=dict(item.budget_per_stage),
        members=tuple(
            MemberSnap(
                name=m.name,
                org_number=m.org_number,
                size_class=m.size_class,
                sector_nace=m.sector_nace,
                role=m.role,
                county=m.county,
                in_assisted_area=m.in_assisted_area,
            )
            for m in item.members
        ),
        flows=tuple(FlowSnap(f.source, f.resource, f.target) for f in item.resource_flows),
        description_nn=item.description_nn,
        description_en=item.description_en,
        in_operation=item.in_operation,
        plan=plan,
    )


def parse_profile(data: Any, *, source: str, known_counties: Collection[str]) -> ConsortiumProfile:
    """Validate a consortium profile; raise :class:`InputError` listing every problem with its field."""
    if not isinstance(data, Mapping):
        raise InputError(
            [Problem(source, "(profile)", "(profile)", "a consortium profile must be a mapping of fields")]
        )
    members = data.get("members")
    if isinstance(members, list) and len(members) > MAX_CONSORTIUM_MEMBERS:  # before any work per member
        raise InputError(
            [
                Problem(
                    source,
                    _record(data),
                    "members",
                    f"at most {MAX_CONSORTIUM_MEMBERS} members (got {len(members)})",
                )
            ]
        )
    raw = _prepare(data)
    record = _record(raw)
    problems = _raw_problems(raw, source, record, known_counties)
    try:
        item = ProfileIn.model_validate(raw)
    except ValidationError as exc:
        # the schema's own stage-order check has no field; ours above names target_stage
        problems += [
            p
            for p in problems_from_validation(source, record, exc)
            if not (p.field == "(record)" and p.message.startswith("target_stage"))
        ]
        raise InputError(problems) from exc
    problems += _plan_problems(item, source, record)
    if problems:
        raise InputError(problems)
    return _to_snap(item)
