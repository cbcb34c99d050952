"""Funding paths for consortia: which instruments, in which order, for which member, how much public money
can be stacked, and what stays unfunded (issue 4; method in docs/paths.md).

``find_path(snapshot, profile, rules, today=...)`` walks the stages from the profile's current to its target
stage. Each step lists the eligible instruments ranked by fit (at consortium level, or per member where
only single firms may apply) and the instruments left out with a reason code; competence and facilitation
run beside the stages as tracks. Steps of R&D type carry the GBER aid ceilings per member. ``rules`` is
``{"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from analyser.paths.index import PathIndex, index_for
from analyser.paths.model import (
    REASON_CODES,
    Candidate,
    Excluded,
    FundingPath,
    MemberCeiling,
    NeedCoverage,
    PathWarning,
    Step,
    Track,
)
from analyser.paths.plan import (
    application_order,
    ceiling_caveat,
    collaboration,
    collaboration_note,
    profile_warnings,
    step_ceilings,
    step_warnings,
)
from analyser.paths.precedent_index import PrecedentIndex
from analyser.paths.precedent_path import PathPrecedents, path_precedents
from analyser.paths.rules import CompiledRules, NeedRule, compile_rules
from analyser.paths.scan import evaluate
from analyser.paths.steps import Ctx, note_coverage, rank
from analyser.text import Local, Msg, Parts, Term, msg
from catalogue import vocabulary as v
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap

__all__ = [
    "REASON_CODES",
    "Candidate",
    "Excluded",
    "FundingPath",
    "MemberCeiling",
    "NeedCoverage",
    "PathIndex",
    "PathPrecedents",
    "PrecedentIndex",
    "PathWarning",
    "Step",
    "Track",
    "find_path",
    "path_stages",
    "unfunded_needs",
]

STAGE_KINDS = ("stage", "attribute")
_NONE = np.zeros(0, np.int64)


def path_stages(profile: ConsortiumSnap, rules: CompiledRules) -> tuple[str, ...]:
    """Stages from current to target, plus the first stage of any stage need outside that range."""
    need_stages = [rules.needs[n].stages[0] for n in profile.needs if rules.needs[n].kind == "stage"]
    known = [s for s in (profile.current_stage, profile.target_stage) if s]
    if not known and not need_stages:
        return ()
    order = v.STAGES.index
    start = profile.current_stage or min(need_stages + known, key=order)
    end = profile.target_stage or max(need_stages + known, key=order)
    chosen = set(v.STAGES[order(start) : order(end) + 1]) | set(need_stages)
    return tuple(s for s in v.STAGES if s in chosen)


def _attachments(stages: tuple[str, ...], needs: list[NeedRule]) -> dict[str, list[NeedRule]]:
    """Stage → the stage and attribute needs of the profile that attach to it."""
    out: dict[str, list[NeedRule]] = {s: [] for s in stages}
    for need in needs:
        if need.kind not in STAGE_KINDS:
            continue
        here = [s for s in stages if s in need.stages]
        if not here and need.kind == "attribute" and stages:
            here = [stages[-1]]
        for s in here:
            out[s].append(need)
    return out


def _step(
    stage: str,
    position: int,
    during: str | None,
    attached: list[NeedRule],
    ctx: Ctx,
    profile: ConsortiumSnap,
    collab: Any,
    today: dt.date,
) -> tuple[Step, list[PathWarning]]:
    index, rules = ctx.index, ctx.rules
    stage_needs = tuple(n.code for n in attached if n.kind == "stage")
    attr_needs = [n for n in attached if n.kind == "attribute"]
    attr_mask = sum(rules.need_bits[n.code] for n in attr_needs)
    idx = index.stage_idx.get(stage, _NONE)
    hits, excluded = evaluate(idx, ctx, step=True, attr_mask=attr_mask)
    for need in attached:
        note_coverage(hits, ctx, need, all_serve=need.kind == "stage")
    head = msg("stage %(stage)s", stage=Term("stage", (stage,)))
    candidates, more = rank(hits, ctx, head, stage_needs, attr_needs)
    ceilings, warnings = step_ceilings(stage, profile, collab, rules, index, ctx.validity)
    warnings = (
        step_warnings(stage, during, stage == profile.current_stage, candidates, profile, rules, today, index)
        + warnings
    )
    step = Step(
        stage,
        position,
        tuple(n.code for n in attached),
        candidates,
        more,
        excluded,
        ceilings,
        application_order(candidates, rules),
        during,
        profile.budget_per_stage.get(stage),
    )
    return step, warnings


def _track(need: NeedRule, ctx: Ctx) -> Track:
    hits, excluded = evaluate(ctx.index.track_idx(need), ctx, step=False, attr_mask=0)
    note_coverage(hits, ctx, need, all_serve=True)
    head = msg("%(need)s track", need=Term("need", (need.code,)))
    candidates, more = rank(hits, ctx, head, (need.code,), [])
    return Track(need.code, candidates, more, excluded)


def _conditions(rule: NeedRule) -> Parts:
    """What full cover of a need takes (its ``strong`` rule), as a list of conditions."""
    s, parts = rule.strong, []
    if s.level == "consortium":
        parts.append(msg("an application by the consortium as a group"))
    if s.consortium_eligibility is not None:
        values = Term("consortium", tuple(sorted(s.consortium_eligibility)), "or")
        parts.append(msg("consortia eligible (%(values)s)", values=values))
    if s.funding_forms_any is not None:
        values = Term("funding_form", tuple(f for f in v.FUNDING_FORMS if f in s.funding_forms_any), "or")
        parts.append(msg("funding as %(values)s", values=values))
    if s.value_chain_specific:
        parts.append(msg("a scheme for one of the consortium's value chains"))
    if s.attribute_names:
        parts.append(msg("an instrument that %(values)s", values=Term("attribute", s.attribute_names)))
    if s.min_fit:
        parts.append(msg("fit of at least %(n)s", n=s.min_fit))
    return Parts(tuple(parts), ", ")


def _best(best: tuple[str, ...], pool: list[tuple[int, str, bool, str]]) -> Parts:
    return Parts(
        tuple(
            msg(
                "%(instrument)s (fit %(fit)s)",
                instrument=Term("instrument", (slug,)),
                fit=max(x[0] for x in pool if x[1] == slug),
            )
            for slug in best
        ),
        ", ",
    )


def _coverage(needs: list[NeedRule], attach: dict[str, list[NeedRule]], ctx: Ctx) -> tuple[NeedCoverage, ...]:
    out = []
    for need in needs:
        stages = tuple(s for s, attached in attach.items() if need in attached)
        found = ctx.coverage.get(need.code, [])
        strong = [x for x in found if x[2]]
        pool = strong or found
        best = tuple(dict.fromkeys(x[1] for x in heapq.nlargest(6, pool, key=lambda x: (x[0], x[1]))))[:3]
        note: Msg
        if strong:
            status, note = "strong", msg("best: %(best)s", best=_best(best, pool))
        elif found:
            note = msg(
                "only weakly: %(best)s; full cover needs %(conditions)s",
                best=_best(best, pool),
                conditions=_conditions(need),
            )
            status = "weak"
        elif stages:
            status, note = "none", msg("no eligible instrument at %(stages)s", stages=Term("stage", stages))
        else:
            status, note = "none", msg("no eligible instrument")
        out.append(NeedCoverage(need.code, status, stages, best, note))
    return tuple(out)


def find_path(
    snapshot: CatalogueSnapshot | PathIndex,
    profile: ConsortiumSnap,
    rules: Mapping[str, Any] | CompiledRules,
    *,
    today: dt.date,
    precedents: PrecedentIndex | None = None,
) -> FundingPath:
    """The funding path of one consortium (pass a :class:`PathIndex` and :class:`CompiledRules` to reuse
    them across consortia). With ``precedents`` holding award data, the path also shows funded projects
    like the consortium's and each instrument's precedents add to its fit; without, nothing changes."""
    index = index_for(snapshot)
    compiled = compile_rules(rules)
    ctx = Ctx(profile, compiled, index, today)
    found = None
    if precedents is not None and precedents.n:
        found = path_precedents(precedents, profile, compiled.fit, today)
        ctx.use_precedents(found)
    needs = [compiled.needs[n] for n in profile.needs]
    stages = path_stages(profile, compiled)
    attach = _attachments(stages, needs)
    collab = collaboration(profile, compiled)
    steps, warnings = [], []
    for pos, stage in enumerate(stages):
        during = None if pos == 0 and stage == profile.current_stage else (stages[pos - 1] if pos else None)
        step, step_warn = _step(stage, pos + 1, during, attach[stage], ctx, profile, collab, today)
        steps.append(step)
        warnings += step_warn
    track_needs = tuple(n for n in needs if n.kind == "track")
    tracks = [_track(need, ctx) for need in track_needs]
    has_rd = any(s.ceilings for s in steps)
    warnings = profile_warnings(profile, collab, has_rd, index, ctx.validity) + warnings
    outside = index.outside(frozenset(stages), track_needs, compiled)
    return FundingPath(
        consortium=profile.slug,
        name=profile.name,
        current_stage=profile.current_stage,
        target_stage=profile.target_stage,
        collaboration=collab.effective,
        collaboration_note=collaboration_note(collab),
        steps=tuple(steps),
        tracks=tuple(tracks),
        warnings=tuple(warnings),
        coverage=_coverage(needs, attach, ctx),
        excluded=outside,
        today=today,
        ceiling_caveat=ceiling_caveat(compiled) if has_rd else Local(),
        rules_valid_until=ctx.validity.valid_until,
        precedents=found,
    )


def unfunded_needs(paths: Iterable[FundingPath], *, include_weak: bool = True) -> dict[str, list[str]]:
    """Need code → slugs of the consortia that cannot fund it (evidence for the gap analysis).

    A need covered only weakly (e.g. shared infrastructure reachable only through single members, generic
    schemes or equity) counts as unfunded unless ``include_weak`` is False.
    """
    out: dict[str, list[str]] = {}
    for path in paths:
        for c in path.coverage:
            if c.status == "none" or (include_weak and c.status == "weak"):
                out.setdefault(c.need, [])
                if path.consortium not in out[c.need]:
                    out[c.need].append(path.consortium)
    return {need: sorted(slugs) for need, slugs in sorted(out.items())}
