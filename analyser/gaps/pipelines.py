"""Stage pipelines per value chain, their gaps, and hand-offs between agencies.

For each value chain in ``pipeline.value_chains`` (seeds/barrier_needs.yaml) and each pipeline step (rnd →
pilot → full_scale, each met by any of its stages) the active instruments are split into *specific* ones
(tagged with the chain) and *generic* ones (tagged ``any``).

Gaps (``pipeline-gap:<chain>:<step>``), for chains with at least one specific instrument at some step:
- no specific instrument at the step: g = 1 between two covered steps, 0.8 at the start or end of the
  pipeline, times ½ when generic instruments open to consortia cover the step and ¾ when only closed
  generic ones do;
- specific instruments exist but none is open (even partly) to consortia: g = 0.5.
Hand-offs (``handoff:<chain>:<step>><step>``): two consecutive covered steps whose specific instruments
come from disjoint sets of agencies; g = 1, or 0.6 when those agencies already run a joint scheme together.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from analyser.gaps.barriers import fold_agency
from analyser.gaps.findings import Directory, Finding, Pressure, make
from analyser.gaps.needs import NeedsSpec
from analyser.matching.columns import Columns
from analyser.text import N_, Msg, Term, msg
from catalogue.instruments.snapshot import CatalogueSnapshot

MAX_SLUGS = 12


@dataclass(frozen=True)
class PipelineStepCover:
    step: str
    stages: tuple[str, ...]
    specific: tuple[str, ...]  # slugs, chain-specific instruments
    agencies: tuple[str, ...]  # agencies behind the specific instruments
    specific_open: int  # of them open (yes/partial) to consortia
    generic: int  # instruments tagged "any"
    generic_open: int


@dataclass(frozen=True)
class Pipeline:
    value_chain: str
    steps: tuple[PipelineStepCover, ...]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def build_pipelines(
    snapshot: CatalogueSnapshot, spec: NeedsSpec, cols: Columns, active: np.ndarray
) -> tuple[Pipeline, ...]:
    chains = cols.has("value_chains")
    stages = cols.has("stages")
    empty = np.zeros(cols.n, dtype=bool)
    open_ = cols.equals("consortium_eligibility", ["yes", "partial"])
    generic_mask = chains.get("any", empty) & active
    out = []
    for chain in spec.pipeline_value_chains:
        specific_mask = chains.get(chain, empty) & active
        steps = []
        for step in spec.pipeline_steps:
            at = np.zeros(cols.n, dtype=bool)
            for s in step.stages:
                at |= stages.get(s, empty)
            spec_idx = np.flatnonzero(specific_mask & at)
            insts = [snapshot.instruments[i] for i in spec_idx]
            steps.append(
                PipelineStepCover(
                    step=step.code,
                    stages=step.stages,
                    specific=tuple(i.slug for i in insts),
                    agencies=tuple(sorted({fold_agency(a) for i in insts for a in i.all_agencies})),
                    specific_open=int((open_[spec_idx]).sum()),
                    generic=int((generic_mask & at).sum()),
                    generic_open=int((generic_mask & at & open_).sum()),
                )
            )
        out.append(Pipeline(chain, tuple(steps)))
    return tuple(out)


def pipeline_findings(
    pipelines: tuple[Pipeline, ...],
    spec: NeedsSpec,
    snapshot: CatalogueSnapshot,
    directory: Directory,
    pressure: Pressure,
) -> list[Finding]:
    need_of = {s.code: s.need for s in spec.pipeline_steps}
    joint = _joint_pairs(snapshot)
    out: list[Finding] = []
    for pipe in pipelines:
        covered = [bool(s.specific) for s in pipe.steps]
        if not any(covered):
            continue
        among = [c.slug for c in snapshot.consortia if pipe.value_chain in c.value_chains]
        first, last = covered.index(True), len(covered) - 1 - covered[::-1].index(True)
        for k, step in enumerate(pipe.steps):
            g, reason = _gap(step, first < k < last)
            if g <= 0:
                continue
            need = need_of.get(step.step)
            u, pairs = pressure.of_needs([need] if need else [], among=among)
            before = pipe.steps[k - 1] if k > 0 else None
            after = pipe.steps[k + 1] if k + 1 < len(pipe.steps) else None
            around = [s for s in (before, after) if s is not None]
            agencies = [a for s in around for a in s.agencies] + list(step.agencies)
            slugs = [x for s in (*around, step) for x in s.specific][:MAX_SLUGS]
            out.append(
                make(
                    "pipeline-gap",
                    f"{pipe.value_chain}:{step.step}",
                    g,
                    *_gap_texts(pipe.value_chain, step, reason, around),
                    pressure=u,
                    instruments=slugs,
                    needs=[need] if need else [],
                    unfunded_pairs=pairs,
                    departments=_departments(agencies, directory),
                    agencies=agencies,
                    extra={
                        "value_chain": pipe.value_chain,
                        "step": step.step,
                        "reason": reason,
                        "steps": [asdict(s) for s in pipe.steps],
                    },
                )
            )
        out.extend(_handoffs(pipe, joint, directory))
    return out


def _gap(step: PipelineStepCover, interior: bool) -> tuple[float, str]:
    if step.specific:
        return (0.5, "closed-to-consortia") if step.specific_open == 0 else (0.0, "")
    base = 1.0 if interior else 0.8
    if step.generic_open:
        return base * 0.5, "generic-only"
    if step.generic:
        return base * 0.75, "generic-closed-only"
    return base, "none"


def _joint_pairs(snapshot: CatalogueSnapshot) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for inst in snapshot.instruments:
        codes = sorted({fold_agency(a) for a in inst.all_agencies})
        pairs.update(frozenset((a, b)) for a in codes for b in codes if a < b)
    return pairs


def _handoffs(pipe: Pipeline, joint: set[frozenset[str]], directory: Directory) -> list[Finding]:
    out = []
    for a, b in zip(pipe.steps, pipe.steps[1:], strict=False):
        if not a.specific or not b.specific or set(a.agencies) & set(b.agencies):
            continue
        linked = any(frozenset((x, y)) in joint for x in a.agencies for y in b.agencies)
        g = 0.6 if linked else 1.0
        chain = pipe.value_chain
        c, sa, sb = Term("value_chain", (chain,)), Term("stage", (a.step,)), Term("stage", (b.step,))
        before, after = Term("agency", a.agencies), Term("agency", b.agencies)
        title = msg(
            "%(chain)s: hand-off from %(before)s (%(first_stage)s) to %(after)s (%(next_stage)s)",
            chain=c,
            before=before,
            after=after,
            first_stage=sa,
            next_stage=sb,
        )
        rec = msg(
            "%(before)s and %(after)s should agree a joint hand-over for %(chain)s projects moving from "
            "%(first_stage)s to %(next_stage)s: one contact, a shared assessment and matching deadlines.",
            chain=c,
            before=before,
            after=after,
            first_stage=sa,
            next_stage=sb,
        )
        agencies = [*a.agencies, *b.agencies]
        out.append(
            make(
                "handoff",
                f"{chain}:{a.step}>{b.step}",
                g,
                title,
                rec,
                instruments=[*a.specific[:6], *b.specific[:6]],
                agencies=agencies,
                departments=_departments(agencies, directory),
                extra={"value_chain": chain, "from": a.step, "to": b.step, "joint_scheme_exists": linked},
            )
        )
    return out


def _departments(agencies: list[str], directory: Directory) -> list[str]:
    return [d for a in agencies for d in directory.ministry(a)]


# What a step of a pipeline has, by the reason code of its gap (the pipeline-gap title says it).
WHAT = {
    "none": N_("nothing"),
    "generic-only": N_("only generic instruments"),
    "generic-closed-only": N_("only generic instruments closed to consortia"),
    "closed-to-consortia": N_("instruments closed to consortia"),
}


def _gap_texts(
    chain: str, step: PipelineStepCover, reason: str, around: list[PipelineStepCover]
) -> tuple[Msg, Msg]:
    nearby = tuple(sorted({a for s in around for a in s.agencies}))
    c, st = Term("value_chain", (chain,)), Term("stage", (step.step,))
    title = msg(
        "Broken pipeline for %(chain)s: %(what)s at the %(stage)s step",
        chain=c,
        what=msg(WHAT[reason]),
        stage=st,
    )
    if nearby:
        rec = msg(
            "%(agencies)s, who cover the neighbouring steps, should agree who offers %(chain)s projects a "
            "%(stage)s step open to consortia, so projects do not stall between stages.",
            agencies=Term("agency", nearby),
            chain=c,
            stage=st,
        )
    else:
        rec = msg(
            "The agencies should agree who offers %(chain)s projects a %(stage)s step open to consortia, so "
            "projects do not stall between stages.",
            chain=c,
            stage=st,
        )
    return title, rec
