"""Chart data for a gap report (pure): coverage heatmap, stage pipeline per value chain, type × applicant.

Everything is plain lists and dicts (JSON-ready); the renderers turn them into SVG or PDF drawings.

- ``heatmap``: rows = barriers, columns = agencies, cell = number of active instruments of that agency
  (lead or partner) that answer the barrier: the analyser's barrier × agency matrix
  (``Analysis.coverage["agency"]``); without an analysis, an instrument answers a barrier when one of the
  barrier's keywords occurs in its text. The audience's agencies are always columns.
- ``pipeline``: rows = ``any`` (instruments open to every value chain), then the value chains; columns =
  pipeline steps; cell = number of active instruments in the whole catalogue aimed at that chain and step,
  how many of them are the audience's, and whether all of them are closed to consortia. A step with no
  chain-specific instrument is a gap in the pipeline (``analyser.gaps.pipelines``).
- ``type_applicant``: rows = instrument types, columns = applicant groups, cell = the audience's instruments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap
from catalogue.vocabulary import APPLICANTS, STAGES, TYPES

MAX_CHAINS = 10


def active(instruments: Iterable[InstrumentSnap]) -> list[InstrumentSnap]:
    return [i for i in instruments if i.status != "closed"]


def _agency_columns(snapshot: CatalogueSnapshot, instruments: Sequence[InstrumentSnap]) -> list[str]:
    """Agencies owning or co-running an instrument, largest portfolio first; counties folded into FK."""
    counts: dict[str, int] = {}
    for inst in instruments:
        for code in {_fold_county(c) for c in inst.all_agencies}:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda c: (-counts[c], c))


def _fold_county(code: str) -> str:
    return "FK" if code.startswith("FK-") else code


def _keyword_coverage(
    snapshot: CatalogueSnapshot, instruments: Sequence[InstrumentSnap]
) -> dict[str, set[str]]:
    """barrier code → slugs of instruments whose text mentions one of the barrier's keywords (no analysis)."""
    texts = {i.slug: i.text().casefold() for i in instruments}
    return {
        b.code: {slug for slug, text in texts.items() if any(k.casefold() in text for k in b.keywords)}
        for b in snapshot.barriers
    }


def heatmap(
    snapshot: CatalogueSnapshot, highlight: Sequence[str], lang: str, analysis: Any = None
) -> dict[str, Any]:
    """From the analyser's barrier × agency matrix when there is one, else from barrier keywords."""
    matrix = (getattr(analysis, "coverage", None) or {}).get("agency")
    folded = [_fold_county(c) for c in highlight]
    if matrix is not None:
        columns = list(matrix.columns) + [c for c in dict.fromkeys(folded) if c not in matrix.columns]
        count = matrix.count
    else:
        instruments = active(snapshot.instruments)
        columns = _agency_columns(snapshot, instruments)
        columns += [c for c in dict.fromkeys(folded) if c not in columns]
        covered = _keyword_coverage(snapshot, instruments)
        by_slug = {i.slug: i for i in instruments}

        def count(barrier: str, column: str) -> int:
            return sum(
                1
                for slug in covered.get(barrier, ())
                if slug in by_slug and column in {_fold_county(a) for a in by_slug[slug].all_agencies}
            )

    values = [[count(b.code, c) for c in columns] for b in snapshot.barriers]
    rows = [
        {"code": b.code, "label": b.title(lang), "answerable": b.answerable_by_instruments, "values": v}
        for b, v in zip(snapshot.barriers, values, strict=True)
    ]
    return {
        "columns": columns,
        "highlight": [c for c in columns if c in folded],
        "rows": rows,
        "max": max((x for v in values for x in v), default=0),
    }


def _chains(snapshot: CatalogueSnapshot, own: Sequence[InstrumentSnap]) -> list[str]:
    chains: list[str] = []
    for consortium in snapshot.consortia:
        chains += [c for c in consortium.value_chains if c not in chains]
    counts: dict[str, int] = {}
    for inst in own:
        for chain in inst.value_chains:
            if chain != "any" and chain not in chains:
                counts[chain] = counts.get(chain, 0) + 1
    chains += sorted(counts, key=lambda c: (-counts[c], c))
    return chains[:MAX_CHAINS]


def pipeline(
    snapshot: CatalogueSnapshot, own: Sequence[InstrumentSnap], analysis: Any = None
) -> dict[str, Any]:
    """Rows: "any" (instruments open to every value chain), then one per value chain; columns: steps.

    With an analysis the steps and chains are the analyser's (``Analysis.pipelines``: rnd → pilot → full
    scale, each met by any of its stages), so the chart shows exactly what the pipeline findings judge;
    without one, every stage is a step and the chains are the consortia's and the audience's.
    """
    pipes = tuple(getattr(analysis, "pipelines", None) or ())
    if pipes:
        steps = [(s.step, tuple(s.stages)) for s in pipes[0].steps]
        chains = [p.value_chain for p in pipes]
    else:
        steps = [(stage, (stage,)) for stage in STAGES]
        chains = _chains(snapshot, own)
    instruments = active(snapshot.instruments)
    own_slugs = {i.slug for i in own}
    rows = []
    for chain in ["any", *chains]:
        serving = [i for i in instruments if chain in i.value_chains]
        at = [[i for i in serving if set(stages) & set(i.stages)] for _, stages in steps]
        rows.append(
            {
                "chain": chain,
                "total": [len(x) for x in at],
                "own": [sum(1 for i in x if i.slug in own_slugs) for x in at],
                "closed": [
                    bool(x) and all(i.consortium_eligibility not in ("yes", "partial") for i in x) for x in at
                ],
            }
        )
    return {
        "stages": [code for code, _ in steps],
        "step_stages": [list(st) for _, st in steps],
        "rows": rows,
        "max": max((v for r in rows[1:] for v in r["total"]), default=0),
    }


def type_applicant(own: Sequence[InstrumentSnap]) -> dict[str, Any]:
    instruments = active(own)
    applicants = [a for a in APPLICANTS if any(a in i.applicants for i in instruments)]
    values = [
        [sum(1 for i in instruments if t in i.types and a in i.applicants) for a in applicants] for t in TYPES
    ]
    rows = [{"type": t, "values": v} for t, v in zip(TYPES, values, strict=True)]
    return {"applicants": applicants, "rows": rows, "max": max((x for v in values for x in v), default=0)}


def figures(
    snapshot: CatalogueSnapshot,
    own: Sequence[InstrumentSnap],
    highlight: Sequence[str],
    lang: str,
    analysis: Any = None,
) -> dict[str, Any]:
    return {
        "heatmap": heatmap(snapshot, highlight, lang, analysis),
        "pipeline": pipeline(snapshot, own, analysis),
        "type_applicant": type_applicant(own),
    }
