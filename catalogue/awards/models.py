"""Tables of funded activities (applications, grants, EU participations) and the organisations in them.

One :class:`AwardActivity` per (data source, the source's own id). Organisations are keyed by their
organisation number; an organisation the source gives no number for is kept under the source's name and
flagged ``has_orgnumber = false`` (one row per source and name). Amounts are integers in minor units
(øre, cent) so that sums are exact. No column holds a person's name: see docs/awards.md.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.instruments.models import Base

OUTCOMES = ("granted", "running", "finished", "rejected", "unknown")
FUNDED_OUTCOMES = ("granted", "running", "finished")
ROLES = ("responsible", "coordinator", "participant")


class AwardSource(Base):
    """A published file of awards: who publishes it, where, when it was fetched and what it held."""

    __tablename__ = "award_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(20))
    shows_partners: Mapped[bool] = mapped_column(Boolean)  # does the source name every participant?
    fetched_on: Mapped[dt.date | None] = mapped_column(Date)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    file_name: Mapped[str | None] = mapped_column(String(300))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)  # rows in the last file imported
    activity_count: Mapped[int] = mapped_column(Integer, default=0)  # activities stored from this source
    participation_count: Mapped[int] = mapped_column(Integer, default=0)
    year_from: Mapped[int | None] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class AwardOrganisation(Base):
    """An organisation as its sources publish it (name, county, municipality, sector)."""

    __tablename__ = "award_organisation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The organisation number, or "<source key>:<name>" for an organisation published without one.
    key: Mapped[str] = mapped_column(String(400), unique=True)
    orgnr: Mapped[str | None] = mapped_column(String(9), unique=True)
    has_orgnumber: Mapped[bool] = mapped_column(Boolean)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("award_source.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    # A county code of the catalogue (2024 numbers), or None when the published county is not one of them
    # (e.g. Viken, 30, in files from 2020-2023). Checked on import against ``county``; no foreign key, so
    # that a million inserts do not each run a check against a fifteen-row table.
    county_code: Mapped[str | None] = mapped_column(String(4), index=True)
    county_name: Mapped[str | None] = mapped_column(String(200))  # as published
    municipality_code: Mapped[str | None] = mapped_column(String(4))
    municipality: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(100))  # as published, e.g. "Næringsliv"
    sector_kind: Mapped[str | None] = mapped_column(String(20))  # business / higher_education / ...


class AwardActivity(Base):
    """One application, project or grant as a source publishes it."""

    __tablename__ = "award_activity"
    __table_args__ = (
        UniqueConstraint("source_id", "source_ref"),
        Index("ix_award_activity_programme", "funder_code", "programme_code"),
        Index("ix_award_activity_county_year", "county_code", "year"),
        # An instrument's tallies from the index alone, its newest projects in year order (web pages).
        Index(
            "ix_award_activity_instrument_year",
            "instrument_id",
            "year",
            "source_id",
            "county_code",
            "outcome",
            "currency",
            "granted_minor",
        ),  # fmt: skip
        Index("ix_award_activity_year_id", "year", "id"),  # the list of funded projects, newest first
        # The list's counts and facet counts read this (covering) rather than the table.
        Index(
            "ix_award_activity_facets",
            "funder_code",
            "outcome",
            "year",
            "county_code",
            "programme_code",
            "instrument_id",
        ),  # fmt: skip
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("award_source.id", ondelete="CASCADE"))
    source_ref: Mapped[str] = mapped_column(String(100))  # the source's id: project number, identifier
    funder_code: Mapped[str] = mapped_column(String(40))  # agency code (FR, IN, ...) or e.g. EU
    funder_name: Mapped[str | None] = mapped_column(String(300))
    programme_code: Mapped[str | None] = mapped_column(String(100))
    programme_name: Mapped[str | None] = mapped_column(Text)
    application_type: Mapped[str | None] = mapped_column(String(200))
    application_variant: Mapped[str | None] = mapped_column(String(200))
    call_id: Mapped[str | None] = mapped_column(String(100))
    call_title: Mapped[str | None] = mapped_column(Text)
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instrument.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(10))
    currency: Mapped[str] = mapped_column(String(3))
    applied_minor: Mapped[int | None] = mapped_column(BigInteger)
    granted_minor: Mapped[int | None] = mapped_column(BigInteger)
    year: Mapped[int | None] = mapped_column(Integer)  # application, signature or award year
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    awarded_on: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    county_code: Mapped[str | None] = mapped_column(String(4))  # as on the organisation: checked on import
    county_name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)


class AwardParticipation(Base):
    """An organisation's part in an activity, with its role as the source states it and its own amount."""

    __tablename__ = "award_participation"
    __table_args__ = (UniqueConstraint("activity_id", "source_ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("award_activity.id", ondelete="CASCADE"))
    source_ref: Mapped[str] = mapped_column(String(100))  # participant number, or the organisation key
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("award_organisation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)  # in the activity's currency


class AwardProgrammeLink(Base):
    """A rule of ``seeds/award_programmes.yaml``: activities of this funder (and programme, application
    type or variant, where given) belong to this instrument. The most specific matching rule wins."""

    __tablename__ = "award_programme_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    funder_code: Mapped[str] = mapped_column(String(40))
    programme_code: Mapped[str | None] = mapped_column(String(100))
    application_type: Mapped[str | None] = mapped_column(String(200))
    application_variant: Mapped[str | None] = mapped_column(String(200))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
