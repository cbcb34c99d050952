"""Mission progress: the dashboard (/progress), one county (/progress/{code}), CSV and JSON.

All four read the same ``progress_view``; ``?as_of=YYYY-MM-DD`` shows the state on an earlier date.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from analyser.progress.export import report_csv, report_dict
from web.accounts.security import UserDep
from web.deps import SessionDep, StateDep
from web.initiatives.plan_view import county_plan
from web.params import CodePath
from web.progress.api_schemas import ProgressOut
from web.progress.data import ProgressView, county_context, parse_as_of, progress_context, progress_view
from web.progress.status_form import KINDS
from web.templating import VARY, render

router = APIRouter()


def _view(session: SessionDep, state: StateDep, as_of: str | None) -> ProgressView:
    try:
        day = parse_as_of(as_of)
    except ValueError as exc:
        raise HTTPException(400, "as_of must be a date written YYYY-MM-DD") from exc
    return progress_view(session, state.snapshot, day)


@router.get("/progress", include_in_schema=False)
def progress_page(
    request: Request, session: SessionDep, state: StateDep, as_of: str | None = None
) -> Response:
    context = progress_context(_view(session, state, as_of))
    return render(request, "progress.html", context, fragment=("results",))


@router.get("/progress.csv", include_in_schema=False)
def progress_csv(session: SessionDep, state: StateDep, as_of: str | None = None) -> Response:
    report = _view(session, state, as_of).report
    filename = f"framdrift-{report.as_of.isoformat()}.csv"
    return Response(
        "\ufeff" + report_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": VARY},
    )


@router.get("/api/v1/progress", tags=["progress"], response_model=ProgressOut)
def progress_api(session: SessionDep, state: StateDep, as_of: dt.date | None = None) -> dict[str, object]:
    """Mission progress per county against the 2030 targets (symbioses in operation per county, green
    net-zero industrial areas nationally, shares with infrastructure and competence access, the trend and
    a linear projection to the target year). ``null`` = unknown: a county without records is not 0."""
    return report_dict(progress_view(session, state.snapshot, as_of).report)


@router.get("/progress/{code}", include_in_schema=False)
def county_page(
    request: Request,
    code: CodePath,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    as_of: str | None = None,
) -> Response:
    context = county_context(_view(session, state, as_of), code)
    if context is None:
        raise HTTPException(404, "county not found")
    # Logged-in editors and admins get a link to record a new status of each symbiosis and area.
    forms = {kind: k.form_path for kind, k in KINDS.items()} if user is not None else None
    plan = county_plan(session, user, code, context["report"].as_of)
    return render(request, "progress_county.html", context | {"status_forms": forms} | plan)
