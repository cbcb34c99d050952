"""JSON API: funding paths for consortia (issue 4; method in docs/paths.md).

- ``POST /api/v1/paths``: body = a consortium profile (as in docs/examples/*.yaml, in JSON); returns the
  path. A bad profile gives 422 with one problem per field: ``{"detail": [{"file", "record", "field",
  "message"}]}``.
- ``GET /api/v1/consortia/{slug}/path``: the path of a seeded consortium.

Both take ``?lang=nn|nb|en`` (texts) and ``?today=YYYY-MM-DD`` (deadline checks; default today). When
award data has been imported the path also has ``precedents``: funded projects like the consortium's, each
instrument's precedents and the data's coverage (docs/paths.md, "Funded projects like yours").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.responses import JSONResponse

from analyser.paths.finder import find_path
from analyser.paths.index import PathIndex
from analyser.paths.profile import parse_profile
from catalogue.errors import InputError
from web.deps import LangDep, StateDep
from web.params import SlugPath
from web.paths.precedents import outcome_text, precedents
from web.paths.service import path_rules
from web.security.limits import AnonymousQuota
from web.state import CatalogueState

router = APIRouter(prefix="/api/v1", tags=["paths"])

LangParam = Annotated[str | None, Query(description="nn (default), nb or en: texts of the path")]
TodayParam = Annotated[dt.date | None, Query(description="date for deadline checks (default: today)")]

EXAMPLE = {
    "slug": "solor-hub",
    "name": "Sirkulær Solør Hub",
    "county": "34",
    "value_chains": ["forest_bio", "bioeconomy", "buildings", "agriculture"],
    "current_stage": "feasibility",
    "target_stage": "full_scale",
    "needs": ["shared_infrastructure", "full_scale", "facilitation", "risk_relief"],
    "budget_per_stage": {"rnd": 12000000},
    "members": [
        {"name": "Solør Sag AS", "org_number": "123456785", "size_class": "medium", "role": "lead"},
        {"name": "Solør Plate AS", "org_number": "987654325", "size_class": "large", "role": "partner"},
    ],
}


def _index(state: CatalogueState) -> PathIndex:
    snapshot = state.snapshot
    return state.cached(("path_index",), lambda: PathIndex.build(snapshot))


def _respond(state: CatalogueState, profile: Any, lang: str, today: dt.date | None) -> dict[str, Any]:
    """The path as JSON, its texts in ``lang`` and every candidate with its instrument's name."""
    _, found = precedents(state)
    path = find_path(_index(state), profile, path_rules(), today=today or dt.date.today(), precedents=found)
    labels = state.labeller(lang)
    data = {"lang": lang, **path.to_dict(labels.text)}
    for part in (*data["steps"], *data["tracks"]):
        for candidate in part["candidates"]:
            candidate["name"] = labels.name("instrument", candidate["slug"])
    for project in data.get("precedents", {}).get("similar", []):
        project["outcome_label"] = outcome_text(project["outcome"], labels.t.gettext)
    return data


@router.post(
    "/paths",
    summary="Funding path for a consortium profile",
    responses={
        413: {"description": "The body is larger than the limit (2 MiB by default)"},
        422: {"description": "The profile is invalid; each problem names its field"},
        429: {"description": "Too many paths from this address without logging in; see Retry-After"},
    },
    dependencies=[AnonymousQuota],
)
def post_path(
    state: StateDep,
    lang: LangDep,
    profile: Annotated[Any, Body(description="consortium profile", examples=[EXAMPLE])],
    _lang: LangParam = None,
    today: TodayParam = None,
) -> Any:
    counties = frozenset(code for code, _ in state.snapshot.counties)
    try:
        parsed = parse_profile(profile, source="request body", known_counties=counties)
    except InputError as exc:
        return JSONResponse({"detail": [dataclasses.asdict(p) for p in exc.problems]}, status_code=422)
    return _respond(state, parsed, lang, today)


@router.get(
    "/consortia/{slug}/path",
    summary="Funding path of a seeded consortium",
    responses={404: {"description": "No consortium with this slug"}},
)
def consortium_path(
    slug: SlugPath, state: StateDep, lang: LangDep, _lang: LangParam = None, today: TodayParam = None
) -> Any:
    found = next((c for c in state.snapshot.consortia if c.slug == slug), None)
    if found is None:
        raise HTTPException(404, "consortium not found")
    return _respond(state, found, lang, today)
