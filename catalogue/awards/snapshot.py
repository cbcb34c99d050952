"""Plain, immutable snapshots of the award data for the analyser, the web views and the CLI.

Pure data (no SQLAlchemy); ``catalogue.awards.loader`` fills them from the database. Amounts are integers
in minor units (øre, cent) of the activity's currency: :func:`major` gives the exact decimal amount.
Organisations are referred to by their key (the organisation number, or ``<source>:<name>`` for one
published without a number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

FUNDED_OUTCOMES = frozenset({"granted", "running", "finished"})


def major(minor: int | None) -> Decimal | None:
    """An amount in minor units as an exact decimal in the currency (12345 -> Decimal('123.45'))."""
    return None if minor is None else Decimal(minor).scaleb(-2)


@dataclass(frozen=True, kw_only=True)
class SourceSnap:
    key: str
    name: str
    format: str
    shows_partners: bool  # False: the source names only the responsible organisation
    url: str | None = None
    fetched_on: dt.date | None = None
    imported_at: dt.datetime | None = None
    rows_read: int = 0
    activity_count: int = 0
    participation_count: int = 0
    year_from: int | None = None
    year_to: int | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class OrganisationSnap:
    key: str
    name: str
    orgnr: str | None = None
    has_orgnumber: bool = True
    county: str | None = None  # a catalogue county code, or None
    county_name: str | None = None  # as published
    municipality_code: str | None = None
    municipality: str | None = None
    sector: str | None = None  # as published
    sector_kind: str | None = (
        None  # business / higher_education / institute / health / public / other / abroad
    )


@dataclass(frozen=True, kw_only=True)
class ParticipationSnap:
    organisation: str  # organisation key
    role: str  # responsible / coordinator / participant
    amount_minor: int | None = None


@dataclass(frozen=True, kw_only=True)
class ActivitySnap:
    source: str  # source key
    ref: str  # the source's own id
    funder: str
    outcome: str  # granted / running / finished / rejected / unknown
    currency: str
    funder_name: str | None = None
    programme_code: str | None = None
    programme_name: str | None = None
    application_type: str | None = None
    application_variant: str | None = None
    instrument: str | None = None  # catalogue instrument slug
    applied_minor: int | None = None
    granted_minor: int | None = None
    year: int | None = None
    applied_on: dt.date | None = None
    awarded_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    start_year: int | None = None
    end_year: int | None = None
    county: str | None = None
    county_name: str | None = None
    title: str | None = None
    acronym: str | None = None
    text: str | None = None
    participations: tuple[ParticipationSnap, ...] = ()

    @property
    def funded(self) -> bool:
        return self.outcome in FUNDED_OUTCOMES

    @property
    def organisation_keys(self) -> frozenset[str]:
        return frozenset(p.organisation for p in self.participations)


@dataclass(frozen=True)
class AwardSnapshot:
    sources: tuple[SourceSnap, ...] = ()
    organisations: tuple[OrganisationSnap, ...] = ()
    activities: tuple[ActivitySnap, ...] = ()
    _orgs: dict[str, OrganisationSnap] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._orgs.update({o.key: o for o in self.organisations})

    def source(self, key: str) -> SourceSnap | None:
        return next((s for s in self.sources if s.key == key), None)

    def organisation(self, key: str) -> OrganisationSnap | None:
        return self._orgs.get(key)

    def by_instrument(self, slug: str) -> tuple[ActivitySnap, ...]:
        return tuple(a for a in self.activities if a.instrument == slug)

    def shows_partners(self, activity: ActivitySnap) -> bool:
        """Whether the activity's source names every participant (else partners are unknown, not absent)."""
        source = self.source(activity.source)
        return bool(source and source.shows_partners)


@dataclass(frozen=True, kw_only=True)
class ProgrammeTotalSnap:
    """Activities of one funder's programme in one currency: how many, how many funded, granted money."""

    funder: str
    programme_code: str | None
    programme_name: str | None
    currency: str
    activities: int
    funded: int
    granted_minor: int


@dataclass(frozen=True, kw_only=True)
class RoleSnap:
    """An organisation's part in one activity."""

    activity: ActivitySnap
    role: str
    amount_minor: int | None = None


@dataclass(frozen=True, kw_only=True)
class ConsortiumRefSnap:
    slug: str
    name: str
    member_role: str | None = None
    registered_symbiosis: bool = False


@dataclass(frozen=True, kw_only=True)
class OrganisationFundingSnap:
    """All funding of one organisation across sources and years, and the consortia it is a member of."""

    organisation: OrganisationSnap
    roles: tuple[RoleSnap, ...] = ()  # newest first
    consortia: tuple[ConsortiumRefSnap, ...] = ()

    def instruments(self) -> tuple[str, ...]:
        return tuple(sorted({r.activity.instrument for r in self.roles if r.activity.instrument}))

    def granted_by_currency(self) -> dict[str, int]:
        """Funded activities' own amounts (or the activity's granted amount when none is given)."""
        out: dict[str, int] = {}
        for r in self.roles:
            if r.activity.funded:
                amount = r.amount_minor if r.amount_minor is not None else r.activity.granted_minor
                out[r.activity.currency] = out.get(r.activity.currency, 0) + (amount or 0)
        return out


@dataclass(frozen=True, kw_only=True)
class AwardRows:
    """One chunk of activities, column by column: only what the precedent index of the funding paths needs
    (``analyser.paths.precedents``). Every tuple has one entry per activity; ``kinds`` holds the sector
    kinds of its organisations. ``catalogue.awards.loader.award_row_chunks`` yields them in id order."""

    ids: tuple[int, ...]
    sources: tuple[str, ...]
    refs: tuple[str, ...]
    funders: tuple[str, ...]
    programme_codes: tuple[str | None, ...]
    programme_names: tuple[str | None, ...]
    instruments: tuple[str | None, ...]
    outcomes: tuple[str, ...]
    currencies: tuple[str, ...]
    granted: tuple[int | None, ...]
    applied: tuple[int | None, ...]
    years: tuple[int | None, ...]
    counties: tuple[str | None, ...]
    titles: tuple[str | None, ...]
    texts: tuple[str | None, ...]
    kinds: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.ids)
