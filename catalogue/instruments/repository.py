"""Every query and write of the catalogue lives here; routes, the CLI and the analyser never build SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import cast as typed

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from catalogue.instruments.models import (
    Agency,
    Barrier,
    Consortium,
    ConsortiumMember,
    County,
    Instrument,
    InstrumentCounty,
    InstrumentMinistry,
    InstrumentPartner,
    InstrumentTag,
    Ministry,
    Mission,
    MissionTarget,
)
from catalogue.instruments.schemas import (
    AgencyIn,
    BarrierIn,
    CountyIn,
    InstrumentIn,
    MinistryIn,
    MissionIn,
)

INSTRUMENT_SCALARS = (
    "name_nb",
    "name_nn",
    "name_en",
    "consortium_eligibility",
    "consortium_condition",
    "consortium_min_partners",
    "consortium_lead",
    "consortium_without_legal_personality",
    "pays_coordination_costs",
    "requires_research_partner",
    "geography",
    "max_amount_nok",
    "max_amount_source_kind",
    "max_amount_source",
    "annual_budget_nok",
    "aid_intensity_min_pct",
    "aid_intensity_max_pct",
    "deadline_kind",
    "next_deadline",
    "last_deadline",
    "funds_shared_infrastructure",
    "risk_relief",
    "status",
    "stip_code",
    "summary_en",
    "summary_nn",
    "facts_note",
    "source_url",
    "compiled_on",
    "compiled_from",
    "verified_on",
    "verified_by",
    "confidence",
)
TAG_FIELDS = {
    "types": "type",
    "funding_forms": "funding_form",
    "applicants": "applicant",
    "stages": "stage",
    "value_chains": "value_chain",
    "missions": "mission",
}


def _set_if_changed(obj: object, name: str, value: object) -> None:
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def upsert_ministry(session: Session, m: MinistryIn) -> Ministry:
    row = session.get(Ministry, m.code) or Ministry(code=m.code)
    for k in ("name_nb", "name_nn", "name_en"):
        _set_if_changed(row, k, getattr(m, k))
    session.add(row)
    return row


def upsert_county(session: Session, c: CountyIn) -> County:
    row = session.get(County, c.code) or County(code=c.code)
    for k in ("name_nb", "name_nn", "name_en", "source_url"):
        _set_if_changed(row, k, getattr(c, k))
    session.add(row)
    return row


def upsert_agency(session: Session, a: AgencyIn) -> Agency:
    row = session.get(Agency, a.code) or Agency(code=a.code)
    for k in ("name_nb", "name_nn", "name_en", "kind", "org_number", "source_url"):
        _set_if_changed(row, k, getattr(a, k))
    _set_if_changed(row, "ministry_code", a.ministry)
    _set_if_changed(row, "county_code", a.county)
    session.add(row)
    return row


def upsert_barrier(session: Session, b: BarrierIn, *, position: int) -> Barrier:
    row = session.get(Barrier, b.code) or Barrier(code=b.code)
    for k in (
        "title_nn",
        "title_nb",
        "title_en",
        "description_nn",
        "description_en",
        "answerable_by_instruments",
        "owner_departments",
    ):
        _set_if_changed(row, k, getattr(b, k))
    _set_if_changed(row, "keywords", list(b.keywords_nn))
    _set_if_changed(row, "position", position)
    session.add(row)
    return row


def upsert_mission(session: Session, m: MissionIn) -> Mission:
    row = session.get(Mission, m.code) or Mission(code=m.code)
    for k in ("level", "title_nn", "title_nb", "title_en", "description_nn"):
        _set_if_changed(row, k, getattr(m, k))
    _set_if_changed(row, "parent_code", m.parent)
    wanted = {t.code: t for t in m.targets}
    row.targets = [t for t in row.targets if t.code in wanted]
    existing = {t.code: t for t in row.targets}
    for code, t in wanted.items():
        target = existing.get(code) or MissionTarget(code=code)
        for k in ("text_nn", "text_en", "metric", "target_value", "year"):
            _set_if_changed(target, k, getattr(t, k))
        if code not in existing:
            row.targets.append(target)
    session.add(row)
    return row


def instrument_by_slug(session: Session, slug: str) -> Instrument | None:
    return session.scalars(select(Instrument).where(Instrument.slug == slug)).one_or_none()


def apply_instrument(row: Instrument, i: InstrumentIn) -> None:
    """Copy a validated record onto a row, touching only what differs (so versions stay put)."""
    _set_if_changed(row, "agency_code", i.agency)
    for k in INSTRUMENT_SCALARS:
        _set_if_changed(row, k, getattr(i, k))
    _set_if_changed(row, "other_sources", list(i.other_sources))
    wanted_tags = {(facet, value) for fld, facet in TAG_FIELDS.items() for value in getattr(i, fld)}
    have_tags = {(t.facet, t.value) for t in row.tags}
    if wanted_tags != have_tags:
        row.tags = [t for t in row.tags if (t.facet, t.value) in wanted_tags] + [
            InstrumentTag(facet=f, value=v) for f, v in sorted(wanted_tags - have_tags)
        ]
    if {p.agency_code for p in row.partners} != set(i.partner_agencies):
        row.partners = [InstrumentPartner(agency_code=a) for a in dict.fromkeys(i.partner_agencies)]
    if {c.county_code for c in row.counties} != set(i.counties):
        row.counties = [InstrumentCounty(county_code=c) for c in dict.fromkeys(i.counties)]
    if {m.ministry_code for m in row.ministries} != set(i.owner_ministry):
        row.ministries = [InstrumentMinistry(ministry_code=m) for m in dict.fromkeys(i.owner_ministry)]


def upsert_instrument(session: Session, i: InstrumentIn) -> Instrument:
    row = instrument_by_slug(session, i.slug)
    if row is None:
        row = Instrument(slug=i.slug, other_sources=[])
        session.add(row)
    apply_instrument(row, i)
    return row


# ---- reads -------------------------------------------------------------------------------------------


def list_instruments(session: Session) -> Sequence[Instrument]:
    return session.scalars(select(Instrument).order_by(Instrument.slug)).all()


def list_agencies(session: Session) -> Sequence[Agency]:
    return session.scalars(select(Agency).order_by(Agency.code)).all()


def list_counties(session: Session) -> Sequence[County]:
    return session.scalars(select(County).order_by(County.code)).all()


def list_ministries(session: Session) -> Sequence[Ministry]:
    return session.scalars(select(Ministry).order_by(Ministry.code)).all()


def list_barriers(session: Session) -> Sequence[Barrier]:
    return session.scalars(select(Barrier).order_by(Barrier.position)).all()


def list_missions(session: Session) -> Sequence[Mission]:
    return session.scalars(select(Mission).order_by(Mission.level, Mission.code)).all()


def list_consortia(session: Session) -> Sequence[Consortium]:
    return session.scalars(select(Consortium).order_by(Consortium.name)).all()


def consortium_by_slug(session: Session, slug: str) -> Consortium | None:
    return session.scalars(select(Consortium).where(Consortium.slug == slug)).one_or_none()


def table_counts(session: Session) -> dict[str, int]:
    models = {
        "ministry": Ministry,
        "county": County,
        "agency": Agency,
        "instrument": Instrument,
        "instrument_tag": InstrumentTag,
        "barrier": Barrier,
        "mission": Mission,
        "consortium": Consortium,
        "consortium_member": ConsortiumMember,
    }
    return {name: session.scalar(select(func.count()).select_from(m)) or 0 for name, m in models.items()}


def delete_instrument(session: Session, slug: str) -> bool:
    result = session.execute(delete(Instrument).where(Instrument.slug == slug))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# ---- facet counts (the SQL twin of analyser.search.index facet counts) --------------------------------


def _facet_pairs(facet: str):  # type: ignore[no-untyped-def]
    """(instrument_id, value) rows of one facet, with the rules of ``analyser.search.facets``."""
    from sqlalchemy import and_, exists, literal, or_, union, union_all

    i = Instrument
    no_county = ~exists().where(InstrumentCounty.instrument_id == i.id)
    if facet == "agency":
        return union(
            select(i.id.label("iid"), i.agency_code.label("value")),
            select(InstrumentPartner.instrument_id, InstrumentPartner.agency_code),
        ).subquery()
    if facet in ("type", "applicant", "stage", "value_chain", "mission", "funding_form"):
        return (
            select(InstrumentTag.instrument_id.label("iid"), InstrumentTag.value.label("value"))
            .where(InstrumentTag.facet == facet)
            .subquery()
        )
    scalar = {"consortium": i.consortium_eligibility, "status": i.status, "deadline_kind": i.deadline_kind}
    if facet in scalar:
        return select(i.id.label("iid"), func.coalesce(scalar[facet], "unknown").label("value")).subquery()
    if facet == "county":
        not_national = or_(i.geography.is_(None), i.geography != "national")
        return union_all(
            select(i.id.label("iid"), literal("national").label("value")).where(i.geography == "national"),
            select(InstrumentCounty.instrument_id, InstrumentCounty.county_code)
            .join(i, i.id == InstrumentCounty.instrument_id)
            .where(not_national),
            select(i.id, literal("all_counties")).where(and_(i.geography == "regional", no_county)),
            select(i.id, literal("unknown")).where(and_(i.geography.is_(None), no_county)),
        ).subquery()
    raise ValueError(f"unknown facet {facet!r}")


def facet_counts_sql(session: Session, filters: dict[str, frozenset[str]]) -> dict[str, dict[str, int]]:
    """Instruments per facet value under ``filters`` (OR within a facet, AND across facets), by GROUP BY.

    The reference for the in-memory index (``analyser.search.index``); zero counts are absent.
    """
    matching = select(Instrument.id)
    for facet, values in filters.items():
        if values:
            pairs = _facet_pairs(facet)
            matching = matching.where(
                Instrument.id.in_(select(pairs.c.iid).where(pairs.c.value.in_(sorted(values))))
            )
    out: dict[str, dict[str, int]] = {}
    for facet in (
        "agency",
        "type",
        "applicant",
        "consortium",
        "stage",
        "value_chain",
        "mission",
        "county",
        "status",
        "funding_form",
        "deadline_kind",
    ):
        pairs = _facet_pairs(facet)
        rows = session.execute(
            select(pairs.c.value, func.count(func.distinct(pairs.c.iid)))
            .where(pairs.c.iid.in_(matching))
            .group_by(pairs.c.value)
        ).all()
        out[facet] = {str(value): int(n) for value, n in rows if n}
    return out


@dataclass(frozen=True)
class InstrumentBulk:
    """Every instrument, read with one SELECT per table (``instrument_rows_bulk``).

    ``rows`` are rows of the instrument table's ``columns`` in slug order (``other_sources`` as JSON
    text); ``tags`` {id: {facet: sorted values}} and ``partners``, ``counties``, ``ministries`` {id: sorted
    codes} are the link rows aggregated per instrument in SQL."""

    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    tags: dict[int, dict[str, tuple[str, ...]]]
    partners: dict[int, tuple[str, ...]]
    counties: dict[int, tuple[str, ...]]
    ministries: dict[int, tuple[str, ...]]


def instrument_rows_bulk(session: Session, from_slug: str | None = None) -> InstrumentBulk:
    """The whole instrument catalogue as plain rows (no ORM objects, no per-row mappings), so a
    100 000-instrument catalogue loads in seconds; with ``from_slug``, only the instruments from that
    slug on (in the database's slug order)."""
    from sqlalchemy import Select, Text, case, cast

    conn = session.connection()
    sorted_values: dict[str, tuple[str, ...]] = {}  # the same few combinations recur: split them once

    def values(text: str | None) -> tuple[str, ...]:
        if not text:
            return ()
        hit = sorted_values.get(text)
        if hit is None:
            hit = sorted_values[text] = tuple(sorted(text.split(" ")))
        return hit

    def joined(query: Select[Any]) -> dict[int, tuple[str, ...]]:
        return {iid: values(text) for iid, text in conn.execute(query).all()}

    table = Instrument.__table__
    chosen = select(table.c.id).where(table.c.slug >= from_slug) if from_slug is not None else None

    def only_chosen(query: Select[Any], iid: Any) -> Select[Any]:
        return query if chosen is None else query.where(iid.in_(chosen))

    tag = InstrumentTag
    facets = tuple(TAG_FIELDS.values())
    tags: dict[int, dict[str, tuple[str, ...]]] = {
        iid: dict(zip(facets, map(values, texts), strict=True))
        for iid, *texts in conn.execute(
            only_chosen(
                select(
                    tag.instrument_id,
                    *(func.aggregate_strings(case((tag.facet == f, tag.value)), " ") for f in facets),
                ),
                tag.instrument_id,
            ).group_by(tag.instrument_id)
        ).all()
    }
    partners, counties, ministries = (
        joined(only_chosen(select(iid, func.aggregate_strings(col, " ")), iid).group_by(iid))
        for iid, col in (
            (InstrumentPartner.instrument_id, InstrumentPartner.agency_code),
            (InstrumentCounty.instrument_id, InstrumentCounty.county_code),
            (InstrumentMinistry.instrument_id, InstrumentMinistry.ministry_code),
        )
    )
    # other_sources as its JSON text: most rows hold "[]" or NULL, decoded (or not) by the caller; the
    # JSON type's per-row decoding was a quarter of the load time
    columns = [c if c.name != "other_sources" else cast(c, Text).label("other_sources") for c in table.c]
    rows = select(*columns).order_by(table.c.slug)
    result = conn.execute(rows if from_slug is None else rows.where(table.c.slug >= from_slug))
    return InstrumentBulk(
        tuple(result.keys()),
        typed("list[tuple[object, ...]]", result.all()),
        tags,
        partners,
        counties,
        ministries,
    )


def slug_at(session: Session, position: int) -> str | None:
    """The slug at ``position`` (0-based) in the database's slug order, None past the end."""
    return session.execute(
        select(Instrument.slug).order_by(Instrument.slug).offset(position).limit(1)
    ).scalar_one_or_none()


def catalogue_stamp(session: Session) -> tuple[int, int, int]:
    """A cheap fingerprint that changes whenever any worker writes instruments or consortia, so a web
    worker can tell that another one wrote (``web.state.sync``): (instrument count, sum of instrument
    versions, consortium count + highest consortium id + sum of consortium versions)."""
    count, versions = session.execute(
        select(func.count(Instrument.id), func.coalesce(func.sum(Instrument.version), 0))
    ).one()
    consortia = session.execute(
        select(
            func.count(Consortium.id)
            + func.coalesce(func.max(Consortium.id), 0)
            + func.coalesce(func.sum(Consortium.version), 0)
        )
    ).scalar_one()
    return int(count), int(versions), int(consortia)
