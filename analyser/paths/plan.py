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
from analyser.text import N_, Amount, Local, Msg, Parts, Term, msg
from catalogue.instruments.snapshot import ConsortiumSnap, MemberSnap

# Why effective collaboration (the collaboration bonus of the aid ceilings) holds or not: Collaboration.basis.
COLLABORATION = {
    "research_partner": N_("a research partner takes part (it must bear at least %(pct)s %% of the costs)"),
    "sme_firms": N_(
        "at least two firms, one of them small or medium, and no firm bears more than %(pct)s %% of the costs"
    ),
    "declared": N_("declared in the plan"),
    "declared_no": N_("declared absent in the plan"),
    "none": N_("neither a research partner nor two firms of which one is small or medium"),
    "share_too_high": N_("%(member)s bears more than %(pct)s %% of the costs"),
    "research_share_low": N_("the research partner bears less than %(pct)s %% of the costs"),
}


def collaboration_note(collab: Collaboration) -> Msg:
    return Msg(COLLABORATION[collab.basis], tuple(collab.params.items()))


def _stage(stage: str) -> Term:
    return Term("stage", (stage,))


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


def _firm_note(parts: Any) -> Parts:
    note = msg(
        "%(activity)s: %(base)s %% base + %(size)s %% as %(size_class)s + %(collab)s %% collaboration, "
        "capped at %(cap)s %%",
        activity=Term("activity", (parts.activity,)),
        base=parts.base,
        size=parts.size_bonus,
        size_class=Term("size_class", (parts.size_class,)),
        collab=parts.collaboration_bonus,
        cap=parts.cap,
    )
    notes = [note]
    if parts.size_assumed:
        notes.append(msg("size class unknown: the large-firm ceiling is used"))
    if parts.assisted_area != "no" and parts.collaboration_bonus:
        notes.append(
            msg(
                "the collaboration increase cannot be combined with an assisted-area increase "
                "(art. 25(6) b, c, d)"
            )
        )
    if parts.lower_bound and parts.assisted_area == "yes":
        notes.append(
            msg(
                "in an assisted area: that increase (art. 25(6) c/d) is not verified and not added, "
                "so the ceiling may be higher"
            )
        )
    elif parts.lower_bound:
        notes.append(
            msg(
                "assisted area unknown: an increase for assisted areas (art. 25(6) c/d, not verified) "
                "may raise the ceiling"
            )
        )
    return Parts(tuple(notes))


def _member_ceiling(
    m: MemberSnap,
    stage: str,
    activity: str,
    collab: bool,
    costs: int | None,
    planned: list[tuple[str, int]],
    rules: CompiledRules,
    validity: Validity,
) -> MemberCeiling:
    assisted = getattr(m, "in_assisted_area", None) or "unknown"
    lower = False
    if m.role == "research_partner":
        pct = int(rules.ceilings.get("research_partner_max_pct", 100))
        size, assumed = None, False
        note = Parts(
            (
                msg(
                    "research organisation: non-economic research is usually not state aid "
                    "(up to %(pct)s %%)",
                    pct=pct,
                ),
            )
        )
    else:
        parts = intensity_parts(m.size_class, activity, collab, rules.aid, assisted_area=assisted)
        pct, size, assumed, note = parts.total, parts.size_class, parts.size_assumed, _firm_note(parts)
        lower = parts.lower_bound
    if validity.expired:  # a warning instead of a number presented as current
        expired = msg(
            "the aid rules used ended on %(until)s, so this is not a current ceiling "
            "(under them: %(pct)s %%)",
            until=validity.valid_until,
            pct=pct,
        )
        note = Parts((expired, *note.items))
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
            m, stage, activity, collab.effective, costs, planned.get(m.name, []), rules, validity
        )
        ceilings.append(c)
        if c.exceeds:
            warnings.append(PathWarning("exceeds_ceiling", _exceeds(c), stage, m.name))
    return tuple(ceilings), warnings


def _exceeds(c: MemberCeiling) -> Msg:
    by_agency = Parts(
        tuple(
            msg("%(agency)s %(amount)s", agency=Term("agency", (a,)), amount=Amount(n))
            for a, n in c.planned_by_agency.items()
        ),
        ", ",
    )
    return msg(
        "%(member)s, %(stage)s: planned public support %(planned)s (%(by_agency)s) exceeds the ceiling of "
        "%(pct)s %% of %(costs)s = %(max)s.",
        member=c.member,
        stage=_stage(c.stage),
        planned=Amount(c.planned_nok or 0),
        by_agency=by_agency,
        pct=c.max_pct,
        costs=Amount(c.eligible_costs_nok or 0),
        max=Amount(c.max_public_nok or 0),
    )


def _aid_rule_warnings(profile: ConsortiumSnap, validity: Validity) -> list[PathWarning]:
    """The aid rules have ended (no ceiling is current); members whose assisted-area status is unknown."""
    out: list[PathWarning] = []
    if validity.expired:
        text = msg(
            "The EEA aid rules behind these ceilings (GBER) were valid until %(until)s; no ceiling is shown "
            "as current. Check the rules in force with the granting agency.",
            until=validity.valid_until,
        )
        out.append(PathWarning("rules_expired", text))
    unknown = [
        m.name
        for m in profile.members
        if m.role in FIRM_ROLES and (getattr(m, "in_assisted_area", None) or "unknown") == "unknown"
    ]
    if unknown:
        text = msg(
            "%(member)s: not known whether the project is carried out in an assisted area; the "
            "assisted-area increase (GBER art. 25(6)) is not counted.",
            member=", ".join(unknown),
        )
        out.append(PathWarning("assisted_area_unknown", text))
    return out


def ceiling_caveat(rules: CompiledRules) -> Local:
    """What about the aid rules is not verified (``not_verified_<lang>`` of aid_ceilings.yaml)."""
    aid = rules.aid
    return Local(**{lang: str(aid.get(f"not_verified_{lang}") or "").strip() for lang in ("en", "nn", "nb")})


def profile_warnings(
    profile: ConsortiumSnap,
    collab: Collaboration,
    has_rd_step: bool,
    index: PathIndex,
    validity: Validity,
) -> list[PathWarning]:
    out: list[PathWarning] = []
    if has_rd_step and not collab.effective:
        text = msg(
            "Effective collaboration not confirmed (%(note)s); ceilings are without the collaboration bonus.",
            note=collaboration_note(collab),
        )
        out.append(PathWarning("collaboration_unconfirmed", text))
    if has_rd_step:
        for m in profile.members:
            if m.role in FIRM_ROLES and m.size_class is None:
                text = msg(
                    "%(member)s: size class unknown; the ceilings for large firms are used.", member=m.name
                )
                out.append(PathWarning("unknown_size", text, member=m.name))
        out += _aid_rule_warnings(profile, validity)
    plan = plan_of(profile)
    for s in plan.support if plan is not None else ():
        if s.instrument and s.instrument not in index.by_slug:
            text = msg(
                "The plan names %(instrument)s, which is not in the catalogue.", instrument=s.instrument
            )
            out.append(PathWarning("unknown_instrument", text, s.stage, s.member))
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
    today: dt.date,
    index: PathIndex,
) -> list[PathWarning]:
    """Incentive-effect warnings of one step: apply before work starts; grants before SkatteFUNN."""
    name = _stage(stage)
    out: list[PathWarning] = []
    if candidates:
        if is_current:
            text = msg(
                "The consortium is already at %(stage)s: work already under way is normally not eligible; "
                "apply only for work not yet started.",
                stage=name,
            )
            out.append(PathWarning("current_stage", text, stage))
        text = (
            msg("%(stage)s: apply for support before work on this stage starts (apply now).", stage=name)
            if during is None
            else msg(
                "%(stage)s: apply for support before work on this stage starts (apply during %(during)s).",
                stage=name,
                during=_stage(during),
            )
        )
        out.append(PathWarning("apply_before_work", text, stage))
    tax = [c.slug for c in candidates if rules.tax_forms.intersection(c.funding_forms)]
    grants = [
        c.slug for c in candidates if rules.grant_forms.intersection(c.funding_forms) and c.slug not in tax
    ]
    if tax and grants:
        text = msg(
            "%(stage)s: apply for %(grants)s before %(tax)s; SkatteFUNN is state aid too and counts towards "
            "the same ceiling.",
            stage=name,
            grants=Term("instrument", tuple(dict.fromkeys(grants[:3]))),
            tax=Term("instrument", tuple(dict.fromkeys(tax))),
        )
        out.append(PathWarning("grants_before_skattefunn", text, stage))
    out += _plan_timing(stage, profile, rules, today, index)
    return out


def _plan_timing(
    stage: str, profile: ConsortiumSnap, rules: CompiledRules, today: dt.date, index: PathIndex
) -> list[PathWarning]:
    plan = plan_of(profile)
    if plan is None:
        return []
    name, out = _stage(stage), []
    start = plan.work_starts.get(stage)
    support = [s for s in plan.support if s.stage == stage]
    if start is not None and start <= today and support:
        text = msg(
            "%(stage)s: work starts on %(start)s according to the plan, not after today; support for work "
            "already under way normally has no incentive effect.",
            stage=name,
            start=start,
        )
        out.append(PathWarning("work_started", text, stage))
    for s in support:
        if start is not None and s.apply_on is not None and s.apply_on >= start:
            text = msg(
                "%(stage)s: the plan applies for %(instrument)s on %(date)s, after work starts (%(start)s); "
                "there is no incentive effect.",
                stage=name,
                instrument=_support_name(s),
                date=s.apply_on,
                start=start,
            )
            out.append(PathWarning("applied_after_start", text, stage, s.member))
    return out + _tax_order(stage, support, rules, index)


def _support_name(s: Any) -> Term | str:
    """The instrument planned (named in the reader's language), else its agency."""
    return Term("instrument", (s.instrument,)) if s.instrument else Term("agency", (s.agency or "?",))


def _tax_order(stage: str, support: list[Any], rules: CompiledRules, index: PathIndex) -> list[PathWarning]:
    """SkatteFUNN applied for before a grant of the same member: apply for the grant first."""

    def forms(s: Any) -> frozenset[str]:
        entry = index.by_slug.get(s.instrument) if s.instrument else None
        return entry.forms if entry else frozenset()

    taxes = [s for s in support if s.apply_on and rules.tax_forms & forms(s)]
    grants = [
        s for s in support if s.apply_on and rules.grant_forms & forms(s) and not rules.tax_forms & forms(s)
    ]
    out = []
    for tax in taxes:
        later = [
            g
            for g in grants
            if g.apply_on > tax.apply_on and (g.member in (None, tax.member) or tax.member is None)
        ]
        if later:
            g = min(later, key=lambda x: x.apply_on)
            text = msg(
                "%(stage)s: the plan applies for %(tax)s (%(tax_date)s) before %(grant)s (%(grant_date)s); "
                "apply for the grant first.",
                stage=_stage(stage),
                tax=_support_name(tax),
                tax_date=tax.apply_on,
                grant=_support_name(g),
                grant_date=g.apply_on,
            )
            out.append(PathWarning("skattefunn_before_grant", text, stage, tax.member))
    return out
