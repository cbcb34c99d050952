"""Instrument records as stored, read in bulk by slug, and the record a validated input would become.

Both are in the shape of ``export.instrument_record`` (sorted lists, ISO dates), so that
``service.diff_records`` of the two is the change an import makes. Reading is one SELECT per table for a
whole batch of slugs (no ORM objects); ``record_of`` needs no database at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from catalogue.instruments.models import (
    Instrument,
    InstrumentCounty,
    InstrumentMinistry,
    InstrumentPartner,
    InstrumentTag,
)
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS
from catalogue.instruments.schemas import InstrumentIn

INSTRUMENT = cast(Table, Instrument.__table__)
LINKS: dict[str, tuple[Table, str]] = {  # record field: (link table, code column)
    "partner_agencies": (cast(Table, InstrumentPartner.__table__), "agency_code"),
    "owner_ministry": (cast(Table, InstrumentMinistry.__table__), "ministry_code"),
    "counties": (cast(Table, InstrumentCounty.__table__), "county_code"),
}
TAG = cast(Table, InstrumentTag.__table__)
FACET_FIELD = {facet: fld for fld, facet in TAG_FIELDS.items()}
CHUNK = 2_000  # slugs per IN (...) list


@dataclass(frozen=True)
class Stored:
    id: int
    version: int
    record: dict[str, Any]


def record_of(rec: InstrumentIn) -> dict[str, Any]:
    """The record as ``export.instrument_record`` would show it once ``rec`` is stored."""
    values = rec.__dict__  # the validated fields (read once per record: faster than 45 getattr calls)
    out: dict[str, Any] = {
        "slug": rec.slug,
        "agency": rec.agency,
        "partner_agencies": sorted(set(rec.partner_agencies)),
        "owner_ministry": sorted(set(rec.owner_ministry)),
    }
    for fld in TAG_FIELDS:
        out[fld] = sorted(set(values[fld]))
    for k in INSTRUMENT_SCALARS:
        value = values[k]
        out[k] = value.isoformat() if value.__class__ is dt.date else value
    out["counties"] = sorted(set(rec.counties))
    out["other_sources"] = list(rec.other_sources)
    return out


def stored_records(session: Session, slugs: Sequence[str]) -> dict[str, Stored]:
    """The stored records of those of ``slugs`` that are in the catalogue."""
    out: dict[str, Stored] = {}
    for start in range(0, len(slugs), CHUNK):
        out |= _chunk(session, list(dict.fromkeys(slugs[start : start + CHUNK])))
    return out


def _chunk(session: Session, slugs: list[str]) -> dict[str, Stored]:
    conn = session.connection()
    columns = [INSTRUMENT.c[k] for k in ("id", "version", "slug", "agency_code", *INSTRUMENT_SCALARS)]
    rows = conn.execute(select(*columns, INSTRUMENT.c.other_sources).where(INSTRUMENT.c.slug.in_(slugs)))
    records: dict[int, dict[str, Any]] = {}
    versions: dict[int, int] = {}
    for row in rows:
        iid, version, slug, agency, *scalars, other = row
        rec: dict[str, Any] = {"slug": slug, "agency": agency, "partner_agencies": [], "owner_ministry": []}
        rec |= {fld: [] for fld in TAG_FIELDS}
        for k, value in zip(INSTRUMENT_SCALARS, scalars, strict=True):
            rec[k] = value.isoformat() if isinstance(value, dt.date) else value
        rec["counties"] = []
        rec["other_sources"] = list(json.loads(other) if isinstance(other, str) else other or [])
        records[iid], versions[iid] = rec, version
    if not records:
        return {}
    ids = list(records)
    for iid, facet, value in conn.execute(
        select(TAG.c.instrument_id, TAG.c.facet, TAG.c.value).where(TAG.c.instrument_id.in_(ids))
    ):
        records[iid][FACET_FIELD[facet]].append(value)
    for fld, (table, code) in LINKS.items():
        found: dict[int, list[str]] = defaultdict(list)
        query = select(table.c.instrument_id, table.c[code]).where(table.c.instrument_id.in_(ids))
        for iid, value in conn.execute(query):
            found[iid].append(value)
        for iid, values in found.items():
            records[iid][fld] = values
    for rec in records.values():
        for fld in (*LINKS, *TAG_FIELDS):
            rec[fld].sort()
    return {rec["slug"]: Stored(iid, versions[iid], rec) for iid, rec in records.items()}
