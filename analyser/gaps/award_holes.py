"""Funded-project evidence on the holes of the mission grid and on coordination between funders, and the
entry point of every award check (``award_findings``). Kinds, thresholds and formulas: docs/analyser.md,
"Evidence from funded projects".

- ``hole-confirmed``: a ``grid-hole`` whose hole stages no funded project in the sources fills (funded
  activities classified into the value chain and stage by ``seeds/award_evidence.yaml``, any county);
  g and pressure as the grid hole's.
- ``catalogue-error``: a ``grid-hole`` contradicted by funded projects: money reached that value chain and
  stage, so an instrument is missing from the catalogue or mis-tagged; g = contradicted cells / hole cells.
- ``uncoordinated-funding``: organisations funded by two or more funders for work in one value chain, or
  a registered symbiosis whose members are, where no catalogue instrument is run jointly by those
  funders; g = min(1, organisations / ``ORGANISATIONS_FULL``), for a symbiosis min(1, (funders − 1) / 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analyser.gaps.awards import (
    award_rows,
    consortia_findings,
    not_measurable_finding,
    rejection_findings,
    sources_of,
    unmapped_findings,
)
from analyser.gaps.findings import Directory, Finding, make
from analyser.text import Term, msg, nmsg
from catalogue.awards.snapshot import AwardEvidence, CellFundingSnap, OrganisationFundersSnap
from catalogue.instruments.snapshot import CatalogueSnapshot

ORGANISATIONS_FULL = 10
ROWS = 10


def award_findings(
    evidence: AwardEvidence | None,
    snapshot: CatalogueSnapshot,
    grid: Sequence[Finding],
    directory: Directory,
) -> list[Finding]:
    """Every finding from funded-project data; none without data (the analysis is then unchanged)."""
    if evidence is None or evidence.empty:
        return []
    consortia, unmeasured_consortia = consortia_findings(evidence, snapshot, directory)
    rejected, unmeasured_rejections = rejection_findings(evidence, snapshot, directory)
    holes, unmeasured_holes = hole_findings(evidence, grid)
    found = [
        *consortia,
        *unmapped_findings(evidence, directory),
        *holes,
        *rejected,
        *coordination_findings(evidence, snapshot, directory),
    ]
    for question, items in (
        ("consortia", unmeasured_consortia),
        ("rejections", unmeasured_rejections),
        ("holes", unmeasured_holes),
    ):
        finding = not_measurable_finding(question, items, evidence, directory, snapshot)
        if finding is not None:
            found.append(finding)
    return found


# ---- holes of the mission grid ----------------------------------------------------------------------


def _cells(evidence: AwardEvidence, chain: str, stage: str) -> list[CellFundingSnap]:
    return [c for c in evidence.cells if c.value_chain == chain and (stage == "any" or c.stage == stage)]


def hole_findings(
    evidence: AwardEvidence, grid: Sequence[Finding]
) -> tuple[list[Finding], list[dict[str, Any]]]:
    out: list[Finding] = []
    unmeasured: list[dict[str, Any]] = []
    for hole in grid:
        if hole.kind != "grid-hole" or not hole.evidence.get("holes"):
            continue
        chain, mission = hole.evidence["value_chain"], hole.evidence["mission"]
        if chain not in evidence.classified_chains:
            unmeasured.append({"mission": mission, "value_chain": chain, "reason": "no-classification"})
            continue
        contradicted: list[tuple[dict[str, str], list[CellFundingSnap]]] = []
        confirmed: list[tuple[dict[str, str], list[CellFundingSnap]]] = []
        for cell in hole.evidence["holes"]:
            funded = _cells(evidence, chain, cell["stage"])
            (contradicted if funded else confirmed).append((cell, funded))
        if contradicted:
            out.append(_contradicted(hole, contradicted, evidence))
        if confirmed:
            out.append(_confirmed(hole, [c for c, _ in confirmed], evidence))
    return out, unmeasured


def _confirmed(hole: Finding, cells: list[dict[str, str]], evidence: AwardEvidence) -> Finding:
    mission, chain = hole.evidence["mission"], hole.evidence["value_chain"]
    keys = [s.key for s in evidence.sources if s.activity_count]
    return make(
        "hole-confirmed",
        f"{mission}:{chain}",
        hole.magnitude,
        msg(
            "%(mission)s, %(chain)s: no funded project in these sources fills the hole either",
            mission=Term("mission_topic", (mission,)),
            chain=Term("value_chain", (chain,)),
        ),
        hole.recommendation,
        pressure=hole.pressure,
        needs=[n["need"] for n in hole.evidence.get("needs", [])],
        agencies=hole.agencies,
        departments=hole.departments,
        extra={
            "mission": mission,
            "value_chain": chain,
            "holes": cells,
            "funded": 0,
            "grid_finding": hole.code,
            "sources": sources_of(evidence, keys),
        },
    )


def _contradicted(
    hole: Finding, cells: list[tuple[dict[str, str], list[CellFundingSnap]]], evidence: AwardEvidence
) -> Finding:
    mission, chain = hole.evidence["mission"], hole.evidence["value_chain"]
    funded = [f for _, found in cells for f in found]
    counties: dict[str, int] = {}
    for f in funded:
        for county, n in f.counties:
            counties[county] = counties.get(county, 0) + n
    total = sum(f.funded for f in funded)
    return make(
        "catalogue-error",
        f"{mission}:{chain}",
        len(cells) / max(len(hole.evidence["holes"]), 1),
        nmsg(
            "%(mission)s, %(chain)s: the catalogue has a hole where %(num)s funded project shows money "
            "flowing",
            "%(mission)s, %(chain)s: the catalogue has a hole where %(num)s funded projects show money "
            "flowing",
            total,
            mission=Term("mission_topic", (mission,)),
            chain=Term("value_chain", (chain,)),
        ),
        msg(
            "Find the instrument behind these projects (the programmes named) and add it to the catalogue, "
            "or correct the value chains and stages of the instrument that already stands for it."
        ),
        agencies=hole.agencies,
        departments=hole.departments,
        extra={
            "mission": mission,
            "value_chain": chain,
            "contradicted": [
                {"type": c["type"], "stage": c["stage"], "funded": sum(f.funded for f in found)}
                for c, found in cells
            ],
            "funded": total,
            "counties": [
                {"county": c, "funded": n} for c, n in sorted(counties.items(), key=lambda x: -x[1])
            ],
            "programmes": sorted({p for f in funded for p in f.programmes}),
            "grid_finding": hole.code,
            "sources": sources_of(evidence, {s for f in funded for s in f.sources}),
            **award_rows([r for f in funded for r in f.rows], total),
        },
    )


# ---- coordination between funders ------------------------------------------------------------------


def _joint(snapshot: CatalogueSnapshot, funders: frozenset[str]) -> bool:
    return any(funders <= set(i.all_agencies) for i in snapshot.instruments)


def coordination_findings(
    evidence: AwardEvidence, snapshot: CatalogueSnapshot, directory: Directory
) -> list[Finding]:
    groups: dict[tuple[str, frozenset[str]], list[OrganisationFundersSnap]] = {}
    for org in evidence.organisations:
        groups.setdefault((org.value_chain, frozenset(f.funder for f in org.funders)), []).append(org)
    keys = [s.key for s in evidence.sources if s.activity_count]
    out = []
    for (chain, funders), orgs in sorted(groups.items(), key=lambda x: (x[0][0], sorted(x[0][1]))):
        if _joint(snapshot, funders):
            continue
        named = sorted(funders)
        orgs = sorted(orgs, key=lambda o: (-sum(f.activities for f in o.funders), o.key))
        out.append(
            make(
                "uncoordinated-funding",
                f"{chain}:{'+'.join(named)}",
                min(1.0, len(orgs) / ORGANISATIONS_FULL),
                nmsg(
                    "%(chain)s: %(num)s organisation funded by %(funders)s for related work, with no joint "
                    "scheme",
                    "%(chain)s: %(num)s organisations funded by %(funders)s for related work, with no joint "
                    "scheme",
                    len(orgs),
                    chain=Term("value_chain", (chain,)),
                    funders=Term("agency", tuple(named)),
                ),
                _coordinate(named),
                agencies=[f for f in named if f in directory.agencies],
                departments=[d for f in named for d in directory.ministry(f)],
                extra={
                    "value_chain": chain,
                    "funders": named,
                    "organisations": [_org(o) for o in orgs[:ROWS]],
                    "organisations_more": max(0, len(orgs) - ROWS),
                    "sources": sources_of(evidence, keys),
                },
            )
        )
    return out + _symbiosis_findings(evidence, snapshot, directory, keys)


def _org(o: OrganisationFundersSnap) -> dict[str, Any]:
    return {
        "organisation": o.name,
        "orgnr": o.orgnr,
        "funding": [
            {
                "funder": f.funder,
                "activities": f.activities,
                "granted_minor": f.granted_minor,
                "currency": f.currency,
            }
            for f in o.funders
        ],
    }


def _coordinate(funders: list[str]) -> Any:
    return msg(
        "%(funders)s should agree on a joint entry or a common assessment for such projects, so that one "
        "applicant does not build the same case several times.",
        funders=Term("agency", tuple(funders)),
    )


def _symbiosis_findings(
    evidence: AwardEvidence, snapshot: CatalogueSnapshot, directory: Directory, keys: list[str]
) -> list[Finding]:
    out = []
    for s in evidence.symbioses:
        funders = frozenset(f.funder for f in s.funders)
        if len(funders) < 2 or _joint(snapshot, funders):
            continue
        named = sorted(funders)
        out.append(
            make(
                "uncoordinated-funding",
                f"symbiosis:{s.slug}",
                min(1.0, (len(funders) - 1) / 2),
                msg(
                    "%(symbiosis)s: its members are funded by %(funders)s, with no joint scheme",
                    symbiosis=Term("consortium_name", (s.slug,)),
                    funders=Term("agency", tuple(named)),
                ),
                _coordinate(named),
                agencies=[f for f in named if f in directory.agencies],
                departments=[d for f in named for d in directory.ministry(f)],
                extra={
                    "consortia": [s.slug],
                    "members_funded": s.members,
                    "funders": named,
                    "funding": [
                        {
                            "funder": f.funder,
                            "activities": f.activities,
                            "granted_minor": f.granted_minor,
                            "currency": f.currency,
                        }
                        for f in s.funders
                    ],
                    "sources": sources_of(evidence, keys),
                },
            )
        )
    return out
