"""The grouped queries behind the evidence snapshot (``catalogue.awards.evidence_loader``).

Every query here either groups in SQL (its result grows with programmes, instruments, funders or
counties, not with activities) or is capped with ``LIMIT``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, case, func, literal_column, select, tuple_
from sqlalchemy.orm import Session

from catalogue.awards.models import AwardActivity, AwardOrganisation, AwardParticipation, AwardSource
from catalogue.awards.repository import FUNDED
from catalogue.instruments.models import Consortium, ConsortiumMember, Instrument
from catalogue.registers.models import SymbiosisStatus

A, P, Org, S = AwardActivity, AwardParticipation, AwardOrganisation, AwardSource
LEADS = ("responsible", "coordinator")
GroupKey = tuple[str, str, str, str]  # funder, programme, type, variant ("" for none)


def _org_counts() -> Any:
    return (
        select(P.activity_id, func.count(func.distinct(P.organisation_id)).label("n"))
        .group_by(P.activity_id)
        .subquery()
    )


def partner_counts(session: Session) -> Sequence[Row[Any]]:
    """(instrument slug, source key, funded activities, funded with two or more organisations)."""
    orgs = _org_counts()
    stmt = (
        select(
            Instrument.slug,
            S.key,
            func.count().label("funded"),
            func.count(case((orgs.c.n >= 2, 1))).label("multi"),
        )
        .select_from(A)
        .join(Instrument, Instrument.id == A.instrument_id)
        .join(S, S.id == A.source_id)
        .outerjoin(orgs, orgs.c.activity_id == A.id)
        .where(FUNDED)
        .group_by(Instrument.slug, S.key)
        .order_by(Instrument.slug, S.key)
    )
    return session.execute(stmt).all()


def _rows(session: Session, where: Sequence[Any], limit: int, extra_join: Any = None) -> Sequence[Row[Any]]:
    stmt = select(A, S.key.label("source_key")).join(S, S.id == A.source_id)
    if extra_join is not None:
        stmt = stmt.outerjoin(extra_join, extra_join.c.activity_id == A.id)
    stmt = stmt.where(*where).order_by(func.coalesce(A.granted_minor, 0).desc(), A.id).limit(limit)
    return session.execute(stmt).all()


def single_rows(session: Session, slug: str, source: str, limit: int) -> Sequence[Row[Any]]:
    """The largest funded activities of an instrument from a source with fewer than two organisations."""
    orgs = _org_counts()
    inst = select(Instrument.id).where(Instrument.slug == slug).scalar_subquery()
    where = [FUNDED, A.instrument_id == inst, S.key == source, func.coalesce(orgs.c.n, 0) < 2]
    return _rows(session, where, limit, orgs)


def funder_totals(session: Session) -> Sequence[Row[Any]]:
    """(funder, currency, funded, granted, unmapped funded, unmapped granted) of funded activities."""
    unmapped = A.instrument_id.is_(None)
    money = func.coalesce(A.granted_minor, 0)
    stmt = (
        select(
            A.funder_code,
            A.currency,
            func.count().label("funded"),
            func.coalesce(func.sum(money), 0).label("granted"),
            func.count(case((unmapped, 1))).label("unmapped_funded"),
            func.coalesce(func.sum(case((unmapped, money), else_=0)), 0).label("unmapped_granted"),
        )
        .where(FUNDED)
        .group_by(A.funder_code, A.currency)
        .order_by(A.funder_code, A.currency)
    )
    return session.execute(stmt).all()


def unmapped_rows(session: Session, funder: str, currency: str, limit: int) -> Sequence[Row[Any]]:
    where = [FUNDED, A.instrument_id.is_(None), A.funder_code == funder, A.currency == currency]
    return _rows(session, where, limit)


def decision_counts(session: Session) -> Sequence[Row[Any]]:
    """Decided applications (funded or rejected) per (instrument, funder, programme, source), by whether
    the leading organisation is a business: (slug, funder, programme, source, business, decided, rejected)."""
    rejected = A.outcome == "rejected"
    business = func.coalesce(Org.sector_kind, "") == "business"
    stmt = (
        select(
            Instrument.slug,
            A.funder_code,
            A.programme_code,
            S.key,
            case((business, 1), else_=0).label("business"),
            func.count(func.distinct(A.id)).label("decided"),
            func.count(func.distinct(case((rejected, A.id)))).label("rejected"),
        )
        .select_from(A)
        .join(Instrument, Instrument.id == A.instrument_id)
        .join(S, S.id == A.source_id)
        .join(P, and_(P.activity_id == A.id, P.role.in_(LEADS)))
        .join(Org, Org.id == P.organisation_id)
        .where(FUNDED | rejected)
        .group_by(Instrument.slug, A.funder_code, A.programme_code, S.key, "business")
        .order_by(Instrument.slug, A.programme_code, S.key)
    )
    return session.execute(stmt).all()


def rejecting_sources(session: Session) -> Sequence[str]:
    stmt = select(S.key).where(select(A.id).where(A.source_id == S.id, A.outcome == "rejected").exists())
    return session.scalars(stmt).all()


EMPTY: Any = literal_column("''")  # not a bound parameter: PostgreSQL matches GROUP BY to SELECT by text


def _key_columns() -> tuple[Any, ...]:
    return (
        A.funder_code,
        func.coalesce(A.programme_code, EMPTY),
        func.coalesce(A.application_type, EMPTY),
        func.coalesce(A.application_variant, EMPTY),
    )


def group_counts(session: Session, programmes: Sequence[tuple[str, str]]) -> Sequence[Row[Any]]:
    """Funded activities of the (funder, programme) pairs given (those with a value chain) per (funder,
    programme, type, variant, county, source): the cells' raw counts."""
    if not programmes:
        return []
    keys = _key_columns()
    county = func.coalesce(A.county_code, EMPTY)
    stmt = (
        select(*keys, county, S.key, func.count())
        .join(S, S.id == A.source_id)
        .where(FUNDED, tuple_(A.funder_code, A.programme_code).in_(list(programmes)))
        .group_by(*keys, county, S.key)
    )
    return session.execute(stmt).all()


def group_rows(session: Session, groups: Sequence[GroupKey], limit: int) -> Sequence[Row[Any]]:
    """The largest funded activities in any of the (funder, programme, type, variant) groups."""
    return _rows(session, [FUNDED, tuple_(*_key_columns()).in_(list(groups))], limit)


def multi_funder_organisations(
    session: Session, programmes: Sequence[tuple[str, str]], limit: int
) -> tuple[Sequence[Row[Any]], int]:
    """Organisations funded by two or more funders through the (funder, programme) pairs given (those
    with a value chain), most funders and activities first (capped): ((organisation id, key, name,
    orgnr), how many there are in all)."""
    if not programmes:
        return [], 0
    funders = func.count(func.distinct(A.funder_code))
    base = (
        select(P.organisation_id)
        .join(A, A.id == P.activity_id)
        .where(FUNDED, tuple_(A.funder_code, A.programme_code).in_(list(programmes)))
        .group_by(P.organisation_id)
        .having(funders >= 2)
    )
    top = base.add_columns(funders.label("f"), func.count().label("n"))
    found = sorted(session.execute(top), key=lambda r: (-r[1], -r[2], r[0]))  # one pass: ids and counts
    ids = [r[0] for r in found[:limit]]
    rows = session.execute(select(Org.id, Org.key, Org.name, Org.orgnr).where(Org.id.in_(ids))).all()
    return rows, len(found)


def organisation_groups(session: Session, organisation_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """(organisation id, funder, programme, type, variant, currency, activities, own or project money)."""
    money = func.coalesce(P.amount_minor, A.granted_minor, 0)
    stmt = (
        select(P.organisation_id, *_key_columns(), A.currency, func.count(), func.sum(money))
        .join(A, A.id == P.activity_id)
        .where(FUNDED, P.organisation_id.in_(list(organisation_ids)))
        .group_by(P.organisation_id, *_key_columns(), A.currency)
    )
    return session.execute(stmt).all()


def symbiosis_funding(session: Session) -> Sequence[Row[Any]]:
    """(slug, name, funder, currency, members found, activities, money) of each registered symbiosis'
    members' funded activities."""
    registered = select(SymbiosisStatus.consortium_id).where(SymbiosisStatus.consortium_id == Consortium.id)
    money = func.coalesce(P.amount_minor, A.granted_minor, 0)
    stmt = (
        select(
            Consortium.slug,
            Consortium.name,
            A.funder_code,
            A.currency,
            func.count(func.distinct(Org.id)),
            func.count(func.distinct(A.id)),
            func.sum(money),
        )
        .join(ConsortiumMember, ConsortiumMember.consortium_id == Consortium.id)
        .join(Org, and_(Org.orgnr == ConsortiumMember.org_number, Org.orgnr.is_not(None)))
        .join(P, P.organisation_id == Org.id)
        .join(A, A.id == P.activity_id)
        .where(FUNDED, registered.exists())
        .group_by(Consortium.slug, Consortium.name, A.funder_code, A.currency)
        .order_by(Consortium.slug, A.funder_code)
    )
    return session.execute(stmt).all()


def participant_names(session: Session, activity_ids: Sequence[int]) -> dict[int, list[str]]:
    """Organisation names per activity, in the source's order."""
    out: dict[int, list[str]] = {}
    if not activity_ids:
        return out
    stmt = (
        select(P.activity_id, Org.name)
        .join(Org, Org.id == P.organisation_id)
        .where(P.activity_id.in_(list(activity_ids)))
        .order_by(P.activity_id, P.id)
    )
    for activity_id, name in session.execute(stmt):
        names = out.setdefault(activity_id, [])
        if name not in names:
            names.append(name)
    return out
