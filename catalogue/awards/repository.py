"""Every query of the awards domain (the bulk writes of an import are in :mod:`catalogue.awards.bulk`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, and_, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from catalogue.awards.linking import RuleKey
from catalogue.awards.models import (
    FUNDED_OUTCOMES,
    AwardActivity,
    AwardOrganisation,
    AwardParticipation,
    AwardProgrammeLink,
    AwardSource,
)
from catalogue.awards.records import SourceInfo
from catalogue.instruments.models import Consortium, ConsortiumMember, County, Instrument
from catalogue.registers.models import SymbiosisStatus

A, P, Org, S = AwardActivity, AwardParticipation, AwardOrganisation, AwardSource
FUNDED = A.outcome.in_(FUNDED_OUTCOMES)
ACTIVITY_TABLE = cast(Table, A.__table__)


# ---- reference data the readers need --------------------------------------------------------------


def county_lookup(session: Session) -> tuple[frozenset[str], dict[str, str]]:
    """(county codes, lower-case nynorsk/bokmål name -> code) of the catalogue's counties."""
    rows = session.execute(select(County.code, County.name_nn, County.name_nb)).all()
    names = {n.lower(): code for code, nn, nb in rows for n in (nn, nb)}
    return frozenset(code for code, _, _ in rows), names


# ---- programme -> instrument rules -----------------------------------------------------------------


def programme_rules(session: Session) -> dict[RuleKey, int]:
    rows = session.execute(
        select(
            AwardProgrammeLink.funder_code,
            AwardProgrammeLink.programme_code,
            AwardProgrammeLink.application_type,
            AwardProgrammeLink.application_variant,
            AwardProgrammeLink.instrument_id,
        )
    ).all()
    return {(f, p, t, v): i for f, p, t, v, i in rows}


def list_programme_links(session: Session) -> Sequence[tuple[AwardProgrammeLink, str]]:
    """Every rule with its instrument's slug, in file order."""
    stmt = (
        select(AwardProgrammeLink, Instrument.slug)
        .join(Instrument, Instrument.id == AwardProgrammeLink.instrument_id)
        .order_by(AwardProgrammeLink.position)
    )
    return [(link, slug) for link, slug in session.execute(stmt).all()]


def replace_programme_links(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    session.execute(delete(AwardProgrammeLink))
    if rows:
        session.execute(insert(AwardProgrammeLink), list(rows))


def link_keys(session: Session) -> Iterator[tuple[int, str, str | None, str | None, str | None, int | None]]:
    """(id, funder, programme, type, variant, instrument id) of every activity, streamed."""
    stmt = select(
        A.id, A.funder_code, A.programme_code, A.application_type, A.application_variant, A.instrument_id
    ).execution_options(yield_per=20_000)
    for row in session.execute(stmt):
        yield row[0], row[1], row[2], row[3], row[4], row[5]


def set_instruments(session: Session, changes: Sequence[tuple[int, int | None]]) -> None:
    stmt = (
        update(ACTIVITY_TABLE)
        .where(ACTIVITY_TABLE.c.id == bindparam("b_id"))
        .values(instrument_id=bindparam("b_iid"))
    )
    for start in range(0, len(changes), 5_000):
        batch = changes[start : start + 5_000]
        session.connection().execute(stmt, [{"b_id": i, "b_iid": iid} for i, iid in batch])


# ---- data sources ----------------------------------------------------------------------------------


def source_by_key(session: Session, key: str) -> AwardSource | None:
    return session.scalars(select(S).where(S.key == key)).one_or_none()


def upsert_source(session: Session, info: SourceInfo) -> AwardSource:
    row = source_by_key(session, info.key)
    if row is None:
        row = S(key=info.key, rows_read=0, activity_count=0, participation_count=0)
        session.add(row)
    row.name, row.format, row.shows_partners = info.name, info.format, info.shows_partners
    row.url = info.url or row.url
    row.note = info.note or row.note
    row.fetched_on = info.fetched_on or row.fetched_on
    session.flush()
    return row


def refresh_source(session: Session, source: AwardSource, *, rows_read: int, file_name: str) -> None:
    """Store what the source now holds: counts and the years it covers."""
    activities, first, last = session.execute(
        select(func.count(), func.min(A.year), func.max(A.year)).where(A.source_id == source.id)
    ).one()
    source.activity_count = int(activities)
    source.participation_count = int(
        session.scalar(select(func.count()).select_from(P).join(A).where(A.source_id == source.id)) or 0
    )
    source.year_from, source.year_to = first, last
    source.rows_read, source.file_name = rows_read, file_name
    source.imported_at = dt.datetime.now(dt.UTC)
    session.flush()


def granted_from_participations(session: Session, source_id: int) -> None:
    """Set each activity's granted amount to the sum of its participations' amounts (where it differs)."""
    totals = (
        select(P.activity_id, func.sum(P.amount_minor).label("total"))
        .join(A, A.id == P.activity_id)
        .where(A.source_id == source_id)
        .group_by(P.activity_id)
        .subquery()
    )
    session.execute(
        update(ACTIVITY_TABLE)
        .where(ACTIVITY_TABLE.c.id == totals.c.activity_id)
        .where(ACTIVITY_TABLE.c.granted_minor.is_distinct_from(totals.c.total))
        .values(granted_minor=totals.c.total)
    )


def list_sources(session: Session) -> Sequence[AwardSource]:
    return session.scalars(select(S).order_by(S.key)).all()


def count_activities(session: Session, source_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(A)
    if source_id is not None:
        stmt = stmt.where(A.source_id == source_id)
    return int(session.scalar(stmt) or 0)


def count_organisations(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Org)) or 0)


def count_linked(session: Session, source_id: int) -> int:
    stmt = select(func.count()).select_from(A).where(A.source_id == source_id, A.instrument_id.is_not(None))
    return int(session.scalar(stmt) or 0)


# ---- programmes ------------------------------------------------------------------------------------


def programme_totals(session: Session, *, unmapped_only: bool = False) -> Sequence[Row[Any]]:
    """Per (funder, programme, currency): activities, funded activities and granted money (minor units)
    of the funded ones, largest money first within each currency."""
    money = func.coalesce(func.sum(case((FUNDED, A.granted_minor), else_=0)), 0)
    stmt = (
        select(
            A.funder_code,
            A.programme_code,
            func.max(A.programme_name).label("programme_name"),
            A.currency,
            func.count().label("activities"),
            func.count(case((FUNDED, 1))).label("funded"),
            money.label("granted_minor"),
        )
        .group_by(A.funder_code, A.programme_code, A.currency)
        .order_by(A.currency.desc(), money.desc(), func.count().desc(), A.programme_code)
    )
    if unmapped_only:
        stmt = stmt.where(A.instrument_id.is_(None))
    return session.execute(stmt).all()


# ---- organisations ---------------------------------------------------------------------------------


def organisation_by_orgnr(session: Session, orgnr: str) -> AwardOrganisation | None:
    return session.scalars(select(Org).where(Org.orgnr == orgnr)).one_or_none()


def organisation_funding(session: Session, organisation_id: int) -> Sequence[Row[Any]]:
    """Every activity the organisation takes part in, with its role, its own amount, the source and the
    instrument's slug (or None), newest first."""
    stmt = (
        select(A, P.role, P.amount_minor, S.key.label("source_key"), Instrument.slug.label("instrument"))
        .join(P, P.activity_id == A.id)
        .join(S, S.id == A.source_id)
        .outerjoin(Instrument, Instrument.id == A.instrument_id)
        .where(P.organisation_id == organisation_id)
        .order_by(A.year.desc(), A.source_ref)
    )
    return session.execute(stmt).all()


def registered_symbioses(session: Session) -> Sequence[str]:
    """Slugs of the consortia registered as symbioses (with at least one status record)."""
    stmt = (
        select(Consortium.slug)
        .where(Consortium.id.in_(select(SymbiosisStatus.consortium_id)))
        .order_by(Consortium.slug)
    )
    return session.scalars(stmt).all()


def member_links(session: Session) -> Sequence[Row[Any]]:
    """Consortium members whose organisation number appears in the award data: (consortium slug,
    consortium name, member name, organisation number, award organisation id, is a registered symbiosis)."""
    registered = (
        select(SymbiosisStatus.consortium_id).where(SymbiosisStatus.consortium_id == Consortium.id).exists()
    )
    stmt = (
        select(
            Consortium.slug,
            Consortium.name,
            ConsortiumMember.name.label("member"),
            ConsortiumMember.org_number,
            Org.id.label("organisation_id"),
            registered.label("registered_symbiosis"),
        )
        .join(ConsortiumMember, ConsortiumMember.consortium_id == Consortium.id)
        .join(Org, and_(Org.orgnr == ConsortiumMember.org_number, Org.orgnr.is_not(None)))
        .order_by(Consortium.slug, ConsortiumMember.position)
    )
    return session.execute(stmt).all()


def consortia_of(session: Session, orgnr: str) -> Sequence[Row[Any]]:
    """(slug, name, member role) of the consortia an organisation number is a member of."""
    stmt = (
        select(Consortium.slug, Consortium.name, ConsortiumMember.role)
        .join(ConsortiumMember, ConsortiumMember.consortium_id == Consortium.id)
        .where(ConsortiumMember.org_number == orgnr)
        .order_by(Consortium.slug)
    )
    return session.execute(stmt).all()


# ---- precedents of the funding paths (issue 15 item 5) ------------------------------------------------

TEXT_CHARS = 400  # of an activity's text, read for the precedent index (titles are read whole)


def award_stamp(session: Session) -> tuple[int, str, int]:
    """Changes whenever an import or a relink may have changed the award data: the largest activity id,
    the latest import time and the number of sources."""
    last = session.scalar(select(func.max(A.id))) or 0
    imported, sources = session.execute(select(func.max(S.imported_at), func.count(S.id))).one()
    return int(last), str(imported or ""), int(sources or 0)


def activity_rows(session: Session, after_id: int, limit: int) -> Sequence[Row[Any]]:
    """The next ``limit`` activities after ``after_id`` (id order), only the columns the precedent index
    needs; the text cut to ``TEXT_CHARS`` characters."""
    stmt = (
        select(
            A.id,
            S.key,
            A.source_ref,
            A.funder_code,
            A.programme_code,
            A.programme_name,
            Instrument.slug,
            A.outcome,
            A.currency,
            A.granted_minor,
            A.applied_minor,
            A.year,
            A.county_code,
            A.title,
            func.substr(A.text, 1, TEXT_CHARS),
        )
        .join(S, S.id == A.source_id)
        .outerjoin(Instrument, Instrument.id == A.instrument_id)
        .where(A.id > after_id)
        .order_by(A.id)
        .limit(limit)
    )
    return session.connection().execute(stmt).all()  # plain rows: no ORM result processing


def activity_sector_kinds(session: Session, first_id: int, last_id: int) -> Sequence[Row[Any]]:
    """(activity id, sector kind) of every participation of the activities ``first_id``..``last_id``."""
    stmt = (
        select(P.activity_id, Org.sector_kind)
        .join(Org, Org.id == P.organisation_id)
        .where(P.activity_id.between(first_id, last_id), Org.sector_kind.is_not(None))
        .distinct()
    )
    return session.connection().execute(stmt).all()
