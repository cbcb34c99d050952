"""EEA state-aid intensity ceilings for R&D (GBER art. 25) and the stacking check, as pure functions.

``rules`` is the parsed ``seeds/aid_ceilings.yaml`` (``catalogue.rules.load_rules("aid_ceilings")``); nothing
here opens a file. Percentages are whole numbers of per cent of eligible costs.

Article 25(6) as amended by Regulation (EU) 2023/1315: base + the size increase (point (a)) + at most ONE of
the ``exclusive_increases`` (points (b), (c), (d) are not combined), capped. An increase whose size was not
verified (``pct: null``, the assisted-area increase) is never added; a ceiling it might raise is marked
``lower_bound``. The rules carry ``valid_from``/``valid_until``: ``rules_validity(rules, today)`` says
whether a ceiling may be presented as current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from catalogue.vocabulary import SIZE_CLASSES

CONSERVATIVE_SIZE = "large"
ASSISTED_AREA = ("yes", "no", "unknown")  # a member's in_assisted_area; None counts as unknown


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
    collaboration_bonus: int  # the one exclusive increase added (point (b), the only verified one)
    cap: int
    assisted_area: str = "unknown"
    lower_bound: bool = False  # an unverified increase (assisted area) may apply: the ceiling may be higher

    @property
    def total(self) -> int:
        # the cap limits what the bonuses add (GBER art. 25(6)); a base above it (fundamental research,
        # 100 %) stands
        return min(self.base + self.size_bonus + self.collaboration_bonus, max(self.cap, self.base))


def intensity_parts(
    size_class: str | None,
    activity: str,
    collaboration: bool,
    rules: Mapping[str, Any],
    *,
    assisted_area: str | None = None,
) -> IntensityParts:
    base_table = rules["base_max_intensity_pct"]
    if activity not in base_table:
        raise ValueError(f"unknown R&D activity {activity!r}; known: {', '.join(base_table)}")
    size, assumed = effective_size(size_class)
    size_bonus = 0
    if activity in rules.get("size_bonus_applies_to", ()):
        size_bonus = int(rules.get("size_bonus_pct", {}).get(size, 0))
    assisted = assisted_area if assisted_area in ASSISTED_AREA else "unknown"
    added, unverified = exclusive_increase(activity, collaboration, assisted, rules)
    parts = IntensityParts(
        activity,
        size,
        assumed,
        int(base_table[activity]),
        size_bonus,
        added,
        int(rules.get("overall_cap_pct", 100)),
        assisted,
    )
    if unverified and parts.total < parts.cap:
        return replace(parts, lower_bound=True)
    return parts


def exclusive_increase(
    activity: str, collaboration: bool, assisted_area: str, rules: Mapping[str, Any]
) -> tuple[int, bool]:
    """(the largest verified exclusive increase the project meets, whether an unverified one may apply).

    Points (b), (c) and (d) of art. 25(6) cannot be combined: at most one increase is added. Without an
    ``exclusive_increases`` table the 2014 rule applies (the collaboration bonus alone)."""
    table = rules.get("exclusive_increases")
    if table is None:
        applies = collaboration and activity in rules.get("collaboration_bonus_applies_to", ())
        return (int(rules.get("collaboration_bonus_pct", 0)) if applies else 0), False
    if activity not in rules.get("exclusive_increases_apply_to", ()):
        return 0, False
    met = {"collaboration": collaboration, "assisted_area": assisted_area in ("yes", "unknown")}
    known = [int(i["pct"]) for i in table if met.get(i["key"]) and i.get("pct") is not None]
    unverified = any(met.get(i["key"]) and i.get("pct") is None for i in table)
    return max(known, default=0), unverified


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


@dataclass(frozen=True)
class Validity:
    """Whether the aid rules may be presented as current on ``today``."""

    valid_from: dt.date | None
    valid_until: dt.date | None
    today: dt.date

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and self.today > self.valid_until

    @property
    def not_yet(self) -> bool:
        return self.valid_from is not None and self.today < self.valid_from


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def rules_validity(rules: Mapping[str, Any], today: dt.date) -> Validity:
    return Validity(_date(rules.get("valid_from")), _date(rules.get("valid_until")), today)


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
