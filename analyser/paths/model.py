"""Result types of the funding-path finder (plain frozen dataclasses; ``to_dict`` gives JSON-ready data).

Texts are messages (``analyser.text``): codes and figures the web layer words in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analyser.paths.precedent_path import PathPrecedents
from analyser.text import Local, Msg, Parts, plain, to_data

REASON_CODES = (
    "single_firms_only",
    "county",
    "stage",
    "value_chain",
    "closed",
    "deadline_passed",
    "not_relevant",
)
LEVELS = ("consortium", "member")
COVERAGE = ("strong", "weak", "none")


@dataclass(frozen=True)
class Candidate:
    """An eligible instrument at a step or track; member-level rows name the member that applies."""

    slug: str
    agency: str
    fit: int
    level: str  # consortium | member
    member: str | None
    why: Parts
    serves: tuple[str, ...] = ()  # needs of the profile it serves here
    funding_forms: tuple[str, ...] = ()
    partner_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Excluded:
    """An instrument left out, with one reason code (REASON_CODES) and its text."""

    slug: str
    agency: str
    reason: str
    reason_text: Msg


@dataclass(frozen=True)
class MemberCeiling:
    """Most public money one member may stack at one stage, summed across agencies."""

    member: str
    stage: str
    activity: str | None  # GBER activity; None where the R&D ceilings do not apply
    size_class: str | None  # size used (unknown → large)
    size_assumed: bool
    collaboration: bool
    max_pct: int | None
    eligible_costs_nok: int | None
    max_public_nok: int | None
    planned_nok: int | None
    planned_by_agency: dict[str, int] = field(default_factory=dict)
    exceeds: bool = False
    note: Parts = Parts(())
    assisted_area: str | None = None  # yes | no | unknown (the member's in_assisted_area)
    lower_bound: bool = False  # an unverified increase (assisted area) may raise the ceiling
    rules_expired: bool = False  # the aid rules ended before the path's date: max_pct is None


@dataclass(frozen=True)
class PathWarning:
    code: str  # exceeds_ceiling, apply_before_work, current_stage, grants_before_skattefunn, ...
    text: Msg
    stage: str | None = None
    member: str | None = None


@dataclass(frozen=True)
class Step:
    """One stage of the path; stages follow one another in ``position`` order."""

    stage: str
    position: int
    needs: tuple[str, ...]  # profile needs attached to this stage
    candidates: tuple[Candidate, ...]
    more_eligible: int  # eligible instruments not shown (beyond max_candidates_per_step)
    excluded: tuple[Excluded, ...]
    ceilings: tuple[MemberCeiling, ...]
    application_order: tuple[str, ...]  # grants and other aid first, tax deductions (SkatteFUNN) last
    apply_during: str | None  # stage during which to apply (before this one starts); None = now
    budget_nok: int | None = None


@dataclass(frozen=True)
class Track:
    """A need that runs beside the stages (competence, facilitation)."""

    need: str
    candidates: tuple[Candidate, ...]
    more_eligible: int
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class NeedCoverage:
    need: str
    status: str  # strong | weak | none
    stages: tuple[str, ...]  # steps the need attaches to (empty for tracks)
    best: tuple[str, ...]  # slugs of the best candidates serving it
    note: Msg | None = None


@dataclass(frozen=True)
class FundingPath:
    consortium: str
    name: str
    current_stage: str | None
    target_stage: str | None
    collaboration: bool
    collaboration_note: Msg
    steps: tuple[Step, ...]
    tracks: tuple[Track, ...]
    warnings: tuple[PathWarning, ...]
    coverage: tuple[NeedCoverage, ...]
    excluded: tuple[Excluded, ...]  # instruments outside every stage of the path and every track
    today: dt.date | None = None
    ceiling_caveat: Local = Local()  # what about the aid rules is not verified; shown wherever ceilings are
    rules_valid_until: dt.date | None = None
    precedents: PathPrecedents | None = None  # when award data was handed in (find_path(precedents=...))

    @property
    def unfunded(self) -> tuple[NeedCoverage, ...]:
        """Needs covered only weakly or not at all."""
        return tuple(c for c in self.coverage if c.status != "strong")

    @property
    def ceilings(self) -> tuple[MemberCeiling, ...]:
        return tuple(c for s in self.steps for c in s.ceilings)

    def step(self, stage: str) -> Step | None:
        return next((s for s in self.steps if s.stage == stage), None)

    def track(self, need: str) -> Track | None:
        return next((t for t in self.tracks if t.need == need), None)

    def need(self, need: str) -> NeedCoverage | None:
        return next((c for c in self.coverage if c.need == need), None)

    def exclusions(self, slug: str) -> list[tuple[str, Excluded]]:
        """Where and why ``slug`` was left out: (step stage, track need or "path", exclusion)."""
        out = [(s.stage, e) for s in self.steps for e in s.excluded if e.slug == slug]
        out += [(t.need, e) for t in self.tracks for e in t.excluded if e.slug == slug]
        out += [("path", e) for e in self.excluded if e.slug == slug]
        return out

    def to_dict(self, text: Callable[[Any], Any] = plain) -> dict[str, Any]:
        """JSON-ready data; ``text`` turns each message into JSON (default: id and arguments; the web
        layer passes its wording to give the texts in a language)."""
        data: dict[str, Any] = to_data(self, text)
        if self.precedents is None:  # no award data: the output is what it was before award data existed
            del data["precedents"]
        data["unfunded"] = [to_data(c, text) for c in self.unfunded]
        return data
