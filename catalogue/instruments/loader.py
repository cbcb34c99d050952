"""Fill the catalogue snapshot (``catalogue.instruments.snapshot``) from the database."""

from __future__ import annotations

import json
from dataclasses import fields

from sqlalchemy.orm import Session

from catalogue.instruments import repository
from catalogue.instruments.models import Consortium, Instrument
from catalogue.instruments.snapshot import (
    AgencySnap,
    BarrierSnap,
    CatalogueSnapshot,
    ConsortiumSnap,
    FlowSnap,
    InstrumentSnap,
    MemberSnap,
    MissionSnap,
    MissionTargetSnap,
)


def instrument_snap(row: Instrument) -> InstrumentSnap:
    tags: dict[str, list[str]] = {}
    for t in row.tags:
        tags.setdefault(t.facet, []).append(t.value)
    return InstrumentSnap(
        id=row.id,
        slug=row.slug,
        agency=row.agency_code,
        name_nb=row.name_nb,
        name_nn=row.name_nn,
        name_en=row.name_en,
        partner_agencies=tuple(p.agency_code for p in row.partners),
        owner_ministries=tuple(m.ministry_code for m in row.ministries),
        types=tuple(sorted(tags.get("type", []))),
        funding_forms=tuple(sorted(tags.get("funding_form", []))),
        applicants=tuple(sorted(tags.get("applicant", []))),
        consortium_eligibility=row.consortium_eligibility,
        consortium_condition=row.consortium_condition,
        consortium_min_partners=row.consortium_min_partners,
        consortium_lead=row.consortium_lead,
        consortium_without_legal_personality=row.consortium_without_legal_personality,
        pays_coordination_costs=row.pays_coordination_costs,
        requires_research_partner=row.requires_research_partner,
        stages=tuple(sorted(tags.get("stage", []))),
        value_chains=tuple(sorted(tags.get("value_chain", []))),
        missions=tuple(sorted(tags.get("mission", []))),
        geography=row.geography,
        counties=tuple(sorted(c.county_code for c in row.counties)),
        max_amount_nok=row.max_amount_nok,
        max_amount_source_kind=row.max_amount_source_kind,
        max_amount_source=row.max_amount_source,
        annual_budget_nok=row.annual_budget_nok,
        aid_intensity_min_pct=row.aid_intensity_min_pct,
        aid_intensity_max_pct=row.aid_intensity_max_pct,
        deadline_kind=row.deadline_kind,
        next_deadline=row.next_deadline,
        last_deadline=row.last_deadline,
        funds_shared_infrastructure=row.funds_shared_infrastructure,
        risk_relief=row.risk_relief,
        status=row.status,
        stip_code=row.stip_code,
        summary_en=row.summary_en,
        summary_nn=row.summary_nn,
        facts_note=row.facts_note,
        source_url=row.source_url,
        compiled_on=row.compiled_on,
        compiled_from=row.compiled_from,
        verified_on=row.verified_on,
        verified_by=row.verified_by,
        confidence=row.confidence,
        version=row.version,
        updated_at=row.updated_at,
        other_sources=tuple(row.other_sources or ()),
    )


def consortium_snap(row: Consortium) -> ConsortiumSnap:
    return ConsortiumSnap(
        slug=row.slug,
        name=row.name,
        county=row.county_code,
        value_chains=tuple(row.value_chains or ()),
        current_stage=row.current_stage,
        target_stage=row.target_stage,
        needs=tuple(row.needs or ()),
        budget_per_stage=dict(row.budget_per_stage or {}),
        members=tuple(
            MemberSnap(
                name=m.name,
                org_number=m.org_number,
                size_class=m.size_class,
                sector_nace=m.sector_nace,
                role=m.role,
                county=m.county_code,
                in_assisted_area=m.in_assisted_area,
            )
            for m in row.members
        ),
        flows=tuple(FlowSnap(f.source, f.resource, f.target) for f in row.flows),
        description_nn=row.description_nn,
        description_en=row.description_en,
        in_operation=row.in_operation,
        source=row.source,
        version=row.version,
    )


def build_snapshot(session: Session) -> CatalogueSnapshot:
    return CatalogueSnapshot(
        instruments=instrument_snaps(session),
        agencies=tuple(
            AgencySnap(
                a.code, a.name_nb, a.name_nn, a.name_en, a.kind, a.ministry_code, a.county_code, a.org_number
            )
            for a in repository.list_agencies(session)
        ),
        barriers=tuple(
            BarrierSnap(
                b.code,
                b.title_nn,
                b.title_en,
                b.title_nb,
                b.description_nn,
                b.description_en,
                b.answerable_by_instruments,
                tuple(b.owner_departments or ()),
                tuple(b.keywords or ()),
            )
            for b in repository.list_barriers(session)
        ),
        missions=tuple(
            MissionSnap(
                m.code,
                m.level,
                m.title_nn,
                m.title_en,
                m.title_nb,
                m.parent_code,
                tuple(
                    MissionTargetSnap(t.code, t.text_nn, t.text_en, t.metric, t.target_value, t.year)
                    for t in m.targets
                ),
            )
            for m in repository.list_missions(session)
        ),
        consortia=tuple(consortium_snap(c) for c in repository.list_consortia(session)),
        counties=tuple((c.code, c.name_nn) for c in repository.list_counties(session)),
    )


def instrument_snaps(session: Session, from_slug: str | None = None) -> tuple[InstrumentSnap, ...]:
    """All instruments (or those from ``from_slug`` on), ordered by slug; same snapshots as
    ``instrument_snap`` per ORM row, but read with plain SELECTs (``repository.instrument_rows_bulk``) so
    a 100 000-instrument catalogue loads in seconds."""
    bulk = repository.instrument_rows_bulk(session, from_slug)
    at = {name: k for k, name in enumerate(bulk.columns)}
    iid, slug, agency, name_nb, name_nn, name_en, sources = (
        at[c] for c in ("id", "slug", "agency_code", "name_nb", "name_nn", "name_en", "other_sources")
    )
    plain = [(name, at[name]) for name in _SNAP_COLUMNS]
    no_tags: dict[str, tuple[str, ...]] = {}
    out: list[InstrumentSnap] = []
    rows = bulk.rows
    rows.reverse()
    while rows:  # popped one by one so the plain rows are freed as their snapshots are made
        r = rows.pop()
        key = r[iid]
        tags = bulk.tags.get(key, no_tags)  # type: ignore[call-overload]
        values = {
            "id": key,
            "slug": r[slug],
            "agency": r[agency],
            "name_nb": r[name_nb],
            "name_nn": r[name_nn],
            "name_en": r[name_en],
            "partner_agencies": bulk.partners.get(key, ()),  # type: ignore[call-overload]
            "owner_ministries": bulk.ministries.get(key, ()),  # type: ignore[call-overload]
            "types": tags.get("type", ()),
            "funding_forms": tags.get("funding_form", ()),
            "applicants": tags.get("applicant", ()),
            "stages": tags.get("stage", ()),
            "value_chains": tags.get("value_chain", ()),
            "missions": tags.get("mission", ()),
            "counties": bulk.counties.get(key, ()),  # type: ignore[call-overload]
            "other_sources": _json_list(r[sources]),  # type: ignore[arg-type]
        }
        for name, k in plain:
            values[name] = r[k]
        if not out and values.keys() != _FIELD_SET:
            raise AssertionError(f"bulk snapshot fields differ: {sorted(values.keys() ^ _FIELD_SET)}")
        # A frozen dataclass blocks __setattr__, not __dict__: filling __dict__ directly with every field
        # (checked above) skips 44 object.__setattr__ calls per instrument, a third of the load time.
        snap = object.__new__(InstrumentSnap)
        snap.__dict__.update(values)
        out.append(snap)
    return tuple(out)


_FIELD_SET = frozenset(f.name for f in fields(InstrumentSnap))


def _json_list(text: str | None) -> tuple[str, ...]:
    if text is None or text in ("[]", "null"):
        return ()
    return tuple(json.loads(text))


# The scalar columns a snapshot copies as they are: the editable ones (names aside) and the row's stamp.
_SNAP_COLUMNS = (
    *(c for c in repository.INSTRUMENT_SCALARS if not c.startswith("name_")),
    "version",
    "updated_at",
)
