"""The parsed form of one source row, shared by every format reader and the importer.

A reader turns each row of a published file into an :class:`AwardRow`: the activity it describes, and the
organisation taking part (if the row names one) with its role and own amount. Plain slotted dataclasses,
built once per row, so that a million rows stay cheap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class OrgRecord:
    key: str  # the organisation number, or "<source key>:<name>"
    orgnr: str | None
    name: str
    county_code: str | None = None
    county_name: str | None = None
    municipality_code: str | None = None
    municipality: str | None = None
    sector: str | None = None
    sector_kind: str | None = None


@dataclass(slots=True)
class ActivityRecord:
    source_ref: str
    funder_code: str
    outcome: str
    currency: str
    funder_name: str | None = None
    programme_code: str | None = None
    programme_name: str | None = None
    application_type: str | None = None
    application_variant: str | None = None
    call_id: str | None = None
    call_title: str | None = None
    applied_minor: int | None = None
    granted_minor: int | None = None
    year: int | None = None
    applied_on: dt.date | None = None
    awarded_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    start_year: int | None = None
    end_year: int | None = None
    county_code: str | None = None
    county_name: str | None = None
    title: str | None = None
    acronym: str | None = None
    text: str | None = None


@dataclass(slots=True)
class ParticipationRecord:
    org: OrgRecord
    role: str  # responsible / coordinator / participant
    source_ref: str  # participant number in the source, or the organisation key
    amount_minor: int | None = None


@dataclass(slots=True)
class AwardRow:
    label: str  # "row 57 (line 60)": where the row is in the file
    activity: ActivityRecord
    participations: list[ParticipationRecord] = field(default_factory=list)


@dataclass(frozen=True)
class SourceInfo:
    """What a reader knows about the source it reads (the importer stores it in ``award_source``)."""

    key: str
    name: str
    format: str
    shows_partners: bool
    url: str | None = None
    fetched_on: dt.date | None = None
    note: str | None = None
    # The activity's granted amount is the sum of its participations' amounts (EU: Norwegian share).
    granted_from_participations: bool = False
