"""The list of funded activities for the web: filters, facet counts and pages, all in SQL.

The award tables may hold a million activities, so nothing here loads them all: the list is one ordered,
limited query (newest first, on ``ix_award_activity_year_id``), the total one ``count(*)`` and each facet
one ``GROUP BY`` under the other facets' filters (a facet with ticked values is counted without its own
filter, as on the instrument list). ``AwardFilter`` is plain data; ``where`` turns it into SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, func, or_, select, text, true
from sqlalchemy.orm import Session

from catalogue.awards.models import (
    AwardActivity,
    AwardOrganisation,
    AwardParticipation,
    AwardProgrammeLink,
    AwardSource,
)
from catalogue.instruments.models import Instrument

A, P, Org, S = AwardActivity, AwardParticipation, AwardOrganisation, AwardSource
FACETS = ("funder", "programme", "instrument", "county", "year", "outcome", "sector")
UNKNOWN = "unknown"  # facet value of a missing county, sector or year
UNMAPPED = "none"  # instrument facet value of activities linked to no instrument
LEAD_ROLES = ("responsible", "coordinator")
FACET_LIMIT = 40  # values shown per facet (most frequent first)


@dataclass(frozen=True)
class AwardFilter:
    """Ticked facet values (values within a facet are OR-ed, facets AND-ed) and a free-text query."""

    funder: frozenset[str] = frozenset()
    programme: frozenset[str] = frozenset()
    instrument: frozenset[str] = frozenset()  # instrument slugs, or UNMAPPED
    county: frozenset[str] = frozenset()
    year: frozenset[str] = frozenset()
    outcome: frozenset[str] = frozenset()
    sector: frozenset[str] = frozenset()  # sector kind of a participating organisation
    q: str = ""

    def values(self, facet: str) -> frozenset[str]:
        chosen: frozenset[str] = getattr(self, facet)
        return chosen


@dataclass(frozen=True)
class ActivityRow:
    """One activity as the list, the feed and the API show it."""

    id: int
    source: str
    source_ref: str
    funder: str
    programme_code: str | None
    programme_name: str | None
    instrument: str | None  # slug
    outcome: str
    currency: str
    applied_minor: int | None
    granted_minor: int | None
    year: int | None
    county: str | None
    title: str | None
    acronym: str | None
    awarded_on: dt.date | None = None
    applied_on: dt.date | None = None
    leads: tuple[tuple[str, str | None, str], ...] = ()  # (name, orgnr, organisation key) of the lead(s)


ACTIVITY_FIELDS = tuple(f for f in ActivityRow.__dataclass_fields__ if f != "leads")  # row_select()'s order


@dataclass(frozen=True)
class ActivityPage:
    total: int
    items: tuple[ActivityRow, ...]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    programme_names: dict[str, str] = field(default_factory=dict)


def _nullable(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    known = [v for v in values if v != UNKNOWN]
    parts = [column.in_(known)] if known else []
    if UNKNOWN in values:
        parts.append(column.is_(None))
    return or_(*parts)


def _condition(session: Session, facet: str, values: frozenset[str]) -> ColumnElement[bool]:
    if facet == "funder":
        return A.funder_code.in_(values)
    if facet == "programme":
        return A.programme_code.in_(values)
    if facet == "outcome":
        return A.outcome.in_(values)
    if facet == "county":
        return _nullable(A.county_code, values)
    if facet == "year":
        years = frozenset(v if v == UNKNOWN else str(int(v)) for v in values if v == UNKNOWN or v.isdigit())
        known = [int(v) for v in years if v != UNKNOWN]
        parts = [A.year.in_(known)] if known else []
        if UNKNOWN in years:
            parts.append(A.year.is_(None))
        return or_(*parts)
    if facet == "instrument":
        ids = select(Instrument.id).where(Instrument.slug.in_(values)).scalar_subquery()
        parts = [A.instrument_id.in_(ids)]
        if UNMAPPED in values:
            parts.append(A.instrument_id.is_(None))
        return or_(*parts)
    if facet == "sector":
        sector = select(P.id).join(Org, Org.id == P.organisation_id).where(P.activity_id == A.id)
        return sector.where(_nullable(Org.sector_kind, values)).exists()
    raise ValueError(f"unknown facet {facet!r}")


def where(session: Session, f: AwardFilter, *, skip: str | None = None) -> ColumnElement[bool]:
    """The SQL condition of a filter (without the facet ``skip``: its own counts stay open)."""
    parts = [
        _condition(session, facet, f.values(facet)) for facet in FACETS if facet != skip and f.values(facet)
    ]
    if f.q.strip():
        pattern = "%" + f.q.strip().lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        parts.append(
            or_(func.lower(A.title).like(pattern), func.lower(A.acronym).like(pattern), A.source_ref == f.q)
        )
    return and_(true(), *parts)


def _unordered(column: Any) -> Any:
    """The column as an expression no index is ordered by (NULL stays NULL). Grouping a filtered facet by
    the bare column lets SQLite walk the index ordered by it and look up every row for the filter (1.7 s at
    a million rows for the county facet); grouping by this lets it pick the index that serves the filter."""
    return column + 0 if isinstance(column.type, Integer) else column.concat("")


def _facet_select(
    session: Session, facet: str, condition: ColumnElement[bool], *, filtered: bool
) -> Select[Any]:
    count = func.count()
    if facet == "sector":
        key: Any = Org.sector_kind
        count = func.count(func.distinct(P.activity_id))
        stmt = select(key, count).select_from(P).join(Org, Org.id == P.organisation_id)
        if filtered:  # unfiltered, the participations alone answer: no lookup of a million activities
            stmt = stmt.join(A, A.id == P.activity_id)
    else:
        key = {
            "funder": A.funder_code,
            "programme": A.programme_code,
            "instrument": A.instrument_id,
            "county": A.county_code,
            "year": A.year,
            "outcome": A.outcome,
        }[facet]
        key = _unordered(key) if filtered else key
        stmt = select(key, count).select_from(A)
    return stmt.where(condition).group_by(key).order_by(count.desc(), key).limit(FACET_LIMIT)


def facet_counts(session: Session, f: AwardFilter) -> dict[str, list[tuple[str, int]]]:
    """(value, activities) of every facet, most frequent first; a facet with ticked values is counted
    under the other facets' filters only. Instruments by slug (UNMAPPED for none), missing values UNKNOWN."""
    slugs = dict(session.execute(select(Instrument.id, Instrument.slug)).tuples().all())
    out: dict[str, list[tuple[str, int]]] = {}
    shared = where(session, f)
    for facet in FACETS:
        condition = where(session, f, skip=facet) if f.values(facet) else shared
        filtered = any(f.values(other) for other in FACETS if other != facet) or bool(f.q.strip())
        rows = session.execute(_facet_select(session, facet, condition, filtered=filtered)).all()
        if facet == "instrument":
            out[facet] = [(slugs.get(k, UNMAPPED) if k is not None else UNMAPPED, int(n)) for k, n in rows]
        else:
            out[facet] = [(UNKNOWN if k is None else str(k), int(n)) for k, n in rows]
    return out


def count(session: Session, f: AwardFilter) -> int:
    return int(session.scalar(select(func.count()).select_from(A).where(where(session, f))) or 0)


def row_select() -> Select[Any]:
    return (
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
            A.applied_minor,
            A.granted_minor,
            A.year,
            A.county_code,
            A.title,
            A.acronym,
            A.awarded_on,
            A.applied_on,
        )
        .join(S, S.id == A.source_id)
        .outerjoin(Instrument, Instrument.id == A.instrument_id)
    )


def leads_of(session: Session, ids: Sequence[int]) -> dict[int, tuple[tuple[str, str | None, str], ...]]:
    """The responsible organisation or coordinator(s) of each activity: (name, orgnr, key)."""
    if not ids:
        return {}
    stmt = (
        select(P.activity_id, Org.name, Org.orgnr, Org.key)
        .join(Org, Org.id == P.organisation_id)
        .where(P.activity_id.in_(ids), P.role.in_(LEAD_ROLES))
        .order_by(P.activity_id, P.id)
    )
    out: dict[int, list[tuple[str, str | None, str]]] = {}
    for activity_id, name, orgnr, key in session.execute(stmt):
        out.setdefault(activity_id, []).append((name, orgnr, key))
    return {k: tuple(v) for k, v in out.items()}


def rows(session: Session, stmt: Select[Any]) -> tuple[ActivityRow, ...]:
    """The activities a ``row_select()`` statement finds, with their leads."""
    found = session.execute(stmt).all()
    leads = leads_of(session, [r[0] for r in found])
    fields = ACTIVITY_FIELDS
    return tuple(ActivityRow(**dict(zip(fields, r, strict=True)), leads=leads.get(r[0], ())) for r in found)


def rows_by_ids(session: Session, ids: Sequence[int]) -> tuple[ActivityRow, ...]:
    """The activities of ``ids``, in that order. Pages pick their ids first from an index (ordered,
    limited) and join the source and instrument for those few rows only."""
    if not ids:
        return ()
    by_id = {a.id: a for a in rows(session, row_select().where(A.id.in_(ids)))}
    return tuple(by_id[i] for i in ids if i in by_id)


NEWEST = (A.year.desc().nulls_last(), A.id.desc())


def activities(session: Session, f: AwardFilter, *, offset: int, limit: int) -> tuple[ActivityRow, ...]:
    """One page of the matching activities, newest first (year, then the latest stored)."""
    stmt = select(A.id).where(where(session, f)).order_by(*NEWEST).offset(offset).limit(limit)
    return rows_by_ids(session, session.scalars(stmt).all())


def programme_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    if not codes:
        return {}
    stmt = (
        select(A.programme_code, func.max(A.programme_name))
        .where(A.programme_code.in_(codes))
        .group_by(A.programme_code)
    )
    return {code: name for code, name in session.execute(stmt) if name}


def activity_page(session: Session, f: AwardFilter, *, offset: int, limit: int) -> ActivityPage:
    facets = facet_counts(session, f)
    names = programme_names(session, [v for v, _ in facets.get("programme", [])])
    return ActivityPage(count(session, f), activities(session, f, offset=offset, limit=limit), facets, names)


def activity_by_ref(session: Session, source: str, ref: str) -> ActivityRow | None:
    found = rows(session, row_select().where(S.key == source, A.source_ref == ref))
    return found[0] if found else None


def participants(session: Session, activity_id: int) -> Sequence[Any]:
    """(organisation key, orgnr, name, county, sector kind, role, own amount) of every participation."""
    stmt = (
        select(Org.key, Org.orgnr, Org.name, Org.county_code, Org.sector_kind, P.role, P.amount_minor)
        .join(Org, Org.id == P.organisation_id)
        .where(P.activity_id == activity_id)
        .order_by(P.id)
    )
    return session.execute(stmt).all()


def data_stamp(session: Session) -> tuple[Any, ...]:
    """Changes whenever a source is imported again or the programme rules are seeded again (the key of
    cached facet counts and totals)."""
    sources = session.execute(select(func.count(), func.max(S.imported_at))).one()
    links = session.execute(select(func.count(), func.max(AwardProgrammeLink.id))).one()
    return (*sources, *links)


def refresh_statistics(session: Session) -> None:
    """Let the query planner see the award tables as they now are (after a large import): without
    statistics SQLite reads a low-cardinality index (a funder, an outcome) and sorts a million rows where
    walking the year index backwards stops after one page. About a second of CPU at a million rows (a
    sampled ANALYZE, SQLite's analysis_limit, misjudges the low-cardinality columns: worse than none)."""
    for table in ("award_activity", "award_participation", "award_organisation"):
        session.execute(text(f"ANALYZE {table}"))
