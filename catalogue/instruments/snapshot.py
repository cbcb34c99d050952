"""Plain, immutable snapshots of the catalogue for the analyser, the search index and the web views.

Pure data: this module imports nothing from SQLAlchemy, so the analyser can use it without a database.
``catalogue.instruments.loader`` fills these from the database; tests build them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STALE_AFTER_DAYS = 365
AMOUNT_SOURCE_KINDS = ("agency", "third_party")


@dataclass(frozen=True)
class InstrumentSnap:
    id: int
    slug: str
    agency: str
    name_nb: str
    name_nn: str | None = None
    name_en: str | None = None
    partner_agencies: tuple[str, ...] = ()
    owner_ministries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    funding_forms: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    consortium_eligibility: str | None = None
    consortium_condition: str | None = None
    consortium_min_partners: int | None = None
    consortium_lead: str | None = None
    consortium_without_legal_personality: bool | None = None
    pays_coordination_costs: bool | None = None
    requires_research_partner: bool | None = None
    stages: tuple[str, ...] = ()
    value_chains: tuple[str, ...] = ()
    missions: tuple[str, ...] = ()
    geography: str | None = None
    counties: tuple[str, ...] = ()
    max_amount_nok: int | None = None
    max_amount_source_kind: str | None = None  # agency | third_party | None (not recorded)
    max_amount_source: str | None = None
    annual_budget_nok: int | None = None
    aid_intensity_min_pct: int | None = None
    aid_intensity_max_pct: int | None = None
    deadline_kind: str | None = None
    next_deadline: dt.date | None = None
    last_deadline: dt.date | None = None
    funds_shared_infrastructure: bool | None = None
    risk_relief: bool | None = None
    status: str | None = None
    stip_code: str | None = None
    summary_en: str | None = None
    summary_nn: str | None = None
    facts_note: str | None = None
    source_url: str | None = None
    compiled_on: dt.date | None = None
    compiled_from: str | None = None
    verified_on: dt.date | None = None
    verified_by: str | None = None
    confidence: str | None = None
    version: int = 1
    updated_at: dt.datetime | None = None  # when the row last changed (feeds); None in hand-built snapshots
    other_sources: tuple[str, ...] = ()

    @property
    def is_joint(self) -> bool:
        return bool(self.partner_agencies)

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Not verified against its source for 12 months, or never: marked in lists, counted in the gaps."""
        limit = (today or dt.date.today()) - dt.timedelta(days=STALE_AFTER_DAYS)
        return self.verified_on is None or self.verified_on < limit

    @property
    def stale(self) -> bool:
        return self.is_stale()

    @property
    def amount_unofficial(self) -> bool:
        """The maximum per project comes from a third party (e.g. a consultancy), not the agency."""
        return self.max_amount_nok is not None and self.max_amount_source_kind == "third_party"

    @property
    def official_max_amount(self) -> int | None:
        """The maximum per project as the agency states it; None when unknown or only a third party gives
        it. Hard filters and aid ceilings use this, never ``max_amount_nok`` directly."""
        return None if self.amount_unofficial else self.max_amount_nok

    @property
    def all_agencies(self) -> tuple[str, ...]:
        return (self.agency, *self.partner_agencies)

    def name(self, lang: str = "nn") -> str:
        if lang == "en" and self.name_en:
            return self.name_en
        if lang == "nn" and self.name_nn:
            return self.name_nn
        return self.name_nb

    def summary(self, lang: str = "nn") -> str:
        if lang in ("nn", "nb") and self.summary_nn:
            return self.summary_nn
        return self.summary_en or self.summary_nn or ""

    def text(self) -> str:
        """All free text of the instrument, for text matching."""
        parts = [
            self.name_nb,
            self.name_nn,
            self.name_en,
            self.summary_en,
            self.summary_nn,
            self.consortium_condition,
        ]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class AgencySnap:
    code: str
    name_nb: str
    name_nn: str
    name_en: str
    kind: str
    ministry: str | None = None
    county: str | None = None
    org_number: str | None = None  # Enhetsregisteret (Brønnøysund); None where not known

    def name(self, lang: str = "nn") -> str:
        return {"nb": self.name_nb, "en": self.name_en}.get(lang, self.name_nn)


@dataclass(frozen=True)
class BarrierSnap:
    code: str
    title_nn: str
    title_en: str
    title_nb: str = ""
    description_nn: str | None = None
    description_en: str | None = None
    answerable_by_instruments: bool = True
    owner_departments: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def title(self, lang: str = "nn") -> str:
        return {"en": self.title_en, "nb": self.title_nb or self.title_nn}.get(lang, self.title_nn)


@dataclass(frozen=True)
class MissionTargetSnap:
    code: str
    text_nn: str
    text_en: str
    metric: str | None = None
    target_value: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class MissionSnap:
    code: str
    level: int
    title_nn: str
    title_en: str
    title_nb: str = ""
    parent: str | None = None
    targets: tuple[MissionTargetSnap, ...] = ()


@dataclass(frozen=True)
class MemberSnap:
    name: str
    org_number: str | None = None
    size_class: str | None = None
    sector_nace: str | None = None
    role: str | None = None
    county: str | None = None
    in_assisted_area: str | None = None  # yes | no | unknown (None = unknown): GBER art. 25(6) increases


@dataclass(frozen=True)
class FlowSnap:
    source: str
    resource: str
    target: str


@dataclass(frozen=True)
class ConsortiumSnap:
    slug: str
    name: str
    county: str | None = None
    value_chains: tuple[str, ...] = ()
    current_stage: str | None = None
    target_stage: str | None = None
    needs: tuple[str, ...] = ()
    budget_per_stage: dict[str, int] = field(default_factory=dict)
    members: tuple[MemberSnap, ...] = ()
    flows: tuple[FlowSnap, ...] = ()
    description_nn: str | None = None
    description_en: str | None = None
    in_operation: bool | None = None
    source: str | None = None  # where the profile comes from: "seed document", "web form", ...
    version: int = 1  # of the stored consortium (optimistic locking; part of cache keys)


@dataclass(frozen=True)
class CatalogueSnapshot:
    instruments: tuple[InstrumentSnap, ...]
    agencies: tuple[AgencySnap, ...] = ()
    barriers: tuple[BarrierSnap, ...] = ()
    missions: tuple[MissionSnap, ...] = ()
    consortia: tuple[ConsortiumSnap, ...] = ()
    counties: tuple[tuple[str, str], ...] = ()  # (code, nynorsk name)

    def agency(self, code: str) -> AgencySnap | None:
        return next((a for a in self.agencies if a.code == code), None)

    def instrument(self, slug: str) -> InstrumentSnap | None:
        return next((i for i in self.instruments if i.slug == slug), None)
