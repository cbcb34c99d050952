"""Holes in the grid type × mission × value chain × stage.

The cells a mission calls for come from ``grid`` in seeds/barrier_needs.yaml: for each mission, the instrument
types and stages it needs, crossed with the priority value chains. A cell is *covered* by an active instrument
carrying that type, mission and stage (``any`` = stage does not matter) whose value chains include the chain
or ``any``. A cell is a *hole* when nothing covers it and *thin* when only generic (``any``) instruments do.
One ``grid-hole:<mission>:<chain>`` finding per mission and chain that has a hole, or that no chain-specific
instrument serves at all; g = (holes + 0.4 · thin cells) / cells of that mission.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analyser.gaps.barriers import fold_agency
from analyser.gaps.findings import Directory, Finding, Pressure, make
from analyser.gaps.needs import NeedsSpec
from analyser.matching.columns import Columns
from analyser.text import Msg, Parts, Term, msg
from catalogue.instruments.snapshot import CatalogueSnapshot

MISSION_NEEDS = {"I": (), "II": ("shared_infrastructure",), "III": ("competence",)}
STAGE_NEEDS = {"feasibility", "rnd", "pilot", "full_scale"}
MAX_AGENCIES = 3


@dataclass(frozen=True)
class GridCell:
    mission: str
    value_chain: str
    type: str
    stage: str
    specific: int
    generic: int

    @property
    def hole(self) -> bool:
        return self.specific == 0 and self.generic == 0


def build_grid(spec: NeedsSpec, cols: Columns, active: np.ndarray) -> tuple[GridCell, ...]:
    empty = np.zeros(cols.n, dtype=bool)
    types, missions = cols.has("types"), cols.has("missions")
    stages, chains = cols.has("stages"), cols.has("value_chains")
    generic_chain = chains.get("any", empty)
    out = []
    for mission, mission_types, mission_stages in spec.grid_missions:
        for t in mission_types:
            base = active & types.get(t, empty) & missions.get(mission, empty)
            for s in mission_stages:
                at = base if s == "any" else base & stages.get(s, empty)
                generic = int((at & generic_chain).sum())
                for chain in spec.grid_value_chains:
                    specific = int((at & chains.get(chain, empty)).sum())
                    out.append(GridCell(mission, chain, t, s, specific, generic))
    return tuple(out)


def grid_findings(
    cells: tuple[GridCell, ...],
    snapshot: CatalogueSnapshot,
    cols: Columns,
    active: np.ndarray,
    directory: Directory,
    pressure: Pressure,
) -> list[Finding]:
    groups: dict[tuple[str, str], list[GridCell]] = {}
    for cell in cells:
        groups.setdefault((cell.mission, cell.value_chain), []).append(cell)
    out = []
    for (mission, chain), group in groups.items():
        holes = [c for c in group if c.hole]
        thin = [c for c in group if not c.hole and c.specific == 0]
        if not holes and len(thin) < len(group):
            continue
        missing = holes or thin
        near = _mission_agencies(snapshot, cols, active, mission, {c.type for c in missing})
        needs = [*(c.stage for c in missing if c.stage in STAGE_NEEDS), *MISSION_NEEDS.get(mission, ())]
        among = [c.slug for c in snapshot.consortia if chain in c.value_chains]
        u, pairs = pressure.of_needs(needs, among=among)
        out.append(
            make(
                "grid-hole",
                f"{mission}:{chain}",
                (len(holes) + 0.4 * len(thin)) / len(group),
                *_texts(mission, chain, holes, thin, near),
                pressure=u,
                needs=needs,
                unfunded_pairs=pairs,
                agencies=near,
                departments=[d for a in near for d in directory.ministry(a)],
                extra={
                    "mission": mission,
                    "value_chain": chain,
                    "holes": [{"type": c.type, "stage": c.stage} for c in holes],
                    "thin": [{"type": c.type, "stage": c.stage} for c in thin],
                },
            )
        )
    return out


def _mission_agencies(
    snapshot: CatalogueSnapshot, cols: Columns, active: np.ndarray, mission: str, types: set[str]
) -> list[str]:
    """The (up to) three agencies running most instruments of these types for the mission, any chain."""
    empty = np.zeros(cols.n, dtype=bool)
    mask = active & cols.has("missions").get(mission, empty) & cols.has_any("types", sorted(types))
    counts: dict[str, int] = {}
    for i in np.flatnonzero(mask):
        code = fold_agency(snapshot.instruments[i].agency)
        counts[code] = counts.get(code, 0) + 1
    return sorted(sorted(counts, key=lambda c: (-counts[c], c))[:MAX_AGENCIES])


def _texts(
    mission: str, chain: str, holes: list[GridCell], thin: list[GridCell], near: list[str]
) -> tuple[Msg, Msg]:
    cells = Parts(
        tuple(
            msg("%(type)s / %(stage)s", type=Term("type", (c.type,)), stage=Term("stage", (c.stage,)))
            for c in holes or thin
        ),
        ", ",
    )
    m, c = Term("mission_topic", (mission,)), Term("value_chain", (chain,))
    if holes:
        title = msg("%(mission)s, %(chain)s: no instrument for %(cells)s", mission=m, chain=c, cells=cells)
    else:
        title = msg(
            "%(mission)s, %(chain)s: only generic instruments, none aimed at the chain", mission=m, chain=c
        )
    rec = (
        msg(
            "%(agencies)s, who already serve %(mission)s, should open an existing instrument to %(chain)s or "
            "tag "
            "it for this mission if it already fits.",
            agencies=Term("agency", tuple(near)),
            mission=m,
            chain=c,
        )
        if near
        else msg(
            "The agencies that serve %(mission)s should open an existing instrument to %(chain)s or tag it "
            "for this mission if it already fits.",
            mission=m,
            chain=c,
        )
    )
    return title, rec
