"""Fill the register snapshot (``catalogue.registers.snapshot``) from the database."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from catalogue.instruments import repository
from catalogue.instruments.snapshot import FlowSnap
from catalogue.registers import repository as repository_registers
from catalogue.registers.snapshot import (
    AreaSnap,
    AreaStatusSnap,
    RegisterSnapshot,
    SymbiosisSnap,
    SymbiosisStatusSnap,
)
from catalogue.vocabulary import INFRASTRUCTURE_KINDS


def _access(row: object) -> dict[str, bool | None]:
    return {k: getattr(row, k) for k in (*INFRASTRUCTURE_KINDS, "competence_access")}


def build_register_snapshot(session: Session) -> RegisterSnapshot:
    statuses: dict[str, list[SymbiosisStatusSnap]] = defaultdict(list)
    for slug, row, area_slug in repository_registers.list_symbiosis_statuses(session):
        statuses[slug].append(
            SymbiosisStatusSnap(
                recorded_on=row.recorded_on,
                status=row.status,
                area=area_slug,
                note=row.note,
                source=row.source,
                **_access(row),
            )
        )
    missions: dict[str, list[str]] = defaultdict(list)
    for code, slug in repository_registers.list_mission_projects(session):
        missions[slug].append(code)
    instruments: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for slug, instrument, role in repository_registers.list_instrument_uses(session):
        instruments[slug].append((instrument, role))
    symbioses = tuple(
        SymbiosisSnap(
            slug=c.slug,
            name=c.name,
            county=c.county_code,
            value_chains=tuple(c.value_chains or ()),
            flows=tuple(FlowSnap(f.source, f.resource, f.target) for f in c.flows),
            statuses=tuple(statuses[c.slug]),
            missions=tuple(missions[c.slug]),
            instruments=tuple(instruments[c.slug]),
        )
        for c in repository.list_consortia(session)
    )
    areas = tuple(
        AreaSnap(
            slug=a.slug,
            name=a.name,
            county=a.county_code,
            municipality=a.municipality,
            description_nn=a.description_nn,
            description_en=a.description_en,
            source=a.source,
            source_url=a.source_url,
            statuses=tuple(
                AreaStatusSnap(
                    recorded_on=s.recorded_on,
                    emissions_status=s.emissions_status,
                    note=s.note,
                    source=s.source,
                    **_access(s),
                )
                for s in a.statuses
            ),
        )
        for a in repository_registers.list_areas(session)
    )
    return RegisterSnapshot(symbioses=symbioses, areas=areas)
