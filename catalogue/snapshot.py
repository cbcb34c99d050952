"""Plain, immutable snapshots of the catalogue for the analyser, the search index and the web views.

A snapshot is built once from the database (``build_snapshot``) or by hand in tests; nothing in it
touches an ORM session.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, fields

from sqlalchemy.orm import Session

from catalogue import repository
from catalogue.models import Consortium, Instrument

STALE_AFTER_DAYS = 365


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
    annual_budget_nok: int | None = None
    aid_intensity_min_pct: int | None = None
    aid_intensity_max_pct: int | None = None
    deadline_kind: str | None = None
    next_deadline: dt.date | None = None
    funds_shared_infrastructure: bool | None = None
    risk_relief: bool | None = None
    status: str | None = None
    stip_code: str | None = None
    summary_en: str | None = None
    summary_nn: str | None = None
    facts_note: str | None = None
    source_url: str | None = None
    verified_on: dt.date | None = None
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
        parts = [self.name_nb, self.name_nn, self.name_en, self.summary_en, self.summary_nn,
                 self.consortium_condition]
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


def instrument_snap(row: Instrument) -> InstrumentSnap:
    tags: dict[str, list[str]] = {}
    for t in row.tags:
        tags.setdefault(t.facet, []).append(t.value)
    return InstrumentSnap(
        id=row.id, slug=row.slug, agency=row.agency_code, name_nb=row.name_nb, name_nn=row.name_nn,
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
        max_amount_nok=row.max_amount_nok, annual_budget_nok=row.annual_budget_nok,
        aid_intensity_min_pct=row.aid_intensity_min_pct, aid_intensity_max_pct=row.aid_intensity_max_pct,
        deadline_kind=row.deadline_kind, next_deadline=row.next_deadline,
        funds_shared_infrastructure=row.funds_shared_infrastructure, risk_relief=row.risk_relief,
        status=row.status, stip_code=row.stip_code, summary_en=row.summary_en, summary_nn=row.summary_nn,
        facts_note=row.facts_note, source_url=row.source_url, verified_on=row.verified_on,
        confidence=row.confidence, version=row.version, updated_at=row.updated_at,
        other_sources=tuple(row.other_sources or ()),
    )


def consortium_snap(row: Consortium) -> ConsortiumSnap:
    return ConsortiumSnap(
        slug=row.slug, name=row.name, county=row.county_code, value_chains=tuple(row.value_chains or ()),
        current_stage=row.current_stage, target_stage=row.target_stage, needs=tuple(row.needs or ()),
        budget_per_stage=dict(row.budget_per_stage or {}),
        members=tuple(MemberSnap(name=m.name, org_number=m.org_number, size_class=m.size_class,
                                 sector_nace=m.sector_nace, role=m.role, county=m.county_code)
                      for m in row.members),
        flows=tuple(FlowSnap(f.source, f.resource, f.target) for f in row.flows),
        description_nn=row.description_nn, description_en=row.description_en,
        in_operation=row.in_operation, source=row.source,
    )


def build_snapshot(session: Session) -> CatalogueSnapshot:
    return CatalogueSnapshot(
        instruments=instrument_snaps(session),
        agencies=tuple(
            AgencySnap(a.code, a.name_nb, a.name_nn, a.name_en, a.kind, a.ministry_code, a.county_code)
            for a in repository.list_agencies(session)
        ),
        barriers=tuple(
            BarrierSnap(b.code, b.title_nn, b.title_en, b.title_nb, b.description_nn, b.description_en,
                        b.answerable_by_instruments, tuple(b.owner_departments or ()),
                        tuple(b.keywords or ()))
            for b in repository.list_barriers(session)
        ),
        missions=tuple(
            MissionSnap(m.code, m.level, m.title_nn, m.title_en, m.title_nb, m.parent_code,
                        tuple(MissionTargetSnap(t.code, t.text_nn, t.text_en, t.metric, t.target_value,
                                                t.year) for t in m.targets))
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
    iid, slug, agency, name_nb, name_nn, name_en, sources = (at[c] for c in (
        "id", "slug", "agency_code", "name_nb", "name_nn", "name_en", "other_sources"))
    plain = [(name, at[name]) for name in _SNAP_COLUMNS]
    no_tags: dict[str, tuple[str, ...]] = {}
    out = []
    rows = bulk.rows
    rows.reverse()
    while rows:  # popped one by one so the plain rows are freed as their snapshots are made
        r = rows.pop()
        key = r[iid]
        tags = bulk.tags.get(key, no_tags)  # type: ignore[call-overload]
        values = {
            "id": key, "slug": r[slug], "agency": r[agency], "name_nb": r[name_nb], "name_nn": r[name_nn],
            "name_en": r[name_en], "partner_agencies": bulk.partners.get(key, ()),  # type: ignore[call-overload]
            "owner_ministries": bulk.ministries.get(key, ()),  # type: ignore[call-overload]
            "types": tags.get("type", ()), "funding_forms": tags.get("funding_form", ()),
            "applicants": tags.get("applicant", ()), "stages": tags.get("stage", ()),
            "value_chains": tags.get("value_chain", ()), "missions": tags.get("mission", ()),
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


_SNAP_COLUMNS = (
    "consortium_eligibility", "consortium_condition", "consortium_min_partners", "consortium_lead",
    "consortium_without_legal_personality", "pays_coordination_costs", "requires_research_partner",
    "geography", "max_amount_nok", "annual_budget_nok", "aid_intensity_min_pct", "aid_intensity_max_pct",
    "deadline_kind", "next_deadline", "funds_shared_infrastructure", "risk_relief", "status", "stip_code",
    "summary_en", "summary_nn", "facts_note", "source_url", "verified_on", "confidence", "version",
    "updated_at",
)
