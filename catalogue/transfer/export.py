"""Export the whole catalogue as JSON-ready data, in the same shape the seed and import files use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from catalogue.instruments import repository
from catalogue.instruments.models import Consortium, Instrument
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS

FORMAT_VERSION = 1


def instrument_record(row: Instrument) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "slug": row.slug,
        "agency": row.agency_code,
        "partner_agencies": sorted(p.agency_code for p in row.partners),
        "owner_ministry": sorted(m.ministry_code for m in row.ministries),
    }
    for fld, facet in TAG_FIELDS.items():
        rec[fld] = sorted(t.value for t in row.tags if t.facet == facet)
    for k in INSTRUMENT_SCALARS:
        value = getattr(row, k)
        rec[k] = value.isoformat() if isinstance(value, dt.date) else value
    rec["counties"] = sorted(c.county_code for c in row.counties)
    rec["other_sources"] = list(row.other_sources or [])
    return rec


def consortium_record(row: Consortium) -> dict[str, Any]:
    """A stored consortium in the shape of ``ConsortiumIn`` (seeds/consortia.yaml)."""
    return {
        "slug": row.slug,
        "name": row.name,
        "county": row.county_code,
        "description_nn": row.description_nn,
        "description_en": row.description_en,
        "value_chains": list(row.value_chains or []),
        "current_stage": row.current_stage,
        "target_stage": row.target_stage,
        "needs": list(row.needs or []),
        "budget_per_stage": dict(row.budget_per_stage or {}),
        "members": [
            {
                "name": m.name,
                "org_number": m.org_number,
                "size_class": m.size_class,
                "sector_nace": m.sector_nace,
                "role": m.role,
                "county": m.county_code,
            }
            for m in row.members
        ],
        "resource_flows": [
            {"source": f.source, "resource": f.resource, "target": f.target} for f in row.flows
        ],
        "in_operation": row.in_operation,
        "source": row.source,
    }


def export_catalogue(session: Session) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "instruments": [instrument_record(r) for r in repository.list_instruments(session)],
        "agencies": [
            {
                "code": a.code,
                "name_nb": a.name_nb,
                "name_nn": a.name_nn,
                "name_en": a.name_en,
                "kind": a.kind,
                "ministry": a.ministry_code,
                "county": a.county_code,
            }
            for a in repository.list_agencies(session)
        ],
        "barriers": [
            {
                "code": b.code,
                "title_nn": b.title_nn,
                "title_en": b.title_en,
                "answerable_by_instruments": b.answerable_by_instruments,
            }
            for b in repository.list_barriers(session)
        ],
        "consortia": [
            {"slug": c.slug, "name": c.name, "county": c.county_code}
            for c in repository.list_consortia(session)
        ],
    }
