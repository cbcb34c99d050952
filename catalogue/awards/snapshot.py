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


# ---- the aggregate evidence snapshot (issue 15, item 4) ----------------------------------------------
# Counts and sums grouped in SQL plus capped lists of example awards: its size does not grow with the
# number of activities (``catalogue.awards.evidence_loader.build_evidence_snapshot`` fills it).


@dataclass(frozen=True, kw_only=True)
class AwardRowSnap:
    """One award shown as evidence: what a reader needs to find it at the source."""

    source: str
    ref: str
    funder: str
    outcome: str
    currency: str
    programme_code: str | None = None
    title: str | None = None
    year: int | None = None
    county: str | None = None
    granted_minor: int | None = None
    organisations: tuple[str, ...] = ()  # names, at most three
    organisation_count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "ref": self.ref,
            "funder": self.funder,
            "programme": self.programme_code,
            "title": self.title,
            "year": self.year,
            "county": self.county,
            "outcome": self.outcome,
            "currency": self.currency,
            "granted_minor": self.granted_minor,
            "organisations": list(self.organisations),
            "organisation_count": self.organisation_count,
        }


@dataclass(frozen=True, kw_only=True)
class InstrumentPartnersSnap:
    """Funded activities linked to one instrument from one source, and how many had two or more
    different organisations (meaningful only when the source shows partners)."""

    instrument: str
    source: str
    funded: int
    multi: int
    single_rows: tuple[AwardRowSnap, ...] = ()  # the largest single-organisation awards (capped)


@dataclass(frozen=True, kw_only=True)
class FunderTotalSnap:
    funder: str
    currency: str
    funded: int
    granted_minor: int
    unmapped_funded: int = 0
    unmapped_minor: int = 0
    unmapped_rows: tuple[AwardRowSnap, ...] = ()  # the largest funded awards in unmapped programmes


@dataclass(frozen=True, kw_only=True)
class DecisionSnap:
    """Decided applications (funded or rejected) of one instrument's programme in one source, by whether
    the applicant (responsible or coordinating organisation) is a business."""

    instrument: str
    funder: str
    programme_code: str | None
    source: str
    business_decided: int
    business_rejected: int
    other_decided: int
    other_rejected: int


@dataclass(frozen=True, kw_only=True)
class CellFundingSnap:
    """Funded activities classified into one value chain and stage (``seeds/award_evidence.yaml``)."""

    value_chain: str
    stage: str
    funded: int
    counties: tuple[tuple[str, int], ...] = ()  # (county code or "", funded activities), most first
    programmes: tuple[str, ...] = ()  # "<funder>:<programme>", most activities first (capped)
    sources: tuple[str, ...] = ()
    rows: tuple[AwardRowSnap, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FunderShareSnap:
    funder: str
    currency: str
    activities: int
    granted_minor: int


@dataclass(frozen=True, kw_only=True)
class OrganisationFundersSnap:
    """An organisation funded by two or more funders for work in one value chain."""

    key: str
    name: str
    orgnr: str | None
    value_chain: str
    funders: tuple[FunderShareSnap, ...]


@dataclass(frozen=True, kw_only=True)
class SymbiosisFundersSnap:
    """A registered symbiosis whose members were funded, by funder."""

    slug: str
    name: str
    members: int  # members found in the award data
    funders: tuple[FunderShareSnap, ...]


@dataclass(frozen=True, kw_only=True)
class AwardEvidence:
    """What the gap analyser weighs from funded-project data (empty: the analysis is unchanged)."""

    sources: tuple[SourceSnap, ...] = ()
    partners: tuple[InstrumentPartnersSnap, ...] = ()
    funders: tuple[FunderTotalSnap, ...] = ()
    unmapped: tuple[ProgrammeTotalSnap, ...] = ()  # capped, largest money first per currency
    unmapped_more: int = 0  # unmapped programmes left off
    decisions: tuple[DecisionSnap, ...] = ()
    rejecting_sources: frozenset[str] = frozenset()  # sources that publish rejected applications
    cells: tuple[CellFundingSnap, ...] = ()
    classified_chains: frozenset[str] = frozenset()  # value chains the classification rules can show
    organisations: tuple[OrganisationFundersSnap, ...] = ()  # capped
    organisations_more: int = 0
    symbioses: tuple[SymbiosisFundersSnap, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(s.activity_count for s in self.sources)

    def source(self, key: str) -> SourceSnap | None:
        return next((s for s in self.sources if s.key == key), None)

    def cell(self, value_chain: str, stage: str) -> CellFundingSnap | None:
        return next((c for c in self.cells if c.value_chain == value_chain and c.stage == stage), None)


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
