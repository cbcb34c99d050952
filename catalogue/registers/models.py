"""Registers for mission progress: industrial areas, dated status records, and the links of a symbiosis
(a consortium) to the instruments it used and to the limited missions it serves (NIFU level 5).

Status is never overwritten: every change is a new row with its own ``recorded_on`` date, one row per
(area or consortium, date). Unknown facts (an infrastructure kind nobody has stated) are NULL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.instruments.models import Base


class AccessFlags:
    """Access to each kind of infrastructure and to critical competence: true, false or NULL (unknown)."""

    power: Mapped[bool | None] = mapped_column(Boolean)
    digital: Mapped[bool | None] = mapped_column(Boolean)
    green_transport: Mapped[bool | None] = mapped_column(Boolean)
    test_facilities: Mapped[bool | None] = mapped_column(Boolean)
    symbiosis_infrastructure: Mapped[bool | None] = mapped_column(Boolean)
    competence_access: Mapped[bool | None] = mapped_column(Boolean)


class IndustrialArea(Base):
    __tablename__ = "industrial_area"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    municipality: Mapped[str | None] = mapped_column(String(100))
    description_nn: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(500))
    source_url: Mapped[str | None] = mapped_column(String(500))
    statuses: Mapped[list[AreaStatus]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AreaStatus.recorded_on"
    )


class AreaStatus(AccessFlags, Base):
    __tablename__ = "area_status"
    __table_args__ = (UniqueConstraint("area_id", "recorded_on"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("industrial_area.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    emissions_status: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))


class SymbiosisStatus(AccessFlags, Base):
    __tablename__ = "symbiosis_status"
    __table_args__ = (UniqueConstraint("consortium_id", "recorded_on"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortium.id", ondelete="CASCADE"), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_area.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))


class ConsortiumInstrument(Base):
    """An instrument a consortium used, applied for or plans to apply for."""

    __tablename__ = "consortium_instrument"
    consortium_id: Mapped[int] = mapped_column(
        ForeignKey("consortium.id", ondelete="CASCADE"), primary_key=True
    )
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))
    source: Mapped[str | None] = mapped_column(String(500))


class MissionProject(Base):
    """Level 5 of the NIFU model: a symbiosis (consortium) placed under a level-4 limited mission."""

    __tablename__ = "mission_project"
    mission_code: Mapped[str] = mapped_column(
        ForeignKey("mission.code", ondelete="CASCADE"), primary_key=True
    )
    consortium_id: Mapped[int] = mapped_column(
        ForeignKey("consortium.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
