"""The five levels of the NIFU model of missions, as one tree: levels 1-4 from the mission data, level 5
the symbioses (projects) placed under a level-4 limited mission in the registers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from catalogue.instruments.snapshot import MissionSnap
from catalogue.registers.snapshot import RegisterSnapshot, SymbiosisSnap


@dataclass(frozen=True)
class HierarchyNode:
    level: int
    code: str
    mission: MissionSnap | None = None  # levels 1-4
    symbiosis: SymbiosisSnap | None = None  # level 5
    children: tuple[HierarchyNode, ...] = ()


def mission_tree(missions: Sequence[MissionSnap], registers: RegisterSnapshot) -> tuple[HierarchyNode, ...]:
    """Root nodes (missions without a parent), each with its sub-missions and, under level 4, its projects."""
    by_parent: dict[str | None, list[MissionSnap]] = {}
    for m in sorted(missions, key=lambda m: (m.level, m.code)):
        by_parent.setdefault(m.parent, []).append(m)
    projects: dict[str, list[SymbiosisSnap]] = {}
    for s in sorted(registers.symbioses, key=lambda s: s.name):
        for code in s.missions:
            projects.setdefault(code, []).append(s)

    def node(m: MissionSnap) -> HierarchyNode:
        children = [node(c) for c in by_parent.get(m.code, [])]
        children += [HierarchyNode(level=5, code=s.slug, symbiosis=s) for s in projects.get(m.code, [])]
        return HierarchyNode(level=m.level, code=m.code, mission=m, children=tuple(children))

    return tuple(node(m) for m in by_parent.get(None, []))


def walk(nodes: Sequence[HierarchyNode]) -> list[HierarchyNode]:
    """Every node, depth first."""
    out: list[HierarchyNode] = []
    for n in nodes:
        out.append(n)
        out.extend(walk(n.children))
    return out
