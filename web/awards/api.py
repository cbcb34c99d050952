"""JSON API of funded projects under /api/v1: the list (same filters as /tildelingar), one project, one
organisation's funding, one instrument's funding."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from catalogue.awards import browse, profiles
from web.awards import api_schemas as s
from web.awards.listing import AwardQuery, award_list_context, award_record
from web.awards.params import KeyPath, RefPath, SourcePath
from web.awards.routes import labels_for
from web.deps import LangDep, SessionDep, StateDep
from web.params import SlugPath

router = APIRouter(prefix="/api/v1", tags=["funded projects"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found"}}


def _money(money: dict[str, int]) -> list[dict[str, Any]]:
    return [{"currency": c, "amount": m / 100} for c, m in sorted(money.items())]


def _tally(t: profiles.Tally, key: object = None) -> dict[str, Any]:
    out = {
        "projects": t.activities,
        "funded": t.funded,
        "rejected": t.rejected,
        "success_rate": t.success_rate,
        "granted": _money(t.money),
        "own_share": _money(t.own),
    }
    return out if key is None else {**out, "key": None if key == "" else str(key)}


def _keyed(items: dict[Any, profiles.Tally]) -> list[dict[str, Any]]:
    return [_tally(t, "" if k is None else k) for k, t in items.items()]


def _sources(sources: tuple[profiles.SourceCover, ...]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "name": c.name, "shows_partners": c.shows_partners, "year_from": c.year_from,
         "year_to": c.year_to, "projects": c.activities}
        for c in sources
    ]  # fmt: skip


@router.get("/awards", response_model=s.AwardList, summary="Search and filter funded projects")
def list_awards(
    query: Annotated[AwardQuery, Query()], session: SessionDep, state: StateDep, lang: LangDep
) -> dict[str, Any]:
    context = award_list_context(session, query, labels_for(state, lang))
    return {
        "total": context["total"],
        "page": query.page,
        "per_page": query.per_page,
        "items": [award_record(a) for a in context["items"]],
        "facets": {
            g.name: [{"value": v.value, "count": v.count} for v in g.values] for g in context["facets"]
        },
    }


@router.get(
    "/awards/{source}/{ref}", response_model=s.AwardDetail, summary="One funded project", responses=NOT_FOUND
)
def get_award(source: SourcePath, ref: RefPath, session: SessionDep) -> dict[str, Any]:
    activity = browse.activity_by_ref(session, source, ref)
    if activity is None:
        raise HTTPException(404, "no funded project with this number")
    participants = [
        {"organisation": nr or key, "orgnr": nr, "name": name, "role": role, "county": county,
         "sector": sector, "amount": None if own is None else own / 100}
        for key, nr, name, county, sector, role, own in browse.participants(session, activity.id)
    ]  # fmt: skip
    return {**award_record(activity), "participants": participants}


@router.get(
    "/organisations/{key}/funding",
    response_model=s.OrganisationFunding,
    summary="An organisation's funding across funders, sources and years",
    responses=NOT_FOUND,
)
def organisation_funding(key: KeyPath, session: SessionDep) -> dict[str, Any]:
    org = profiles.find_organisation(session, key)
    if org is None:
        raise HTTPException(404, "no organisation with this number in the funded projects")
    p = profiles.organisation_profile(session, org, limit=0)
    return {
        "organisation": p.orgnr or p.key,
        "orgnr": p.orgnr,
        "name": p.name,
        "county": p.county,
        "sector": p.sector_kind,
        "total": _tally(p.total),
        "roles": p.by_role,
        "by_funder": [_tally(t, f"{f}/{src}") for (f, src), t in p.by_funder.items()],
        "by_year": _keyed(p.by_year),
        "by_instrument": _keyed(p.by_instrument),
        "sources": _sources(p.sources),
        "consortia": [
            {"slug": slug, "name": name, "role": role, "registered_symbiosis": reg}
            for slug, name, role, reg in p.consortia
        ],
    }


@router.get(
    "/instruments/{slug}/funding",
    response_model=s.InstrumentFunding,
    summary="An instrument's funded projects: by year and county, success rate, sources",
    responses=NOT_FOUND,
)
def instrument_funding(slug: SlugPath, session: SessionDep, state: StateDep) -> dict[str, Any]:
    instrument = state.index.get(slug)
    if instrument is None:
        raise HTTPException(404, "instrument not found")
    f = profiles.instrument_funding(session, instrument.id)
    return {
        "instrument": slug,
        "covered": f.covered,
        "total": _tally(f.total),
        "by_year": _keyed(f.by_year),
        "by_county": _keyed(f.by_county),
        "sources": _sources(f.sources),
        "latest": [award_record(a) for a in f.latest],
    }
