"""Funded-project pages: the list (/tildelingar, with CSV, JSON and Atom), one project, one organisation
(/organisasjonar/{number or key}) and the members of a registered symbiosis (/symbiosar/{slug})."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.awards import browse, profiles
from web.awards.feeds import award_feed
from web.awards.listing import DOWNLOAD_ROWS, LIST_PATH, AwardQuery, award_list_context, award_record
from web.awards.params import KeyPath, RefPath, SourcePath
from web.awards.view import AwardLabels
from web.deps import LangDep, SessionDep, StateDep
from web.lists import csv_download, json_download, list_page
from web.params import SlugPath
from web.state import CatalogueState
from web.templating import render

router = APIRouter()
ORG_PAGE = 50  # activities per page on an organisation's page
ORG_PATH = "/organisasjonar"


def labels_for(state: CatalogueState, lang: str) -> AwardLabels:
    return AwardLabels(state.labeller(lang))


@router.get(LIST_PATH, include_in_schema=False)
def award_list(request: Request, session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    query, ignored = AwardQuery.from_params(request.query_params)
    labels = labels_for(state, lang)
    context = {**award_list_context(session, query, labels), "aw": labels}
    return list_page(request, "awards.html", query, context, ignored)


def _download(request: Request, session: Session, state: CatalogueState, lang: str) -> dict[str, Any]:
    query, _ = AwardQuery.from_params(request.query_params)
    context = award_list_context(session, query, labels_for(state, lang), rows=DOWNLOAD_ROWS)
    return {
        "total": context["total"],
        "rows": len(context["items"]),
        "query": query.params(),
        "items": [award_record(a) for a in context["items"]],
    }


@router.get(LIST_PATH + ".json", include_in_schema=False)
def award_list_json(request: Request, session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    return json_download(_download(request, session, state, lang), "tildelingar.json")


@router.get(LIST_PATH + ".csv", include_in_schema=False)
def award_list_csv(request: Request, session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    return csv_download(_download(request, session, state, lang)["items"], "tildelingar.csv")


@router.get(LIST_PATH + ".atom", include_in_schema=False)
def award_list_atom(request: Request, session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    query, _ = AwardQuery.from_params(request.query_params)
    labels = labels_for(state, lang)
    return award_feed(query, award_list_context(session, query, labels, rows=50)["items"], labels)


@router.get(LIST_PATH + "/{source}/{ref:path}", include_in_schema=False)
def award_detail(
    request: Request, source: SourcePath, ref: RefPath, session: SessionDep, state: StateDep, lang: LangDep
) -> Response:
    activity = browse.activity_by_ref(session, source, ref)
    if activity is None:
        raise HTTPException(404, "no funded project with this number")
    context = {
        "a": activity,
        "participants": browse.participants(session, activity.id),
        "aw": labels_for(state, lang),
    }
    return render(request, "award.html", context)


@router.get(ORG_PATH + "/{key:path}", include_in_schema=False)
def organisation_page(
    request: Request,
    key: KeyPath,
    session: SessionDep,
    state: StateDep,
    lang: LangDep,
    page: int = Query(1, ge=1, le=10_000),
) -> Response:
    org = profiles.find_organisation(session, key)
    if org is None:
        raise HTTPException(404, "no organisation with this number in the funded projects")
    profile = profiles.organisation_profile(session, org, offset=(page - 1) * ORG_PAGE, limit=ORG_PAGE)
    pages = max(1, -(-sum(profile.by_role.values()) // ORG_PAGE))
    context = {
        "org": profile,
        "aw": labels_for(state, lang),
        "page_number": page,
        "pages": pages,
        "org_url": f"{ORG_PATH}/{org.orgnr or org.key}",
    }
    return render(request, "award_organisation.html", context)


@router.get("/symbiosar/{slug}", include_in_schema=False)
def symbiosis_page(
    request: Request, slug: SlugPath, session: SessionDep, state: StateDep, lang: LangDep
) -> Response:
    consortium = next((c for c in state.snapshot.consortia if c.slug == slug), None)
    if consortium is None or not profiles.is_registered_symbiosis(session, slug):
        raise HTTPException(404, "no registered symbiosis with this name")
    tallies = profiles.member_tallies(session, [m.org_number for m in consortium.members if m.org_number])
    context = {
        "c": consortium,
        "members": [(m, tallies.get(m.org_number or "")) for m in consortium.members],
        "aw": labels_for(state, lang),
        "sources": profiles.all_sources(session),
    }
    return render(request, "award_symbiosis.html", context)
