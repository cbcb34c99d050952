"""Barrier findings (uncovered, weak, not answerable by instruments) and instruments that miss consortia.

Barrier coverage (answerable barrier b, answering instruments A_b, their agencies, ``min_answering`` m):
    E = Σ_{i∈A_b} score(b, i)                       weighted count of answers
    g = 1 − min(1, E/m) · (½ + ¼ · min(a, 2))       a = number of agencies behind A_b
(a single agency caps coverage at ¾: one agency's answer is fragile).
``barrier-uncovered`` when A_b is empty (g = 1), ``barrier-weak`` when g > 0. A barrier not answerable by
instruments gives ``barrier-unanswerable`` with g = 1, addressed to the departments that own the matter.

Consortium misses: an active instrument not open to consortia (``no`` c = 1, ``partial`` c = ½, not stated
c = 0.3) is flagged when its relevance ρ = max(mission relevance if it carries a mission tag, best text
relevance to an answerable barrier) reaches the ``relevant`` threshold; g = ρ · c (partial: c = 0.6).
"""

from __future__ import annotations

import numpy as np

from analyser.gaps.findings import Directory, Finding, Pressure, Text, make
from analyser.gaps.needs import BarrierRule
from analyser.matching.scoring import Scores
from analyser.text import Local, Msg, Term, msg, nmsg
from catalogue.instruments.snapshot import InstrumentSnap

MAX_EVIDENCE = 12
CLOSEDNESS = {"no": 1.0, "partial": 0.6, None: 0.3}


def fold_agency(code: str) -> str:
    """County authorities count as one agency group (FK) in coverage figures."""
    return "FK" if code.startswith("FK-") else code


def barrier_findings(scores: Scores, directory: Directory, pressure: Pressure) -> list[Finding]:
    out = []
    for k, barrier in enumerate(scores.barriers):
        rule = scores.rules[k]
        owners = rule.owner_departments or barrier.owner_departments
        u, pairs = pressure.of_needs(rule.needs)
        if not rule.answerable:
            related = np.flatnonzero(scores.active & (scores.text[k] >= scores.spec.thresholds.relevant))
            related = related[np.argsort(-scores.text[k, related], kind="stable")][:5]
            out.append(
                make(
                    "barrier-unanswerable",
                    barrier.code,
                    1.0,
                    *_unanswerable_texts(barrier.code, rule, owners),
                    pressure=u,
                    barriers=[barrier.code],
                    instruments=[scores.slugs[i] for i in related],
                    needs=rule.needs,
                    unfunded_pairs=pairs,
                    departments=owners,
                )
            )
            continue
        answering = scores.answering(barrier.code)
        weighted = float(scores.score[k, answering].sum())
        agencies = sorted({fold_agency(a) for i in answering for a in scores.instruments[i].all_agencies})
        g = 1.0 - min(1.0, weighted / rule.min_answering) * (0.5 + 0.25 * min(len(agencies), 2))
        if g <= 1e-9:
            continue
        partial = scores.partial(barrier.code)[:5]
        kind = "barrier-uncovered" if len(answering) == 0 else "barrier-weak"
        texts = _coverage_texts(
            kind,
            barrier.code,
            rule,
            owners,
            [scores.instruments[i] for i in answering],
            [scores.instruments[i] for i in partial],
        )
        out.append(
            make(
                kind,
                barrier.code,
                g,
                *texts,
                pressure=u,
                barriers=[barrier.code],
                instruments=[scores.slugs[i] for i in [*answering[:MAX_EVIDENCE], *partial]],
                needs=rule.needs,
                unfunded_pairs=pairs,
                departments=owners,
                agencies=[a for i in partial for a in scores.instruments[i].all_agencies],
                extra={
                    "answering": [scores.slugs[i] for i in answering],
                    "partial": [scores.slugs[i] for i in partial],
                    "answering_agencies": agencies,
                    "weighted_answers": round(weighted, 3),
                    "min_answering": rule.min_answering,
                },
            )
        )
    return out


def _unanswerable_texts(code: str, rule: BarrierRule, owners: tuple[str, ...]) -> tuple[Msg, Text]:
    title = msg(
        "%(code)s cannot be answered by support instruments: %(title)s",
        code=code,
        title=Term("barrier", (code,)),
    )
    given = Local(**dict(rule.recommendation))
    if given:
        return title, given
    return title, msg(
        "%(departments)s should take this up through the rules, licensing or infrastructure they own; "
        "grants and loans cannot remove it.",
        departments=Term("department", owners),
    )


def _coverage_texts(
    kind: str,
    code: str,
    rule: BarrierRule,
    owners: tuple[str, ...],
    answering: list[InstrumentSnap],
    partial: list[InstrumentSnap],
) -> tuple[Msg, Msg]:
    n = len(answering)
    barrier = Term("barrier", (code,))
    if kind == "barrier-uncovered":
        title = msg("No instrument answers %(code)s: %(title)s", code=code, title=barrier)
    else:
        title = nmsg(
            "%(code)s is weakly covered (%(num)s instrument): %(title)s",
            "%(code)s is weakly covered (%(num)s instruments): %(title)s",
            n,
            code=code,
            title=barrier,
        )
    departments = Term("department", owners)
    rationale = Local(rule.rationale_en, rule.rationale_nn, rule.rationale_nb)
    base = (
        msg(
            "%(departments)s should make sure the portfolio offers what the barrier needs: %(why)s",
            departments=departments,
            why=rationale,
        )
        if rationale
        else msg(
            "%(departments)s should make sure the portfolio offers what the barrier needs.",
            departments=departments,
        )
    )
    if n:
        named = Term("instrument", tuple(i.slug for i in answering[:4]))
        listed = (
            msg("%(instruments)s and others", instruments=Term("instrument", named.codes, ","))
            if n > 4
            else named
        )
        base = msg("Answering today: %(instruments)s. %(rest)s", instruments=listed, rest=base)
    if partial:
        near = Term("instrument", tuple(i.slug for i in partial[:3]))
        base = msg("%(rest)s Closest to answering: %(instruments)s.", rest=base, instruments=near)
    return title, base


# ---------------------------------------------------------------- instruments that miss consortia


def offered_needs(inst: InstrumentSnap) -> list[str]:
    """Consortium needs (vocabulary NEEDS) an instrument would meet if a consortium could get it."""
    out = [s for s in inst.stages if s in ("feasibility", "rnd", "pilot", "full_scale")]
    if inst.funds_shared_infrastructure:
        out.append("shared_infrastructure")
    if inst.risk_relief:
        out.append("risk_relief")
    if "competence" in inst.types:
        out.append("competence")
    if inst.pays_coordination_costs:
        out.append("facilitation")
    return out


def consortium_findings(scores: Scores, directory: Directory, pressure: Pressure) -> list[Finding]:
    spec = scores.spec
    n = len(scores.instruments)
    if not n:
        return []
    answerable = np.array([r.answerable for r in scores.rules], dtype=bool)
    text = scores.text[answerable] if answerable.any() else np.zeros((1, n), dtype=np.float32)
    mission = np.fromiter((bool(i.missions) for i in scores.instruments), dtype=bool, count=n)
    relevance = np.maximum(np.where(mission, spec.thresholds.mission_relevance, 0.0), text.max(axis=0))
    eligibility = [i.consortium_eligibility for i in scores.instruments]
    closed = np.array([e != "yes" for e in eligibility], dtype=bool)
    candidates = np.flatnonzero(scores.active & closed & (relevance >= spec.thresholds.relevant))
    codes = [scores.codes[k] for k in np.flatnonzero(answerable)]
    relevant = (text[:, candidates] >= spec.thresholds.relevant).T.tolist()  # one row per candidate
    out = []
    for i, hits, rho in zip(candidates.tolist(), relevant, relevance[candidates].tolist(), strict=True):
        inst = scores.instruments[i]
        needs = offered_needs(inst)
        u, pairs = pressure.of_needs(needs)
        g = rho * CLOSEDNESS.get(inst.consortium_eligibility, 0.3)
        barriers = [c for c, hit in zip(codes, hits, strict=True) if hit]
        out.append(
            make(
                "consortium-miss",
                inst.slug,
                g,
                *_miss_texts(inst),
                pressure=u,
                instruments=[inst.slug],
                barriers=barriers,
                needs=needs,
                unfunded_pairs=pairs,
                departments=_departments(inst, directory),
                agencies=inst.all_agencies,
                extra={
                    "consortium_eligibility": inst.consortium_eligibility,
                    "condition": inst.consortium_condition,
                    "missions": list(inst.missions),
                    "relevance": round(rho, 3),
                },
            )
        )
    return out


def _departments(inst: InstrumentSnap, directory: Directory) -> tuple[str, ...]:
    key = ("departments", inst.all_agencies, inst.owner_ministries)
    found = directory.memo.get(key)
    if found is None:
        found = directory.memo[key] = tuple(
            d for a in inst.all_agencies for d in directory.ministry(a, inst.owner_ministries)
        )
    return found


def _miss_texts(inst: InstrumentSnap) -> tuple[Msg, Msg]:
    name = Term("instrument", (inst.slug,))
    agency = Term("agency", (inst.agency,))
    state = inst.consortium_eligibility
    if state == "partial":
        condition = inst.consortium_condition
        title = (
            msg(
                "%(instrument)s (%(agency)s) is only partly open to consortia (condition: %(condition)s)",
                instrument=name,
                agency=agency,
                condition=condition.rstrip("."),
            )
            if condition
            else msg(
                "%(instrument)s (%(agency)s) is only partly open to consortia", instrument=name, agency=agency
            )
        )
        rec = msg(
            "%(agency)s should let a consortium apply as one project, with a lead applicant on behalf of the "
            "partners and costs shared between them.",
            agency=agency,
        )
    elif state == "no":
        title = msg("%(instrument)s (%(agency)s) is closed to consortia", instrument=name, agency=agency)
        rec = msg(
            "%(agency)s should open the instrument to consortia, or add a consortium track, since it is "
            "relevant to the missions or barriers.",
            agency=agency,
        )
    else:
        title = msg(
            "%(instrument)s (%(agency)s) does not state whether consortia may apply",
            instrument=name,
            agency=agency,
        )
        rec = msg(
            "%(agency)s should state in the call text whether and how a consortium may apply.", agency=agency
        )
    return title, rec
