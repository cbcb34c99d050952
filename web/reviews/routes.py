"""Agency reviews in the browser: the list (/gjennomgangar, by agency or department), a new item
(/gjennomgangar/ny?instrument=…) and changing one (/gjennomgangar/{id}/rediger).

Writes as on the instrument edit pages: sign-in (401, or the log-in page for a GET), the agency of the
instrument (403), CSRF (403), the write quota (429), then ``catalogue.reviews.service`` (checks, 409 on a
stale version, audit). A rejected form comes back with a message at each field (422) and nothing is kept.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.accounts.roles import Actor, actor
from catalogue.errors import Forbidden, InputError, NotFound
from catalogue.reviews import repository
from catalogue.reviews import service as reviews
from catalogue.reviews.service import review_record
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import FormDep, LangDep, SessionDep, StateDep
from web.editing.routes import _login_needed, _status
from web.errors import reject
from web.reviews import api, view
from web.reviews import form as rf
from web.reviews.history import history_page
from web.security.record_writes import record_quota, writer
from web.state import CatalogueState

router = APIRouter()
router.include_router(api.router)
URL = view.REVIEWS_URL
FORM = "agency_review_form.html"
Code = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9-]*$")]


@router.get(URL, include_in_schema=False)
def review_list(
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    agency: Code = None,
    department: Code = None,
) -> Response:
    who = actor(session, user) if user is not None else None
    ctx = view.list_context(
        session, state, who, (agency or "").upper() or None, (department or "").upper() or None
    )
    return page(request, "agency_reviews.html", ctx)


@router.get(URL + "/ny", include_in_schema=False)
def new_form(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, instrument: Code = None
) -> Response:
    if user is None:
        return _login_needed(request)
    who = writer(session, user, "log in to record a review")
    if not (who.admin or who.agency):
        raise Forbidden("you may only review your own agency's instruments")
    ctx = view.form_context(
        state, who, values=view.blank(instrument or ""), errors={}, review_id=None, version=0
    )
    return page(request, FORM, ctx)


@router.post(URL + "/ny", include_in_schema=False)
def new_submit(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, form: FormDep, lang: LangDep
) -> Response:
    who = writer(session, user, "log in to record a review")
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    values = rf.review_values(form)
    try:
        reviews.create_review(session, values, who)
    except InputError as exc:
        reject(_invalid(request, state, who, exc, values, None, 0, lang))
    return redirect(request, f"{URL}?agency={_agency_of(state, values['instrument'])}")


def _agency_of(state: CatalogueState, slug: str) -> str:
    inst = state.snapshot.instrument(slug)
    return inst.agency if inst else ""


def _invalid(
    request: Request,
    state: CatalogueState,
    who: Actor,
    exc: InputError,
    values: dict[str, object],
    review_id: int | None,
    version: int,
    lang: str,
) -> Response:
    errors = rf.field_messages(exc.problems, lang)
    ctx = view.form_context(state, who, values=values, errors=errors, review_id=review_id, version=version)
    return page(request, FORM, ctx, status_code=_status(request, 422), fragment=("form",))


def _stored(session: Session, review_id: int) -> reviews.AgencyReview:
    row = repository.review_by_id(session, review_id)
    if row is None:
        raise NotFound("no such review item")
    return row


@router.get(URL + "/{review_id}/rediger", include_in_schema=False)
def edit_form(
    request: Request, review_id: int, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    row = _stored(session, review_id)
    if user is None:
        return _login_needed(request)
    who = writer(session, user, "log in to record a review")
    if not who.may_edit_agency(row.agency_code):
        raise Forbidden("you may only review your own agency's instruments")
    ctx = view.form_context(
        state, who, values=review_record(row), errors={}, review_id=row.id, version=row.version
    )
    return page(request, FORM, ctx)


@router.post(URL + "/{review_id}/rediger", include_in_schema=False)
def edit_submit(
    request: Request,
    review_id: int,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    form: FormDep,
    lang: LangDep,
) -> Response:
    row = _stored(session, review_id)
    who = writer(session, user, "log in to record a review")
    if not who.may_edit_agency(row.agency_code):
        raise Forbidden("you may only review your own agency's instruments")
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    values, version = rf.review_values(form), rf.version_of(form)
    try:
        reviews.update_review(session, review_id, values, version, who)
    except InputError as exc:
        reject(_invalid(request, state, who, exc, values, review_id, version, lang))
    return redirect(request, f"{URL}?agency={row.agency_code}")


@router.get(URL + "/{review_id}/historikk", include_in_schema=False)
def history(request: Request, review_id: int, session: SessionDep, user: UserDep) -> Response:
    row = _stored(session, review_id)
    who = actor(session, user) if user is not None else None
    return history_page(
        request,
        session,
        kind=reviews.KIND,
        record_id=row.id,
        version=row.version,
        base=f"{URL}/{row.id}",
        field_labels=view.FIELD_LABELS,
        may_undo=reviews.may_review(who, row.agency_code),
        signed_in=user is not None,
    )


@router.post(URL + "/{review_id}/historikk/{entry_id}/angre", include_in_schema=False)
def undo(
    request: Request, review_id: int, entry_id: int, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    row = _stored(session, review_id)
    who = writer(session, user, "log in to record a review")
    if not who.may_edit_agency(row.agency_code):
        raise Forbidden("you may only review your own agency's instruments")
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    record_quota(request, who)
    reviews.revert_review(session, review_id, entry_id, rf.version_of(form), who)
    return redirect(request, f"{URL}/{review_id}/historikk")
