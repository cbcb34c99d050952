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
from analyser.gaps.findings import Directory, Finding, Pressure, Texts, make
from analyser.gaps.labels import cap, label
from analyser.gaps.needs import NeedsSpec
from analyser.matching.columns import Columns
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
                    _gap_texts(pipe.value_chain, step, reason, around, directory),
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
        names = {
            lang: (directory.agency_names(a.agencies, lang), directory.agency_names(b.agencies, lang))
            for lang in ("en", "nn", "nb")
        }
        chain = pipe.value_chain
        c = {lang: label("value_chain", chain, lang) for lang in ("en", "nn", "nb")}
        sa = {lang: label("stage", a.step, lang) for lang in ("en", "nn", "nb")}
        sb = {lang: label("stage", b.step, lang) for lang in ("en", "nn", "nb")}
        texts = Texts(
            title={
                "en": f"{cap(c['en'])}: hand-off from {names['en'][0]} ({sa['en']}) "
                f"to {names['en'][1]} ({sb['en']})",
                "nn": f"{cap(c['nn'])}: overgang frå {names['nn'][0]} ({sa['nn']}) "
                f"til {names['nn'][1]} ({sb['nn']})",
                "nb": f"{cap(c['nb'])}: overgang fra {names['nb'][0]} ({sa['nb']}) "
                f"til {names['nb'][1]} ({sb['nb']})",
            },
            recommendation={
                "en": f"{names['en'][0]} and {names['en'][1]} should agree a joint hand-over for {c['en']} "
                f"projects moving from {sa['en']} to {sb['en']}: one contact, a shared assessment and "
                f"matching deadlines.",
                "nn": f"{names['nn'][0]} og {names['nn'][1]} bør avtale ei felles overlevering for "
                f"prosjekt innan {c['nn']} som går frå {sa['nn']} til {sb['nn']}: éin kontakt, felles "
                f"vurdering og samkøyrde fristar.",
                "nb": f"{names['nb'][0]} og {names['nb'][1]} bør avtale en felles overlevering for "
                f"prosjekter innen {c['nb']} som går fra {sa['nb']} til {sb['nb']}: én kontakt, felles "
                f"vurdering og samkjørte frister.",
            },
        )
        agencies = [*a.agencies, *b.agencies]
        out.append(
            make(
                "handoff",
                f"{chain}:{a.step}>{b.step}",
                g,
                texts,
                instruments=[*a.specific[:6], *b.specific[:6]],
                agencies=agencies,
                departments=_departments(agencies, directory),
                extra={"value_chain": chain, "from": a.step, "to": b.step, "joint_scheme_exists": linked},
            )
        )
    return out


def _departments(agencies: list[str], directory: Directory) -> list[str]:
    return [d for a in agencies for d in directory.ministry(a)]


def _gap_texts(
    chain: str, step: PipelineStepCover, reason: str, around: list[PipelineStepCover], directory: Directory
) -> Texts:
    nearby = {
        lang: directory.agency_names(sorted({a for s in around for a in s.agencies}), lang)
        for lang in ("en", "nn", "nb")
    }
    what = {
        "none": ("nothing", "ingenting", "ingenting"),
        "generic-only": (
            "only generic instruments",
            "berre generelle verkemiddel",
            "bare generelle virkemidler",
        ),
        "generic-closed-only": (
            "only generic instruments closed to consortia",
            "berre generelle verkemiddel som er stengde for konsortium",
            "bare generelle virkemidler som er stengt for konsortier",
        ),
        "closed-to-consortia": (
            "instruments closed to consortia",
            "verkemiddel som er stengde for konsortium",
            "virkemidler som er stengt for konsortier",
        ),
    }[reason]
    owner = {
        lang: nearby[lang] or {"en": "The agencies", "nn": "Aktørane", "nb": "Aktørene"}[lang]
        for lang in ("en", "nn", "nb")
    }
    c = {lang: label("value_chain", chain, lang) for lang in ("en", "nn", "nb")}
    st = {lang: label("stage", step.step, lang) for lang in ("en", "nn", "nb")}
    return Texts(
        title={
            "en": f"Broken pipeline for {c['en']}: {what[0]} at the {st['en']} step",
            "nn": f"Brot i kjeda for {c['nn']}: {what[1]} på steget {st['nn']}",
            "nb": f"Brudd i kjeden for {c['nb']}: {what[2]} på steget {st['nb']}",
        },
        recommendation={
            "en": f"{owner['en']}, who cover the neighbouring steps, should agree who offers {c['en']} "
            f"projects a {st['en']} step open to consortia, so projects do not stall between stages.",
            "nn": f"{owner['nn']}, som dekkjer stega ved sida av, bør avklare kven som gir prosjekt innan "
            f"{c['nn']} eit steg for {st['nn']} som er ope for konsortium, så prosjekta ikkje "
            f"stoppar.",
            "nb": f"{owner['nb']}, som dekker stegene ved siden av, bør avklare hvem som gir prosjekter "
            f"innen {c['nb']} et steg for {st['nb']} som er åpent for konsortier, så prosjektene "
            f"ikke stopper.",
        },
    )
