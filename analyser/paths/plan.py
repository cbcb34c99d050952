"""Aid ceilings per member per stage, the stacking check against the plan, and the path's warnings
(apply before work starts, grants before SkatteFUNN, plan exceeds the ceiling)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from analyser.paths.ceilings import (
    FIRM_ROLES,
    Collaboration,
    Validity,
    check_stacking,
    effective_collaboration,
    intensity_parts,
    stage_activity,
)
from analyser.paths.index import PathIndex
from analyser.paths.model import Candidate, MemberCeiling, PathWarning
from analyser.paths.rules import CompiledRules
from analyser.paths.text import Texts
from catalogue.instruments.snapshot import ConsortiumSnap, MemberSnap


def plan_of(profile: ConsortiumSnap) -> Any:
    return getattr(profile, "plan", None)


def cost_shares(profile: ConsortiumSnap) -> dict[str, float]:
    """Per cent of each stage's costs borne by each member: the plan's shares, the rest split equally."""
    plan = plan_of(profile)
    given = dict(plan.cost_shares) if plan is not None else {}
    rest = [m.name for m in profile.members if m.name not in given]
    if rest:
        left = max(0.0, 100.0 - sum(given.values()))
        for name in rest:
            given[name] = left / len(rest)
    return given


def collaboration(profile: ConsortiumSnap, rules: CompiledRules) -> Collaboration:
    plan = plan_of(profile)
    return effective_collaboration(
        profile.members,
        rules.ceilings,
        cost_shares=plan.cost_shares if plan is not None and plan.cost_shares else None,
        declared=plan.collaboration if plan is not None else None,
    )


def _planned(
    profile: ConsortiumSnap, stage: str, shares: dict[str, float], index: PathIndex
) -> dict[str, list[tuple[str, int]]]:
    """Planned support of a stage per member as (agency, amount); unassigned amounts split by cost share."""
    out: dict[str, list[tuple[str, int]]] = {m.name: [] for m in profile.members}
    plan = plan_of(profile)
    if plan is None:
        return out
    total = sum(shares.values()) or 1.0
    for s in plan.support:
        if s.stage != stage:
            continue
        entry = index.by_slug.get(s.instrument) if s.instrument else None
        agency = s.agency or (entry.agency if entry else "?")
        if s.member:
            out.setdefault(s.member, []).append((agency, s.amount_nok))
            continue
        for name, share in shares.items():
            out.setdefault(name, []).append((agency, int(round(s.amount_nok * share / total))))
    return out


def _firm_note(t: Texts, parts: Any) -> str:
    note = t.t(
        "ceiling_note",
        "firm",
        activity=t.raw("activity", parts.activity),
        base=parts.base,
        size=parts.size_bonus,
        size_class=t.raw("size", parts.size_class),
        collab=parts.collaboration_bonus,
        cap=parts.cap,
    )
    if parts.size_assumed:
        note += "; " + t.t("ceiling_note", "assumed_large")
    if parts.assisted_area != "no" and parts.collaboration_bonus:
        note += "; " + t.t("ceiling_note", "not_combined")
    if parts.lower_bound:
        note += "; " + t.t("ceiling_note", f"assisted_{parts.assisted_area}")
    return note


def _member_ceiling(
    m: MemberSnap,
    stage: str,
    activity: str,
    collab: bool,
    costs: int | None,
    planned: list[tuple[str, int]],
    rules: CompiledRules,
    t: Texts,
    validity: Validity,
) -> MemberCeiling:
    assisted = getattr(m, "in_assisted_area", None) or "unknown"
    lower = False
    if m.role == "research_partner":
        pct = int(rules.ceilings.get("research_partner_max_pct", 100))
        size, assumed = None, False
        note = t.t("ceiling_note", "research_partner", pct=pct)
    else:
        parts = intensity_parts(m.size_class, activity, collab, rules.aid, assisted_area=assisted)
        pct, size, assumed, note = parts.total, parts.size_class, parts.size_assumed, _firm_note(t, parts)
        lower = parts.lower_bound
    if validity.expired:  # a warning instead of a number presented as current
        note = t.t("ceiling_note", "expired", until=validity.valid_until, pct=pct) + "; " + note
        check = check_stacking(m.name, stage, pct, None, planned)
        return MemberCeiling(
            m.name, stage, activity, size, assumed, collab, None, costs, None, check.planned_nok,
            check.planned_by_agency, False, note, assisted, lower, True,
        )  # fmt: skip
    check = check_stacking(m.name, stage, pct, costs, planned)
    return MemberCeiling(
        m.name,
        stage,
        activity,
        size,
        assumed,
        collab,
        pct,
        costs,
        check.max_public_nok,
        check.planned_nok,
        check.planned_by_agency,
        check.exceeds,
        note,
        assisted,
        lower,
    )


def step_ceilings(
    stage: str,
    profile: ConsortiumSnap,
    collab: Collaboration,
    rules: CompiledRules,
    t: Texts,
    index: PathIndex,
    validity: Validity,
) -> tuple[tuple[MemberCeiling, ...], list[PathWarning]]:
    """Ceilings of every member for an R&D-type stage (none for other stages) and exceeded-plan warnings."""
    activity = stage_activity(stage, rules.aid)
    if activity is None:
        return (), []
    shares = cost_shares(profile)
    budget = profile.budget_per_stage.get(stage)
    planned = _planned(profile, stage, shares, index)
    ceilings, warnings = [], []
    for m in profile.members:
        costs = None if budget is None else int(budget * shares.get(m.name, 0) / 100)
        c = _member_ceiling(
            m, stage, activity, collab.effective, costs, planned.get(m.name, []), rules, t, validity
        )
        ceilings.append(c)
        if c.exceeds:
            by_agency = ", ".join(f"{a} {t.nok(n)}" for a, n in c.planned_by_agency.items())
            warnings.append(
                PathWarning(
                    "exceeds_ceiling",
                    t.t(
                        "warning",
                        "exceeds_ceiling",
                        member=m.name,
                        stage=t.stage(stage),
                        planned=t.nok(c.planned_nok),
                        by_agency=by_agency,
                        pct=c.max_pct,
                        costs=t.nok(c.eligible_costs_nok),
                        max=t.nok(c.max_public_nok),
                    ),
                    stage,
                    m.name,
                )
            )
    return tuple(ceilings), warnings


def _aid_rule_warnings(
    profile: ConsortiumSnap, rules: CompiledRules, t: Texts, validity: Validity
) -> list[PathWarning]:
    """The aid rules have ended (no ceiling is current); members whose assisted-area status is unknown."""
    out: list[PathWarning] = []
    if validity.expired:
        out.append(PathWarning("rules_expired", t.t("warning", "rules_expired", until=validity.valid_until)))
    unknown = [
        m.name
        for m in profile.members
        if m.role in FIRM_ROLES and (getattr(m, "in_assisted_area", None) or "unknown") == "unknown"
    ]
    if unknown:
        text = t.t("warning", "assisted_area_unknown", member=t.join(unknown))
        out.append(PathWarning("assisted_area_unknown", text))
    return out


def ceiling_caveat(rules: CompiledRules, lang: str) -> str:
    """What about the aid rules is not verified (``not_verified_<lang>`` of aid_ceilings.yaml)."""
    aid = rules.aid
    return str(aid.get(f"not_verified_{lang}") or aid.get("not_verified_en") or "").strip()


def profile_warnings(
    profile: ConsortiumSnap,
    collab: Collaboration,
    has_rd_step: bool,
    rules: CompiledRules,
    t: Texts,
    index: PathIndex,
    validity: Validity,
) -> list[PathWarning]:
    out: list[PathWarning] = []
    if has_rd_step and not collab.effective:
        note = t.t("collaboration", collab.basis, **collab.params)
        out.append(
            PathWarning("collaboration_unconfirmed", t.t("warning", "collaboration_unconfirmed", note=note))
        )
    if has_rd_step:
        for m in profile.members:
            if m.role in FIRM_ROLES and m.size_class is None:
                out.append(
                    PathWarning("unknown_size", t.t("warning", "unknown_size", member=m.name), member=m.name)
                )
    if has_rd_step:
        out += _aid_rule_warnings(profile, rules, t, validity)
    plan = plan_of(profile)
    for s in plan.support if plan is not None else ():
        if s.instrument and s.instrument not in index.by_slug:
            out.append(
                PathWarning(
                    "unknown_instrument",
                    t.t("warning", "unknown_instrument", instrument=s.instrument),
                    s.stage,
                    s.member,
                )
            )
    return out


def application_order(candidates: Sequence[Candidate], rules: CompiledRules) -> tuple[str, ...]:
    """Slugs in the order to apply: grants and other aid by fit, tax deductions (SkatteFUNN) last."""
    slugs = list(dict.fromkeys(c.slug for c in candidates))
    tax = {c.slug for c in candidates if rules.tax_forms.intersection(c.funding_forms)}
    return tuple([s for s in slugs if s not in tax] + [s for s in slugs if s in tax])


def step_warnings(
    stage: str,
    during: str | None,
    is_current: bool,
    candidates: Sequence[Candidate],
    profile: ConsortiumSnap,
    rules: CompiledRules,
    t: Texts,
    today: dt.date,
    index: PathIndex,
) -> list[PathWarning]:
    """Incentive-effect warnings of one step: apply before work starts; grants before SkatteFUNN."""
    name = t.stage(stage)
    out: list[PathWarning] = []
    if candidates:
        if is_current:
            out.append(PathWarning("current_stage", t.t("warning", "current_stage", stage=name), stage))
        if during is None:
            out.append(
                PathWarning("apply_before_work", t.t("warning", "apply_before_work_now", stage=name), stage)
            )
        else:
            out.append(
                PathWarning(
                    "apply_before_work",
                    t.t("warning", "apply_before_work", stage=name, during=t.stage(during)),
                    stage,
                )
            )
    tax = [c.slug for c in candidates if rules.tax_forms.intersection(c.funding_forms)]
    grants = [
        c.slug for c in candidates if rules.grant_forms.intersection(c.funding_forms) and c.slug not in tax
    ]
    if tax and grants:
        out.append(
            PathWarning(
                "grants_before_skattefunn",
                t.t(
                    "warning",
                    "grants_before_skattefunn",
                    stage=name,
                    grants=", ".join(dict.fromkeys(grants[:3])),
                    tax=", ".join(dict.fromkeys(tax)),
                ),
                stage,
            )
        )
    out += _plan_timing(stage, profile, rules, t, today, index)
    return out


def _plan_timing(
    stage: str, profile: ConsortiumSnap, rules: CompiledRules, t: Texts, today: dt.date, index: PathIndex
) -> list[PathWarning]:
    plan = plan_of(profile)
    if plan is None:
        return []
    name, out = t.stage(stage), []
    start = plan.work_starts.get(stage)
    support = [s for s in plan.support if s.stage == stage]
    if start is not None and start <= today and support:
        out.append(
            PathWarning(
                "work_started", t.t("warning", "work_started", stage=name, start=start.isoformat()), stage
            )
        )
    for s in support:
        if start is not None and s.apply_on is not None and s.apply_on >= start:
            out.append(
                PathWarning(
                    "applied_after_start",
                    t.t(
                        "warning",
                        "applied_after_start",
                        stage=name,
                        instrument=s.instrument or s.agency,
                        date=s.apply_on.isoformat(),
                        start=start.isoformat(),
                    ),
                    stage,
                    s.member,
                )
            )

    def forms(s: Any) -> frozenset[str]:
        entry = index.by_slug.get(s.instrument) if s.instrument else None
        return entry.forms if entry else frozenset()

    taxes = [s for s in support if s.apply_on and rules.tax_forms & forms(s)]
    grants = [
        s for s in support if s.apply_on and rules.grant_forms & forms(s) and not rules.tax_forms & forms(s)
    ]
    for tax in taxes:
        later = [
            g
            for g in grants
            if g.apply_on > tax.apply_on and (g.member in (None, tax.member) or tax.member is None)
        ]
        if later:
            g = min(later, key=lambda x: x.apply_on)
            out.append(
                PathWarning(
                    "skattefunn_before_grant",
                    t.t(
                        "warning",
                        "skattefunn_before_grant",
                        stage=name,
                        tax=tax.instrument,
                        tax_date=tax.apply_on.isoformat(),
                        grant=g.instrument,
                        grant_date=g.apply_on.isoformat(),
                    ),
                    stage,
                    tax.member,
                )
            )
    return out
