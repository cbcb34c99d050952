"""What the award data says about one instrument, one organisation or the members of one symbiosis.

Each profile is a few ``GROUP BY`` queries over the indexed columns (``instrument_id``; participations by
``organisation_id``), summed up here, plus one limited page of activities: the cost follows the size of the
instrument or organisation, never of the whole table. Amounts stay in minor units per currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from catalogue.awards.browse import NEWEST, ActivityRow, rows_by_ids
from catalogue.awards.models import (
    FUNDED_OUTCOMES,
    AwardActivity,
    AwardOrganisation,
    AwardParticipation,
    AwardSource,
)
from catalogue.instruments.models import Consortium, ConsortiumMember, Instrument
from catalogue.registers.models import SymbiosisStatus

A, P, Org, S = AwardActivity, AwardParticipation, AwardOrganisation, AwardSource
Money = dict[str, int]  # currency -> minor units
# An organisation's own share of an activity: its amount where the source gives one, else the whole grant
# when it is the responsible organisation (Søknader: one responsible, no partners named).
OWN = func.coalesce(P.amount_minor, case((P.role == "responsible", A.granted_minor)))


@dataclass
class Tally:
    """Activities, funded ones, rejected ones and the money granted to the funded ones."""

    activities: int = 0
    funded: int = 0
    rejected: int = 0
    money: Money = field(default_factory=dict)
    own: Money = field(default_factory=dict)  # an organisation's own share of the funded ones

    def add(self, outcome: str, n: int, currency: str, minor: int | None, own: int | None = None) -> None:
        self.activities += n
        if outcome in FUNDED_OUTCOMES:
            self.funded += n
            self.money[currency] = self.money.get(currency, 0) + int(minor or 0)
            if own is not None:
                self.own[currency] = self.own.get(currency, 0) + int(own)
        elif outcome == "rejected":
            self.rejected += n

    @property
    def decided(self) -> int:
        return self.funded + self.rejected

    @property
    def success_rate(self) -> float | None:
        """Funded / decided (granted, running, finished against rejected); None when nothing was decided."""
        return self.funded / self.decided if self.decided else None


@dataclass(frozen=True)
class SourceCover:
    key: str
    name: str
    shows_partners: bool
    year_from: int | None
    year_to: int | None
    activities: int  # of this instrument or organisation


@dataclass(frozen=True)
class InstrumentFunding:
    total: Tally
    by_year: dict[int | None, Tally]
    by_county: dict[str | None, Tally]
    sources: tuple[SourceCover, ...]
    latest: tuple[ActivityRow, ...]

    @property
    def covered(self) -> bool:
        return self.total.activities > 0


def _sources(
    session: Session, counts: dict[int, tuple[int, int | None, int | None]]
) -> tuple[SourceCover, ...]:
    found = session.scalars(select(S).where(S.id.in_(counts)).order_by(S.key)).all()
    return tuple(
        SourceCover(s.key, s.name, s.shows_partners, counts[s.id][1], counts[s.id][2], counts[s.id][0])
        for s in found
    )


def _merge_years(
    into: dict[int, tuple[int, int | None, int | None]], key: int, n: int, year: int | None
) -> None:
    total, low, high = into.get(key, (0, None, None))
    if year is not None:
        low, high = min(low or year, year), max(high or year, year)
    into[key] = (total + n, low, high)


def instrument_funding(session: Session, instrument_id: int, *, latest: int = 10) -> InstrumentFunding:
    """Funded projects of an instrument: totals, by year and by county, the sources they come from and
    the newest ``latest`` activities."""
    stmt = (
        select(
            A.year, A.source_id, A.county_code, A.outcome, A.currency, func.count(), func.sum(A.granted_minor)
        )
        .where(A.instrument_id == instrument_id)
        # In the order of ix_award_activity_instrument_year: grouped as the index is read, no sort.
        .group_by(A.year, A.source_id, A.county_code, A.outcome, A.currency)
    )
    total = Tally()
    by_year: defaultdict[int | None, Tally] = defaultdict(Tally)
    by_county: defaultdict[str | None, Tally] = defaultdict(Tally)
    per_source: dict[int, tuple[int, int | None, int | None]] = {}
    for year, source_id, county, outcome, currency, n, minor in session.execute(stmt):
        for tally in (total, by_year[year], by_county[county]):
            tally.add(outcome, n, currency, minor)
        _merge_years(per_source, source_id, n, year)
    newest = select(A.id).where(A.instrument_id == instrument_id).order_by(*NEWEST).limit(latest)
    return InstrumentFunding(
        total,
        dict(sorted(by_year.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))),
        dict(sorted(by_county.items(), key=lambda kv: (-kv[1].funded, -kv[1].activities, kv[0] or "~"))),
        _sources(session, per_source),
        rows_by_ids(session, session.scalars(newest).all()) if total.activities else (),
    )


def all_sources(session: Session) -> Sequence[AwardSource]:
    return session.scalars(select(S).order_by(S.key)).all()


# ---- organisations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingLine:
    """One activity of an organisation, with the organisation's role and its own amount where given."""

    activity: ActivityRow
    role: str
    own_minor: int | None


@dataclass(frozen=True)
class OrganisationProfile:
    id: int
    key: str
    orgnr: str | None
    name: str
    county: str | None
    county_name: str | None
    municipality: str | None
    sector: str | None
    sector_kind: str | None
    total: Tally
    by_funder: dict[tuple[str, str], Tally]  # (funder, source key)
    by_year: dict[int | None, Tally]
    by_role: dict[str, int]
    by_instrument: dict[str, Tally]  # slug
    sources: tuple[SourceCover, ...]
    lines: tuple[FundingLine, ...]
    consortia: tuple[
        tuple[str, str, str | None, bool], ...
    ]  # (slug, name, member role, registered symbiosis)


def find_organisation(session: Session, key: str) -> AwardOrganisation | None:
    """By organisation number, or by key (an organisation published without a number)."""
    stmt = select(Org).where(or_(Org.orgnr == key, Org.key == key)).limit(1)
    return session.scalars(stmt).first()


def organisation_profile(
    session: Session, org: AwardOrganisation, *, offset: int = 0, limit: int = 50
) -> OrganisationProfile:
    """Everything the data says about one organisation; ``offset``/``limit``: the page of activities."""
    stmt = (
        select(A.funder_code, A.source_id, A.year, P.role, A.outcome, A.currency, A.instrument_id)
        .add_columns(func.count(), func.sum(A.granted_minor), func.sum(OWN))
        .select_from(P)
        .join(A, A.id == P.activity_id)
        .where(P.organisation_id == org.id)
        .group_by(A.funder_code, A.source_id, A.year, P.role, A.outcome, A.currency, A.instrument_id)
    )
    keys = {s.id: s.key for s in all_sources(session)}
    slugs = dict(session.execute(select(Instrument.id, Instrument.slug)).tuples().all())
    total = Tally()
    by_funder: defaultdict[tuple[str, str], Tally] = defaultdict(Tally)
    by_year: defaultdict[int | None, Tally] = defaultdict(Tally)
    by_role: dict[str, int] = defaultdict(int)
    by_instrument: dict[str, Tally] = defaultdict(Tally)
    per_source: dict[int, tuple[int, int | None, int | None]] = {}
    for funder, source_id, year, role, outcome, currency, instrument, n, minor, own in session.execute(stmt):
        slug = slugs.get(instrument)
        tallies = [total, by_funder[(funder, keys.get(source_id, ""))], by_year[year]]
        tallies += [by_instrument[slug]] if slug else []
        for tally in tallies:
            tally.add(outcome, n, currency, minor, own)
        by_role[role] += n
        _merge_years(per_source, source_id, n, year)
    return OrganisationProfile(
        org.id, org.key, org.orgnr, org.name, org.county_code, org.county_name, org.municipality,
        org.sector, org.sector_kind, total,
        dict(sorted(by_funder.items(), key=lambda kv: -kv[1].activities)),
        dict(sorted(by_year.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))),
        dict(by_role),
        dict(sorted(by_instrument.items(), key=lambda kv: -kv[1].activities)),
        _sources(session, per_source),
        organisation_lines(session, org.id, offset=offset, limit=limit),
        consortia_of(session, org.orgnr) if org.orgnr else (),
    )  # fmt: skip


def organisation_lines(
    session: Session, organisation_id: int, *, offset: int, limit: int
) -> tuple[FundingLine, ...]:
    """One page of the organisation's activities, newest first, with its role and own amount."""
    stmt = (
        select(A.id, P.role, P.amount_minor)
        .join(P, P.activity_id == A.id)
        .where(P.organisation_id == organisation_id)
        .order_by(*NEWEST, P.id)
        .offset(offset)
        .limit(limit)
    )
    found = session.execute(stmt).all()
    by_id = {a.id: a for a in rows_by_ids(session, [r[0] for r in found])}
    return tuple(FundingLine(by_id[i], role, own) for i, role, own in found if i in by_id)


def consortia_of(session: Session, orgnr: str) -> tuple[tuple[str, str, str | None, bool], ...]:
    registered = select(SymbiosisStatus.consortium_id).where(SymbiosisStatus.consortium_id == Consortium.id)
    stmt = (
        select(Consortium.slug, Consortium.name, ConsortiumMember.role, registered.exists())
        .join(ConsortiumMember, ConsortiumMember.consortium_id == Consortium.id)
        .where(ConsortiumMember.org_number == orgnr)
        .order_by(Consortium.name)
    )
    return tuple((slug, name, role, bool(reg)) for slug, name, role, reg in session.execute(stmt))


# ---- members of a symbiosis --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberTally:
    orgnr: str
    key: str
    name: str
    total: Tally
    funders: tuple[str, ...]


def is_registered_symbiosis(session: Session, slug: str) -> bool:
    stmt = select(SymbiosisStatus.id).join(Consortium, Consortium.id == SymbiosisStatus.consortium_id)
    return session.scalar(stmt.where(Consortium.slug == slug).limit(1)) is not None


def member_tallies(session: Session, orgnrs: Iterable[str]) -> dict[str, MemberTally]:
    """Per organisation number known to the award data: its activities, funded ones, money and funders."""
    numbers = sorted(set(orgnrs))
    if not numbers:
        return {}
    funded = case((A.outcome.in_(FUNDED_OUTCOMES), 1), else_=0)
    stmt: Any = (
        select(Org.orgnr, Org.key, Org.name, A.funder_code, A.outcome, A.currency, func.count())
        .add_columns(func.sum(A.granted_minor), func.max(funded))
        .select_from(Org)
        .join(P, P.organisation_id == Org.id)
        .join(A, A.id == P.activity_id)
        .where(Org.orgnr.in_(numbers))
        .group_by(Org.orgnr, Org.key, Org.name, A.funder_code, A.outcome, A.currency)
    )
    tallies: dict[str, tuple[str, str, Tally, set[str]]] = {}
    for orgnr, key, name, funder, outcome, currency, n, minor, was_funded in session.execute(stmt):
        entry = tallies.setdefault(orgnr, (key, name, Tally(), set()))
        entry[2].add(outcome, n, currency, minor)
        if was_funded:
            entry[3].add(funder)
    return {nr: MemberTally(nr, k, name, t, tuple(sorted(f))) for nr, (k, name, t, f) in tallies.items()}
