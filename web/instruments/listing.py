"""The instrument list: its query parameters and its one context function.

``instrument_list_context`` feeds the HTML page, the htmx fragment, the CSV and JSON downloads, the
Atom feed and ``/api/v1/instruments``, so they can never disagree. The URL holds the whole state:
``ListQuery.from_params(request.query_params)`` reads it back and ``ListQuery.url()`` writes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationError, field_validator
from starlette.datastructures import QueryParams

from analyser.lists import Page
from analyser.search.index import FACETS, SearchQuery
from catalogue.instruments.snapshot import InstrumentSnap
from web.i18n.labels import Labeller
from web.lists import FacetGroup, ListParams, facet_group
from web.state import CatalogueState

LIST_PATH = "/instrumenter"
PER_PAGE = 20
ALL_ROWS = 100_000  # downloads and feeds: every match, not one page
Sort = Literal["relevance", "deadline", "amount", "name"]
NUMBER_FIELDS = (
    "min_amount",
    "max_amount",
    "unofficial_amounts",
    "min_intensity",
    "deadline_before",
    "page",
    "per_page",
)


class ListQuery(ListParams):
    """Query parameters of the instrument list (HTML, downloads, feed and API alike)."""

    PATH: ClassVar[str] = LIST_PATH
    FACETS: ClassVar[tuple[str, ...]] = FACETS

    q: str = Field("", max_length=300, description="Free text; typo-tolerant, finds purpose as well as names")
    agency: list[str] = Field([], description="Agency code (lead or partner), e.g. IN, FR, SIVA")
    type: list[str] = Field([], description="financial, collaboration, competence")
    applicant: list[str] = Field([], description="Who may apply, e.g. sme, consortium, municipality")
    consortium: list[str] = Field([], description="Consortium eligibility: yes, no, partial, unknown")
    stage: list[str] = Field([], description="idea, feasibility, rnd, pilot, demonstration, full_scale, ...")
    value_chain: list[str] = Field([], description="e.g. hydrogen, biogas, process_industry, any")
    mission: list[str] = Field([], description="I, II, III")
    county: list[str] = Field([], description="County code, national, all_counties or unknown")
    status: list[str] = Field([], description="active, closed, unknown")
    funding_form: list[str] = Field([], description="grant, loan, guarantee, equity, tax_deduction, ...")
    deadline_kind: list[str] = Field([], description="continuous, calls, annual, unknown")
    min_amount: int | None = Field(None, ge=0, description="Maximum per project at least this (NOK)")
    max_amount: int | None = Field(None, ge=0, description="Maximum per project at most this (NOK)")
    unofficial_amounts: bool = Field(
        False,
        description="Let the amount filter use unofficial figures (from consultancies, not the agency); "
        "by default it uses the agencies' own figures only",
    )
    min_intensity: int | None = Field(None, ge=0, le=100, description="Aid intensity up to at least (%)")
    deadline_before: dt.date | None = Field(None, description="Next deadline on or before (or continuous)")
    sort: Sort = Field("relevance", description="relevance, deadline, amount or name")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(PER_PAGE, ge=1, le=500)

    @field_validator(*NUMBER_FIELDS, mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator(*FACETS, mode="before")
    @classmethod
    def _drop_blank(cls, v: Any) -> Any:
        return [x for x in v if x] if isinstance(v, list) else v

    @classmethod
    def from_params(cls, params: QueryParams) -> tuple[ListQuery, list[str]]:
        """Parse leniently: a bad value is dropped and named in the returned list of field names."""
        data: dict[str, Any] = {f: params.getlist(f) for f in FACETS if f in params}
        data.update({k: params[k] for k in cls.model_fields if k not in FACETS and k in params})
        try:
            return cls.model_validate(data), []
        except ValidationError as exc:
            bad = sorted({str(e["loc"][0]) for e in exc.errors()})
            return cls.model_validate({k: v for k, v in data.items() if k not in bad}), bad

    def search_query(self, lang: str, *, all_rows: bool = False) -> SearchQuery:
        return SearchQuery(
            text=self.q,
            filters=self.filters(),
            min_amount=self.min_amount,
            max_amount=self.max_amount,
            unofficial_amounts=self.unofficial_amounts,
            min_intensity=self.min_intensity,
            deadline_before=self.deadline_before,
            sort=self.sort,
            page=1 if all_rows else self.page,
            per_page=ALL_ROWS if all_rows else self.per_page,
            lang=lang,
            open_facets=True,
        )

    def is_filtered(self) -> bool:
        return bool(
            self.q
            or self.filters()
            or self.min_amount is not None
            or self.max_amount is not None
            or self.min_intensity is not None
            or self.deadline_before is not None
        )


def facet_groups(
    counted: dict[str, list[tuple[str, int]]], query: ListQuery, labels: Labeller
) -> list[FacetGroup]:
    """Every facet, its values most frequent first (a ticked facet counted without its own filter)."""
    return [
        facet_group(f, labels.facet(f), dict(counted.get(f, [])), getattr(query, f), partial(labels.value, f))
        for f in FACETS
    ]


def instrument_list_context(
    state: CatalogueState, query: ListQuery, lang: str, *, all_rows: bool = False
) -> dict[str, Any]:
    """Everything the list shows, for one query: page, fragment, downloads, feed and API."""
    search = query.search_query(lang, all_rows=all_rows)
    result = state.index.search(search)
    return {
        "unofficial_left_out": unofficial_left_out(state, query, search, result.total),
        "query": query,
        "items": [snap for snap, _ in result.items],
        "total": result.total,
        "page": Page.of(search.page, search.per_page, result.total, clamp=False),
        "facets": facet_groups(result.facets, query, state.labeller(lang)),
        "scores": {snap.slug: score for snap, score in result.items},
        "suggestions": result.suggestions,
    }


def unofficial_left_out(
    state: CatalogueState, query: ListQuery, search: SearchQuery, total: int
) -> int | None:
    """How many more instruments the amount filter would keep with unofficial figures (None: no amount filter
    or unofficial figures already included), so the list can say what the filter leaves out."""
    if query.unofficial_amounts or (query.min_amount is None and query.max_amount is None):
        return None
    wider = dataclasses.replace(search, unofficial_amounts=True, page=1, per_page=1)
    return state.index.search(wider).total - total


def instrument_record(i: InstrumentSnap, lang: str) -> dict[str, Any]:
    """One instrument as plain data (JSON API, JSON and CSV downloads); codes, not labels."""
    return {
        "slug": i.slug,
        "url": f"{LIST_PATH}/{i.slug}",
        "name": i.name(lang),
        "name_nb": i.name_nb,
        "name_nn": i.name_nn,
        "name_en": i.name_en,
        "agency": i.agency,
        "partner_agencies": list(i.partner_agencies),
        "owner_ministries": list(i.owner_ministries),
        "types": list(i.types),
        "funding_forms": list(i.funding_forms),
        "applicants": list(i.applicants),
        "consortium_eligibility": i.consortium_eligibility,
        "consortium_condition": i.consortium_condition,
        "consortium_min_partners": i.consortium_min_partners,
        "consortium_lead": i.consortium_lead,
        "consortium_without_legal_personality": i.consortium_without_legal_personality,
        "pays_coordination_costs": i.pays_coordination_costs,
        "requires_research_partner": i.requires_research_partner,
        "stages": list(i.stages),
        "value_chains": list(i.value_chains),
        "missions": list(i.missions),
        "geography": i.geography,
        "counties": list(i.counties),
        "max_amount_nok": i.max_amount_nok,
        "max_amount_source_kind": i.max_amount_source_kind,
        "max_amount_source": i.max_amount_source,
        "max_amount_unofficial": i.amount_unofficial,
        "annual_budget_nok": i.annual_budget_nok,
        "aid_intensity_min_pct": i.aid_intensity_min_pct,
        "aid_intensity_max_pct": i.aid_intensity_max_pct,
        "deadline_kind": i.deadline_kind,
        "next_deadline": i.next_deadline.isoformat() if i.next_deadline else None,
        "last_deadline": i.last_deadline.isoformat() if i.last_deadline else None,
        "funds_shared_infrastructure": i.funds_shared_infrastructure,
        "risk_relief": i.risk_relief,
        "status": i.status,
        "stip_code": i.stip_code,
        "summary": i.summary(lang),
        "summary_nn": i.summary_nn,
        "summary_en": i.summary_en,
        "facts_note": i.facts_note,
        "source_url": i.source_url,
        "other_sources": list(i.other_sources),
        "compiled_on": i.compiled_on.isoformat() if i.compiled_on else None,
        "compiled_from": i.compiled_from,
        "verified_on": i.verified_on.isoformat() if i.verified_on else None,
        "verified_by": i.verified_by,
        "confidence": i.confidence,
        "version": i.version,
        "updated_at": i.updated_at.isoformat() if i.updated_at else None,
    }
