"""Listening-post cases in the browser: the list with its counts (/lyttepost, filter by county and
period), a new case (/lyttepost/ny) and changing one (/lyttepost/{id}/rediger).

Writes: sign-in (401, or the log-in page for a GET), who may record where (403: a county editor only in
their county), CSRF (403), the write quota (429), then ``catalogue.cases.service`` (checks, 409, audit).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.accounts.roles import Actor, actor
from catalogue.cases import repository
from catalogue.cases import service as cases
from catalogue.cases.models import ListeningCase
from catalogue.cases.service import case_record, may_change
from catalogue.errors import Forbidden, InputError, NotFound
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.cases import api, view
from web.cases import form as cf
from web.deps import FormDep, LangDep, SessionDep, StateDep
from web.editing.routes import _login_needed, _status
from web.errors import reject
from web.reviews.form import field_messages, version_of
from web.reviews.history import history_page
from web.security.record_writes import record_quota, writer
from web.state import CatalogueState

router = APIRouter()
router.include_router(api.router)
URL = view.CASES_URL
FORM = "case_form.html"
LOG_IN = "log in to record a case"
Short = Annotated[str | None, Query(max_length=10)]


@router.get(URL, include_in_schema=False)
def case_list(
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    county: Short = None,
    start: Short = None,
    end: Short = None,
) -> Response:
    who = actor(session, user) if user is not None else None
    where = view.case_filter(state, county, start, end)
    return page(request, "cases.html", view.list_context(state, who, where))


@router.get(URL + "/ny", include_in_schema=False)
def new_form(request: Request, session: SessionDep, state: StateDep, user: UserDep) -> Response:
    if user is None:
        return _login_needed(request)
    who = writer(session, user, LOG_IN)
    if not (who.admin or who.agency):
        raise Forbidden("a county editor may only record cases in their own county")
    ctx = view.form_context(state, who, values=view.blank(who), errors={}, case_id=None, version=0)
    return page(request, FORM, ctx)


def _invalid(
    request: Request,
    state: CatalogueState,
    who: Actor,
    exc: InputError,
    values: dict[str, object],
    case_id: int | None,
    version: int,
    lang: str,
) -> Response:
    errors = field_messages(exc.problems, lang)
    ctx = view.form_context(state, who, values=values, errors=errors, case_id=case_id, version=version)
    return page(request, FORM, ctx, status_code=_status(request, 422), fragment=("form",))


@router.post(URL + "/ny", include_in_schema=False)
def new_submit(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, form: FormDep, lang: LangDep
) -> Response:
    who = writer(session, user, LOG_IN)
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    values = cf.case_values(form)
    try:
        row = cases.create_case(session, values, who)
    except InputError as exc:
        reject(_invalid(request, state, who, exc, values, None, 0, lang))
    return redirect(request, f"{URL}?county={row.county}#case-{row.id}")


def _stored(session: Session, case_id: int) -> ListeningCase:
    row = repository.case_by_id(session, case_id)
    if row is None:
        raise NotFound("no such case")
    return row


def _may_change(session: Session, user: object, row: ListeningCase) -> Actor:
    who = writer(session, user, LOG_IN)  # type: ignore[arg-type]
    if not may_change(who, row):
        raise Forbidden("you may only change cases your agency recorded")
    return who


@router.get(URL + "/{case_id}/rediger", include_in_schema=False)
def edit_form(
    request: Request, case_id: int, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    row = _stored(session, case_id)
    if user is None:
        return _login_needed(request)
    who = _may_change(session, user, row)
    ctx = view.form_context(
        state, who, values=case_record(row), errors={}, case_id=row.id, version=row.version
    )
    return page(request, FORM, ctx)


@router.post(URL + "/{case_id}/rediger", include_in_schema=False)
def edit_submit(
    request: Request,
    case_id: int,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    form: FormDep,
    lang: LangDep,
) -> Response:
    row = _stored(session, case_id)
    who = _may_change(session, user, row)
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    values, version = cf.case_values(form), version_of(form)
    try:
        cases.update_case(session, case_id, values, version, who)
    except InputError as exc:
        reject(_invalid(request, state, who, exc, values, case_id, version, lang))
    return redirect(request, f"{URL}?county={row.county}#case-{case_id}")


@router.get(URL + "/{case_id}/historikk", include_in_schema=False)
def history(request: Request, case_id: int, session: SessionDep, user: UserDep) -> Response:
    row = _stored(session, case_id)
    who = actor(session, user) if user is not None else None
    return history_page(
        request,
        session,
        kind=cases.KIND,
        record_id=row.id,
        version=row.version,
        base=f"{URL}/{row.id}",
        field_labels=view.FIELD_LABELS,
        may_undo=may_change(who, row),
        signed_in=user is not None,
    )


@router.post(URL + "/{case_id}/historikk/{entry_id}/angre", include_in_schema=False)
def undo(
    request: Request, case_id: int, entry_id: int, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    row = _stored(session, case_id)
    who = _may_change(session, user, row)
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    cases.revert_case(session, case_id, entry_id, version_of(form), who)
    return redirect(request, f"{URL}/{case_id}/historikk")
