"""SQLAlchemy 2 typed models of the catalogue.

Unknown facts are NULL. Multi-valued vocabulary attributes of an instrument (types, funding forms,
applicants, stages, value chains, missions) are rows in ``instrument_tag`` so that facet counts are a
plain GROUP BY; counties and owner ministries have their own link tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Ministry(Base):
    __tablename__ = "ministry"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_nb: Mapped[str] = mapped_column(String(200))
    name_nn: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class County(Base):
    __tablename__ = "county"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_nb: Mapped[str] = mapped_column(String(100))
    name_nn: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str | None] = mapped_column(String(500))


class Agency(Base):
    __tablename__ = "agency"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_nb: Mapped[str] = mapped_column(String(200))
    name_nn: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    ministry_code: Mapped[str | None] = mapped_column(ForeignKey("ministry.code"))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("county.code"))
    org_number: Mapped[str | None] = mapped_column(String(9))  # Enhetsregisteret; NULL where not known
    source_url: Mapped[str | None] = mapped_column(String(500))


class Instrument(Base):
    __tablename__ = "instrument"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    name_nb: Mapped[str] = mapped_column(String(300))
    name_nn: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    consortium_eligibility: Mapped[str | None] = mapped_column(String(10))
    consortium_condition: Mapped[str | None] = mapped_column(Text)
    consortium_min_partners: Mapped[int | None] = mapped_column(Integer)
    consortium_lead: Mapped[str | None] = mapped_column(String(20))
    consortium_without_legal_personality: Mapped[bool | None] = mapped_column(Boolean)
    pays_coordination_costs: Mapped[bool | None] = mapped_column(Boolean)
    requires_research_partner: Mapped[bool | None] = mapped_column(Boolean)
    geography: Mapped[str | None] = mapped_column(String(10))
    max_amount_nok: Mapped[int | None] = mapped_column(BigInteger)
    # Provenance of max_amount_nok: "agency" (the agency's own page) or "third_party" (e.g. a consultancy);
    # NULL = not recorded. A third-party figure never feeds a hard filter or an aid ceiling unmarked.
    max_amount_source_kind: Mapped[str | None] = mapped_column(String(12))
    max_amount_source: Mapped[str | None] = mapped_column(String(500))  # URL or note of that figure
    annual_budget_nok: Mapped[int | None] = mapped_column(BigInteger)
    aid_intensity_min_pct: Mapped[int | None] = mapped_column(Integer)
    aid_intensity_max_pct: Mapped[int | None] = mapped_column(Integer)
    deadline_kind: Mapped[str | None] = mapped_column(String(12))
    next_deadline: Mapped[dt.date | None] = mapped_column(Date)
    last_deadline: Mapped[dt.date | None] = mapped_column(Date)  # the latest known deadline, when past
    funds_shared_infrastructure: Mapped[bool | None] = mapped_column(Boolean)
    risk_relief: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str | None] = mapped_column(String(10))
    stip_code: Mapped[str | None] = mapped_column(String(10))
    summary_en: Mapped[str | None] = mapped_column(Text)
    summary_nn: Mapped[str | None] = mapped_column(Text)
    facts_note: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    other_sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Provenance of the facts: compiled (when, from what) vs verified (when, by whom) against the agency.
    compiled_on: Mapped[dt.date | None] = mapped_column(Date)
    compiled_from: Mapped[str | None] = mapped_column(String(300))
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    verified_by: Mapped[str | None] = mapped_column(String(254))
    confidence: Mapped[str | None] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer, default=1, index=True)  # index: catalogue_stamp sums it
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    # Loaded in bulk (one extra SELECT per collection for a whole list), never per row.
    tags: Mapped[list[InstrumentTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="InstrumentTag.facet"
    )
    partners: Mapped[list[InstrumentPartner]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    counties: Mapped[list[InstrumentCounty]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    ministries: Mapped[list[InstrumentMinistry]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    def tag_values(self, facet: str) -> list[str]:
        return [t.value for t in self.tags if t.facet == facet]


class InstrumentTag(Base):
    __tablename__ = "instrument_tag"
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class InstrumentPartner(Base):
    __tablename__ = "instrument_partner"
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True
    )
    agency_code: Mapped[str] = mapped_column(ForeignKey("agency.code"), primary_key=True)


class InstrumentCounty(Base):
    __tablename__ = "instrument_county"
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True
    )
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), primary_key=True)


class InstrumentMinistry(Base):
    __tablename__ = "instrument_ministry"
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True
    )
    ministry_code: Mapped[str] = mapped_column(ForeignKey("ministry.code"), primary_key=True)


class Barrier(Base):
    __tablename__ = "barrier"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    title_nn: Mapped[str] = mapped_column(String(300))
    title_nb: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description_nn: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    answerable_by_instruments: Mapped[bool] = mapped_column(Boolean)
    owner_departments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Mission(Base):
    __tablename__ = "mission"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("mission.code"))
    title_nn: Mapped[str] = mapped_column(String(300))
    title_nb: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description_nn: Mapped[str | None] = mapped_column(Text)
    targets: Mapped[list[MissionTarget]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MissionTarget(Base):
    __tablename__ = "mission_target"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission_code: Mapped[str] = mapped_column(ForeignKey("mission.code", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    text_nn: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    metric: Mapped[str | None] = mapped_column(String(60))
    target_value: Mapped[float | None] = mapped_column(Float)
    year: Mapped[int | None] = mapped_column(Integer)


class Consortium(Base):
    __tablename__ = "consortium"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("county.code"))
    description_nn: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    value_chains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    current_stage: Mapped[str | None] = mapped_column(String(20))
    target_stage: Mapped[str | None] = mapped_column(String(20))
    needs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    budget_per_stage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    in_operation: Mapped[bool | None] = mapped_column(Boolean)
    # Where the profile comes from: "seed document" (curated: evidence for the gap analysis, changed by
    # administrators only) or "web form" (typed into the public funding-path form). Saves never change it.
    source: Mapped[str | None] = mapped_column(String(500))
    # Optimistic locking: a save names the version it read; every change adds one (set by
    # catalogue.consortia.repository.apply_consortium, so that a change of members alone counts too).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    members: Mapped[list[ConsortiumMember]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ConsortiumMember.position"
    )
    flows: Mapped[list[ResourceFlow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ResourceFlow.position"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ConsortiumMember(Base):
    __tablename__ = "consortium_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortium.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    org_number: Mapped[str | None] = mapped_column(String(9))
    size_class: Mapped[str | None] = mapped_column(String(10))
    sector_nace: Mapped[str | None] = mapped_column(String(10))
    role: Mapped[str | None] = mapped_column(String(20))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("county.code"))
    in_assisted_area: Mapped[str | None] = mapped_column(String(8))  # yes | no | unknown (NULL = unknown)


class ResourceFlow(Base):
    __tablename__ = "resource_flow"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortium.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(300))
    resource: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(300))
