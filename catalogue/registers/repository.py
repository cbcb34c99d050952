"""Queries and writes of the mission-progress registers (industrial areas, dated status records, links).

Status records are history: writing a record for a new date adds a row; writing one for a date that
already has a record corrects that record. Nothing here deletes a status record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue import vocabulary as v
from catalogue.instruments.models import Consortium, Instrument
from catalogue.registers.models import (
    AreaStatus,
    ConsortiumInstrument,
    IndustrialArea,
    MissionProject,
    SymbiosisStatus,
)
from catalogue.registers.schemas import AccessIn, AreaIn, AreaStatusIn, InstrumentUseIn, SymbiosisStatusIn

ACCESS_FIELDS = (*v.INFRASTRUCTURE_KINDS, "competence_access")


def _set_if_changed(obj: object, name: str, value: object) -> None:
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def _copy_access(row: AreaStatus | SymbiosisStatus, s: AccessIn) -> None:
    for k in ACCESS_FIELDS:
        _set_if_changed(row, k, getattr(s, k))


# ---- industrial areas -----------------------------------------------------------------------------


def area_by_slug(session: Session, slug: str) -> IndustrialArea | None:
    return session.scalars(select(IndustrialArea).where(IndustrialArea.slug == slug)).one_or_none()


def upsert_area(session: Session, a: AreaIn) -> IndustrialArea:
    """Create or update an area and add (or correct, by date) its status records."""
    row = area_by_slug(session, a.slug)
    if row is None:
        row = IndustrialArea(slug=a.slug)
        session.add(row)
    for k in ("name", "municipality", "description_nn", "description_en", "source", "source_url"):
        _set_if_changed(row, k, getattr(a, k))
    _set_if_changed(row, "county_code", a.county)
    for s in a.statuses:
        record_area_status(session, row, s)
    return row


def area_status_on(area: IndustrialArea, day: dt.date) -> AreaStatus | None:
    """The status record of ``area`` on ``day``, if there is one."""
    return next((r for r in area.statuses if r.recorded_on == day), None)


def record_area_status(session: Session, area: IndustrialArea, s: AreaStatusIn) -> AreaStatus:
    """Add the status of ``area`` on ``s.recorded_on``; a record already on that date is corrected."""
    row = area_status_on(area, s.recorded_on)
    if row is None:
        row = AreaStatus(recorded_on=s.recorded_on)
        area.statuses.append(row)
    for k in ("emissions_status", "note", "source"):
        _set_if_changed(row, k, getattr(s, k))
    _copy_access(row, s)
    return row


def list_areas(session: Session) -> Sequence[IndustrialArea]:
    stmt = select(IndustrialArea).order_by(IndustrialArea.county_code, IndustrialArea.name)
    return session.scalars(stmt).all()


# ---- symbiosis status ------------------------------------------------------------------------------


def record_symbiosis_status(
    session: Session, consortium: Consortium, s: SymbiosisStatusIn
) -> SymbiosisStatus:
    """Add the status of a symbiosis on ``s.recorded_on``; a record already on that date is corrected.

    ``s.area`` (a slug) must name a registered area, or be null.
    """
    area = area_by_slug(session, s.area) if s.area else None
    if s.area and area is None:
        raise LookupError(f"unknown industrial area {s.area!r}")
    row = symbiosis_status_on(session, consortium, s.recorded_on)
    if row is None:
        row = SymbiosisStatus(consortium_id=consortium.id, recorded_on=s.recorded_on, status=s.status)
        session.add(row)
    _set_if_changed(row, "area_id", area.id if area else None)
    for k in ("status", "note", "source"):
        _set_if_changed(row, k, getattr(s, k))
    _copy_access(row, s)
    return row


def symbiosis_status_on(session: Session, consortium: Consortium, day: dt.date) -> SymbiosisStatus | None:
    """The status record of the symbiosis ``consortium`` on ``day``, if there is one."""
    return session.scalars(
        select(SymbiosisStatus).where(
            SymbiosisStatus.consortium_id == consortium.id, SymbiosisStatus.recorded_on == day
        )
    ).one_or_none()


def list_symbiosis_statuses(session: Session) -> Sequence[tuple[str, SymbiosisStatus, str | None]]:
    """Every status record as (consortium slug, record, area slug), oldest first per consortium."""
    stmt = (
        select(Consortium.slug, SymbiosisStatus, IndustrialArea.slug)
        .join(Consortium, Consortium.id == SymbiosisStatus.consortium_id)
        .outerjoin(IndustrialArea, IndustrialArea.id == SymbiosisStatus.area_id)
        .order_by(Consortium.slug, SymbiosisStatus.recorded_on)
    )
    return [(c, s, a) for c, s, a in session.execute(stmt).all()]


# ---- links: level-5 mission projects and instruments used --------------------------------------------


def add_mission_project(session: Session, consortium: Consortium, mission_code: str) -> MissionProject:
    row = session.get(MissionProject, (mission_code, consortium.id))
    if row is None:
        row = MissionProject(mission_code=mission_code, consortium_id=consortium.id)
        session.add(row)
    return row


def list_mission_projects(session: Session) -> Sequence[tuple[str, str]]:
    """(mission code, consortium slug) for every level-5 entry."""
    stmt = (
        select(MissionProject.mission_code, Consortium.slug)
        .join(Consortium, Consortium.id == MissionProject.consortium_id)
        .order_by(MissionProject.mission_code, Consortium.slug)
    )
    return [(m, c) for m, c in session.execute(stmt).all()]


def set_instrument_use(
    session: Session, consortium: Consortium, use: InstrumentUseIn
) -> ConsortiumInstrument:
    instrument = session.scalars(select(Instrument).where(Instrument.slug == use.instrument)).one_or_none()
    if instrument is None:
        raise LookupError(f"unknown instrument {use.instrument!r}")
    row = session.get(ConsortiumInstrument, (consortium.id, instrument.id))
    if row is None:
        row = ConsortiumInstrument(consortium_id=consortium.id, instrument_id=instrument.id)
        session.add(row)
    _set_if_changed(row, "role", use.role)
    _set_if_changed(row, "source", use.source)
    return row


def list_instrument_uses(session: Session) -> Sequence[tuple[str, str, str]]:
    """(consortium slug, instrument slug, role) for every instrument a consortium used or applied for."""
    stmt = (
        select(Consortium.slug, Instrument.slug, ConsortiumInstrument.role)
        .join(Consortium, Consortium.id == ConsortiumInstrument.consortium_id)
        .join(Instrument, Instrument.id == ConsortiumInstrument.instrument_id)
        .order_by(Consortium.slug, Instrument.slug)
    )
    return [(c, i, r) for c, i, r in session.execute(stmt).all()]


def register_counts(session: Session) -> dict[str, int]:
    models = {
        "industrial_area": IndustrialArea,
        "area_status": AreaStatus,
        "symbiosis_status": SymbiosisStatus,
        "mission_project": MissionProject,
        "consortium_instrument": ConsortiumInstrument,
    }
    return {name: session.scalar(select(func.count()).select_from(m)) or 0 for name, m in models.items()}
