"""Fill the award snapshots (``catalogue.awards.snapshot``) from the database.

:func:`build_award_snapshot` loads activities with their participations and organisations, optionally
only those of some sources, instruments or organisation numbers (the whole table can hold millions of
rows: filter when you can). The other functions answer one question each with one or two queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from catalogue.awards import repository
from catalogue.awards.models import AwardActivity, AwardOrganisation, AwardParticipation, AwardSource
from catalogue.awards.snapshot import (
    ActivitySnap,
    AwardRows,
    AwardSnapshot,
    ConsortiumRefSnap,
    OrganisationFundingSnap,
    OrganisationSnap,
    ParticipationSnap,
    ProgrammeTotalSnap,
    RoleSnap,
    SourceSnap,
)
from catalogue.instruments.models import Instrument

A, P, Org, S = AwardActivity, AwardParticipation, AwardOrganisation, AwardSource
CHUNK = 5_000
ACTIVITY_COLUMNS = (
    "funder_name",
    "programme_code",
    "programme_name",
    "application_type",
    "application_variant",
    "applied_minor",
    "granted_minor",
    "year",
    "applied_on",
    "awarded_on",
    "start_date",
    "end_date",
    "start_year",
    "end_year",
    "county_name",
    "title",
    "acronym",
    "text",
)


def source_snap(s: AwardSource) -> SourceSnap:
    return SourceSnap(
        key=s.key,
        name=s.name,
        format=s.format,
        shows_partners=s.shows_partners,
        url=s.url,
        fetched_on=s.fetched_on,
        imported_at=s.imported_at,
        rows_read=s.rows_read,
        activity_count=s.activity_count,
        participation_count=s.participation_count,
        year_from=s.year_from,
        year_to=s.year_to,
        note=s.note,
    )


def organisation_snap(o: AwardOrganisation) -> OrganisationSnap:
    return OrganisationSnap(
        key=o.key,
        name=o.name,
        orgnr=o.orgnr,
        has_orgnumber=o.has_orgnumber,
        county=o.county_code,
        county_name=o.county_name,
        municipality_code=o.municipality_code,
        municipality=o.municipality,
        sector=o.sector,
        sector_kind=o.sector_kind,
    )


def activity_snap(
    a: AwardActivity, source: str, instrument: str | None, parts: Iterable[ParticipationSnap] = ()
) -> ActivitySnap:
    return ActivitySnap(
        source=source,
        ref=a.source_ref,
        funder=a.funder_code,
        outcome=a.outcome,
        currency=a.currency,
        instrument=instrument,
        county=a.county_code,
        participations=tuple(parts),
        **{c: getattr(a, c) for c in ACTIVITY_COLUMNS},
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _activity_query(
    source_keys: Collection[str] | None,
    instrument_slugs: Collection[str] | None,
    orgnrs: Collection[str] | None,
) -> Select[Any]:
    stmt = (
        select(A, S.key, Instrument.slug)
        .join(S, S.id == A.source_id)
        .outerjoin(Instrument, Instrument.id == A.instrument_id)
        .order_by(A.id)
    )
    if source_keys is not None:
        stmt = stmt.where(S.key.in_(list(source_keys)))
    if instrument_slugs is not None:
        stmt = stmt.where(Instrument.slug.in_(list(instrument_slugs)))
    if orgnrs is not None:
        members = (
            select(P.activity_id).join(Org, Org.id == P.organisation_id).where(Org.orgnr.in_(list(orgnrs)))
        )
        stmt = stmt.where(A.id.in_(members))
    return stmt


def build_award_snapshot(
    session: Session,
    *,
    source_keys: Collection[str] | None = None,
    instrument_slugs: Collection[str] | None = None,
    orgnrs: Collection[str] | None = None,
) -> AwardSnapshot:
    """Activities (all, or those matching every filter given) with their participations and organisations."""
    rows = session.execute(
        _activity_query(source_keys, instrument_slugs, orgnrs).execution_options(yield_per=CHUNK)
    )
    loaded = [(a, key, slug) for a, key, slug in rows]
    parts: dict[int, list[ParticipationSnap]] = defaultdict(list)
    org_ids: set[int] = set()
    org_keys: dict[int, str] = {}
    for chunk in _chunks([a.id for a, _, _ in loaded]):
        stmt = (
            select(P.activity_id, P.organisation_id, P.role, P.amount_minor, Org.key)
            .join(Org)
            .where(P.activity_id.in_(chunk))
        )
        for activity_id, org_id, role, amount, org_key in session.execute(stmt.order_by(P.activity_id, P.id)):
            parts[activity_id].append(ParticipationSnap(organisation=org_key, role=role, amount_minor=amount))
            org_ids.add(org_id)
            org_keys[org_id] = org_key
    organisations = []
    for chunk in _chunks(sorted(org_ids)):
        organisations += [organisation_snap(o) for o in session.scalars(select(Org).where(Org.id.in_(chunk)))]
    return AwardSnapshot(
        sources=tuple(source_snap(s) for s in repository.list_sources(session)),
        organisations=tuple(sorted(organisations, key=lambda o: o.key)),
        activities=tuple(activity_snap(a, key, slug, parts[a.id]) for a, key, slug in loaded),
    )


def programme_totals(session: Session, *, unmapped_only: bool = False) -> tuple[ProgrammeTotalSnap, ...]:
    """Per funder programme and currency, largest granted money first; ``unmapped_only``: the activities
    no rule links to a catalogue instrument (the catalogue's completeness, measured)."""
    return tuple(
        ProgrammeTotalSnap(
            funder=r.funder_code,
            programme_code=r.programme_code,
            programme_name=r.programme_name,
            currency=r.currency,
            activities=int(r.activities),
            funded=int(r.funded),
            granted_minor=int(r.granted_minor or 0),
        )
        for r in repository.programme_totals(session, unmapped_only=unmapped_only)
    )


def organisation_funding(session: Session, orgnr: str) -> OrganisationFundingSnap | None:
    """Everything one organisation number was funded for (or applied for), across sources and years."""
    org = repository.organisation_by_orgnr(session, orgnr)
    if org is None:
        return None
    registered = set(repository.registered_symbioses(session))
    roles = tuple(
        RoleSnap(
            activity=activity_snap(r.AwardActivity, r.source_key, r.instrument),
            role=r.role,
            amount_minor=r.amount_minor,
        )
        for r in repository.organisation_funding(session, org.id)
    )
    consortia = tuple(
        ConsortiumRefSnap(slug=slug, name=name, member_role=role, registered_symbiosis=slug in registered)
        for slug, name, role in repository.consortia_of(session, orgnr)
    )
    return OrganisationFundingSnap(organisation=organisation_snap(org), roles=roles, consortia=consortia)


def list_source_snaps(session: Session) -> tuple[SourceSnap, ...]:
    return tuple(source_snap(s) for s in repository.list_sources(session))


def award_row_chunks(session: Session, chunk: int = CHUNK) -> Iterator[AwardRows]:
    """Every activity as column chunks of ``chunk`` rows (id order): what the precedent index of the funding
    paths reads (``analyser.paths.precedents``), never the whole table at once."""
    after = 0
    while rows := repository.activity_rows(session, after, chunk):
        first, after = rows[0][0], rows[-1][0]
        kinds: dict[int, list[str]] = defaultdict(list)
        for activity_id, kind in repository.activity_sector_kinds(session, first, after):
            kinds[activity_id].append(kind)
        cols = list(zip(*rows, strict=True))
        yield AwardRows(
            ids=cols[0],
            sources=cols[1],
            refs=cols[2],
            funders=cols[3],
            programme_codes=cols[4],
            programme_names=cols[5],
            instruments=cols[6],
            outcomes=cols[7],
            currencies=cols[8],
            granted=cols[9],
            applied=cols[10],
            years=cols[11],
            counties=cols[12],
            titles=cols[13],
            texts=cols[14],
            kinds=tuple(tuple(sorted(kinds.get(i, ()))) for i in cols[0]),
        )


def award_stamp(session: Session) -> tuple[int, str, int]:
    return repository.award_stamp(session)
