"""A county's time and resource plan in the browser: add a milestone and change one (its date, owner,
resources, done date). Shown on the county progress page (/progress/{code}) against the 2030 targets.

Writes as on the initiative pages: log-in (401), CSRF (403), quota (429), the county's own editors or an
admin (403), the version read (409), bad input shown at the field (422); every write audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from catalogue.errors import Conflict, InputError, NotFound
from catalogue.initiatives import loader, repository
from catalogue.initiatives import service as svc
from catalogue.initiatives.schemas import MILESTONE_KINDS
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import FormDep, SessionDep, StateDep
from web.editing.routes import _login_needed, _status
from web.errors import reject
from web.i18n.catalogues import translator
from web.initiatives import form as f
from web.initiatives import view as v
from web.initiatives.guard import read_actor, write_actor
from web.params import CodePath
from web.templating import N_

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
TEMPLATE = "milestone_form.html"


def _county(state: Any, code: str) -> str:
    if code not in dict(state.snapshot.counties):
        raise HTTPException(404, "county not found")
    return code


def _ctx(code: str, values: dict[str, Any], errors: dict[str, list[str]], **extra: Any) -> dict[str, Any]:
    return {
        "county": code,
        "values": values,
        "errors": errors,
        "kinds": MILESTONE_KINDS,
        "kind_labels": v.KIND_LABELS,
        "field_labels": {**v.FIELD_LABELS, "title": N_("Title of a free milestone")},
        **extra,
    }


def _rejected(request: Request, code: str, values: dict[str, Any], exc: Exception, **extra: Any) -> Response:
    t = translator(getattr(request.state, "lang", "nn"))
    if isinstance(exc, InputError):
        errors, status = f.messages(exc, t), 422
    else:
        errors, status = {"(record)": [t.gettext(v.CONFLICT_MESSAGE)]}, 409
    reject(page(request, TEMPLATE, _ctx(code, values, errors, **extra), status_code=_status(request, status)))


@router.get("/progress/{code}/plan/ny", include_in_schema=False)
def new_page(
    request: Request, code: CodePath, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    _county(state, code)
    if user is None:
        return _login_needed(request)
    svc.require_county(read_actor(session, user), code)
    values = {
        "kind": "identify_areas",
        "title": "",
        "owner": "",
        "due_on": "",
        "resources": "",
        "done_on": "",
    }
    return page(request, TEMPLATE, _ctx(code, values, {}, action=f"/progress/{code}/plan/ny", version=0))


@router.post("/progress/{code}/plan/ny", include_in_schema=False)
def submit_new(
    request: Request, code: CodePath, session: SessionDep, state: StateDep, user: UserDep, form: FormDep
) -> Response:
    _county(state, code)
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    values = f.milestone_values(form)
    try:
        svc.create_milestone(session, code, f.milestone_data(values), who)
    except InputError as exc:
        _rejected(request, code, values, exc, action=f"/progress/{code}/plan/ny", version=0)
    return redirect(request, f"/progress/{code}#plan")


def _row(session: Any, code: str, milestone_id: int) -> Any:
    row = repository.milestone(session, milestone_id)
    if row is None or row.county_code != code:
        raise NotFound("There is no milestone with this number.")
    return row


@router.get("/progress/{code}/plan/{milestone_id}", include_in_schema=False)
def edit_page(
    request: Request, code: CodePath, milestone_id: Id, session: SessionDep, user: UserDep
) -> Response:
    row = _row(session, code, milestone_id)
    if user is None:
        return _login_needed(request)
    svc.require_county(read_actor(session, user), code)
    values = {k: ("" if val is None else val) for k, val in repository.milestone_record(row).items()}
    history = loader.load_history(session, "milestone", milestone_id)
    action = f"/progress/{code}/plan/{milestone_id}"
    ctx = _ctx(code, values, {}, action=action, version=row.version, history=history, v=v)
    return page(request, TEMPLATE, ctx)


@router.post("/progress/{code}/plan/{milestone_id}", include_in_schema=False)
def submit_edit(
    request: Request, code: CodePath, milestone_id: Id, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    _row(session, code, milestone_id)
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    values = f.milestone_values(form)
    raw = str(form.get("version") or "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    try:
        svc.update_milestone(session, milestone_id, f.milestone_data(values), version, who)
    except (InputError, Conflict) as exc:
        _rejected(request, code, values, exc, action=f"/progress/{code}/plan/{milestone_id}", version=version)
    return redirect(request, f"/progress/{code}#plan")
