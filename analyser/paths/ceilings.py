"""EEA state-aid intensity ceilings for R&D (GBER art. 25) and the stacking check, as pure functions.

``rules`` is the parsed ``seeds/aid_ceilings.yaml`` (``catalogue.rules.load_rules("aid_ceilings")``); nothing
here opens a file. Percentages are whole numbers of per cent of eligible costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from catalogue.vocabulary import SIZE_CLASSES

CONSERVATIVE_SIZE = "large"


def effective_size(size_class: str | None) -> tuple[str, bool]:
    """The size class used for a ceiling and whether it was assumed (unknown size → large)."""
    if size_class in SIZE_CLASSES:
        return str(size_class), False
    return CONSERVATIVE_SIZE, True


def stage_activity(stage: str, rules: Mapping[str, Any]) -> str | None:
    """The GBER activity category of a path stage (``None`` where the R&D ceilings do not apply)."""
    return (rules.get("stage_activity") or {}).get(stage)


@dataclass(frozen=True)
class IntensityParts:
    """How a ceiling is built: base + size bonus + collaboration bonus, capped."""

    activity: str
    size_class: str
    size_assumed: bool
    base: int
    size_bonus: int
    collaboration_bonus: int
    cap: int

    @property
    def total(self) -> int:
        # the cap limits what the bonuses add (GBER art. 25(6)); a base above it (fundamental research,
        # 100 %) stands
        return min(self.base + self.size_bonus + self.collaboration_bonus, max(self.cap, self.base))


def intensity_parts(
    size_class: str | None, activity: str, collaboration: bool, rules: Mapping[str, Any]
) -> IntensityParts:
    base_table = rules["base_max_intensity_pct"]
    if activity not in base_table:
        raise ValueError(f"unknown R&D activity {activity!r}; known: {', '.join(base_table)}")
    size, assumed = effective_size(size_class)
    size_bonus = 0
    if activity in rules.get("size_bonus_applies_to", ()):
        size_bonus = int(rules.get("size_bonus_pct", {}).get(size, 0))
    collab_bonus = 0
    if collaboration and activity in rules.get("collaboration_bonus_applies_to", ()):
        collab_bonus = int(rules.get("collaboration_bonus_pct", 0))
    return IntensityParts(
        activity,
        size,
        assumed,
        int(base_table[activity]),
        size_bonus,
        collab_bonus,
        int(rules.get("overall_cap_pct", 100)),
    )


def max_intensity(
    size_class: str | None, activity: str, collaboration: bool, rules: Mapping[str, Any]
) -> int:
    """Most aid, in per cent of eligible costs, one undertaking may receive for ``activity``.

    Unknown or missing ``size_class`` gives the most conservative ceiling (a large firm's).
    """
    return intensity_parts(size_class, activity, collaboration, rules).total


@dataclass(frozen=True)
class StackingCheck:
    """Public money for one member and one stage, summed across agencies, against its ceiling."""

    member: str
    stage: str
    max_pct: int
    eligible_costs_nok: int | None
    max_public_nok: int | None
    planned_nok: int | None
    planned_by_agency: dict[str, int] = field(default_factory=dict)

    @property
    def exceeds(self) -> bool:
        return (
            self.planned_nok is not None
            and self.max_public_nok is not None
            and self.planned_nok > self.max_public_nok
        )


def check_stacking(
    member: str,
    stage: str,
    max_pct: int,
    eligible_costs_nok: int | None,
    planned: Iterable[tuple[str, int]] = (),
) -> StackingCheck:
    """Sum the planned support ``(agency, amount_nok)`` for a member's stage and compare with the ceiling.

    Support from every agency (IN, FR, Enova, county, SkatteFUNN ...) for the same eligible costs counts
    towards one ceiling. Without eligible costs the ceiling can only be stated in per cent.
    """
    by_agency: dict[str, int] = {}
    for agency, amount in planned:
        by_agency[agency] = by_agency.get(agency, 0) + int(amount)
    max_nok = None if eligible_costs_nok is None else eligible_costs_nok * max_pct // 100
    planned_nok = sum(by_agency.values()) if by_agency else None
    return StackingCheck(
        member, stage, max_pct, eligible_costs_nok, max_nok, planned_nok, dict(sorted(by_agency.items()))
    )


def worked_examples(rules: Mapping[str, Any]) -> list[tuple[dict[str, Any], int]]:
    """The worked examples of the rule file with the ceiling computed here, for self-checks."""
    out = []
    for ex in rules.get("worked_examples", ()):
        got = max_intensity(ex["size"], ex["activity"], bool(ex["collaboration"]), rules)
        out.append((ex, got))
    return out


FIRM_ROLES = (None, "lead", "partner", "facilitator")


@dataclass(frozen=True)
class Collaboration:
    """Whether the collaboration bonus applies, and why (``basis`` is a text key, ``params`` its values)."""

    effective: bool
    basis: str
    params: dict[str, Any] = field(default_factory=dict)


def effective_collaboration(
    members: Iterable[Any],
    ceiling_rules: Mapping[str, Any],
    *,
    cost_shares: Mapping[str, float] | None = None,
    declared: bool | None = None,
) -> Collaboration:
    """Apply the GBER art. 25(6)(b) conditions (i) and (ii) to a consortium's members.

    ``members`` are ``MemberSnap``-like (name, role, size_class); ``ceiling_rules`` is the ``ceilings``
    section of ``seeds/path_rules.yaml``. ``declared`` (from the plan) overrides the inference, e.g. for
    condition (iii), wide dissemination, which the profile cannot show.
    """
    if declared is not None:
        return Collaboration(declared, "declared" if declared else "declared_no")
    members = list(members)
    shares = dict(cost_shares or {})
    min_research = ceiling_rules.get("research_partner_min_share_pct", 10)
    max_single = ceiling_rules.get("max_single_share_pct", 70)
    research = [m for m in members if m.role == "research_partner"]
    firms = [m for m in members if m.role in FIRM_ROLES]
    if research:
        if not shares or any(shares.get(m.name, 0) >= min_research for m in research):
            return Collaboration(True, "research_partner", {"pct": min_research})
        return Collaboration(False, "research_share_low", {"pct": min_research})
    if len(firms) >= 2 and any(m.size_class in ("small", "medium") for m in firms):
        too_high = [m.name for m in firms if shares.get(m.name, 0) > max_single]
        if too_high:
            return Collaboration(False, "share_too_high", {"member": too_high[0], "pct": max_single})
        return Collaboration(True, "sme_firms", {"pct": max_single})
    return Collaboration(False, "none")
