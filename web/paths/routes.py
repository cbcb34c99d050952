"""Funding paths in the browser: the consortium form (/finansieringsveg), saved consortia
(/finansieringsveg/{slug}) and their printable view (/finansieringsveg/{slug}/utskrift).

One POST handles every button of the form: show the path (default, also on every change with htmx),
``add_member``, ``remove_member=<row>`` and ``save``. Anyone may save a consortium as a new one (a new
slug, never overwriting another); a logged-in user may also save changes to the one opened, if it is
still at the version opened (else 409), and a curated one (the seed document's) only as an administrator
(else 403). ``catalogue.consortia.service`` decides all of that; the request commits (web/deps.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from catalogue.accounts.models import User
from catalogue.consortia import service as consortia
from catalogue.instruments.schemas import FlowIn
from web.accounts import security as sec
from web.accounts.routes import redirect
from web.accounts.security import UserDep
from web.deps import LangDep, SessionDep, StateDep
from web.errors import reject
from web.i18n.catalogues import translator
from web.params import SlugPath
from web.paths.form import SAVED_FIELDS, Checked, PathForm, check, consortium_in, slug_base
from web.paths.view import PATH_URL, path_page_context, path_summary, saved_consortium, saved_path
from web.security.limits import AnonymousQuota
from web.security.settings import base_url
from web.state import CatalogueState
from web.templating import is_htmx, render

router = APIRouter()
# htmx: a change updates the result and the messages at the fields (the fields stay as typed); adding or
# removing a member, or a save with mistakes, re-renders the whole form body (the server retargets).
RESULT_FRAGMENT = ("result", "errors_oob", "status")
FORM_FRAGMENT = ("form_body", "status")


async def posted_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(posted_form)]


def _page(
    request: Request,
    state: CatalogueState,
    lang: str,
    form: PathForm,
    user: User | None,
    *,
    checked: Any = None,
    focus: str | None = None,
    path: Any = None,
    status_code: int = 200,
    saved: bool = False,
    whole_form: bool = False,
) -> Response:
    context = path_page_context(
        state, form, lang, checked=checked, today=dt.date.today(), focus=focus, path=path
    )
    context.update(
        summary=path_summary(context["funding_path"]),
        user=user,
        csrf_token=sec.csrf_token(request),
        saved=saved,
        may_update=context["opened"] is not None and consortia.may_update(user, context["opened"].source),
        curated=context["opened"] is not None and consortia.is_curated(context["opened"].source),
        oob_errors=not whole_form and is_htmx(request),
        field_ids=form.field_ids(),
    )
    page_url = f"{PATH_URL}/{form.slug}" if form.slug and context["opened"] else PATH_URL
    fragment = FORM_FRAGMENT if whole_form else RESULT_FRAGMENT
    response = render(
        request, "path.html", context, fragment=fragment, status_code=status_code, page_url=page_url
    )
    if whole_form and is_htmx(request):
        response.headers.update({"HX-Retarget": "#path-app", "HX-Reswap": "innerHTML"})
    return sec.finish(request, response)


def _counties(state: CatalogueState) -> frozenset[str]:
    return frozenset(code for code, _ in state.snapshot.counties)


@router.get(PATH_URL, include_in_schema=False)
def path_form_page(request: Request, state: StateDep, lang: LangDep, user: UserDep) -> Response:
    return _page(request, state, lang, PathForm(), user)


@router.post(PATH_URL, include_in_schema=False, dependencies=[AnonymousQuota])  # 429 past the quota
def path_form_post(
    request: Request, state: StateDep, lang: LangDep, session: SessionDep, user: UserDep, data: FormDep
) -> Response:
    form = PathForm.from_form(data, data.getlist)
    if "save" in data:
        return _save(request, state, lang, session, user, form, data)
    focus, whole_form = None, True
    if "add_member" in data:
        form = form.with_member_added()
        focus = f"f-members-{len(form.members) - 1}-name"
    elif str(data.get("remove_member", "")).isdigit():
        index = int(str(data["remove_member"]))
        form = form.with_member_removed(index)
        focus = f"f-members-{min(index, len(form.members) - 1)}-name"
    else:
        whole_form = False
    checked = check(form, _counties(state), lang)
    return _page(request, state, lang, form, user, checked=checked, focus=focus, whole_form=whole_form)


def _save(
    request: Request,
    state: CatalogueState,
    lang: str,
    session: Session,
    user: User | None,
    form: PathForm,
    data: FormData,
) -> Response:
    sec.check_csrf(request, str(data.get(sec.CSRF_FIELD) or ""))
    checked = check(form, _counties(state), lang, for_saving=True)
    if not checked.ok or checked.profile is None:
        reject(_rejected(request, state, lang, form, user, checked, 422))
    record = consortium_in(checked.profile, slug_base(checked.profile.name), form)
    opened = saved_consortium(state, form.slug) if form.slug else None
    if opened is not None and user is not None and data.get("save") == "update":
        try:
            row = consortia.update_consortium(
                session, opened.slug, record, _version(form), user, fields=SAVED_FIELDS
            )
        except consortia.ConsortiumConflict as exc:
            message = translator(lang).gettext(exc.message, **exc.params)
            conflict = dataclasses.replace(checked, general=[*checked.general, message])
            reject(_rejected(request, state, lang, form, user, conflict, 409))
    else:
        if opened is not None:  # a copy keeps what the form does not show
            flows = [FlowIn(source=f.source, resource=f.resource, target=f.target) for f in opened.flows]
            record = record.model_copy(update={"resource_flows": flows, "in_operation": opened.in_operation})
        row = consortia.create_consortium(session, record, user)
    return redirect(request, f"{PATH_URL}/{row.slug}?lagra=1")


def _rejected(
    request: Request,
    state: CatalogueState,
    lang: str,
    form: PathForm,
    user: User | None,
    checked: Checked,
    status: int,
) -> Response:
    """The whole form again, as typed, with its messages (htmx swaps only 2xx: 200 for htmx)."""
    status_code = 200 if is_htmx(request) else status
    return _page(
        request,
        state,
        lang,
        form,
        user,
        checked=checked,
        focus="error-summary",
        status_code=status_code,
        whole_form=True,
    )


def _version(form: PathForm) -> int:
    try:
        return int(form.version)
    except ValueError as exc:
        raise HTTPException(400, "the form has no version; reload the page") from exc


def _opened_or_404(state: CatalogueState, slug: str) -> Any:
    consortium = saved_consortium(state, slug)
    if consortium is None:
        raise HTTPException(404, "consortium not found")
    return consortium


@router.get(PATH_URL + "/{slug}", include_in_schema=False)
def saved_path_page(
    request: Request, slug: SlugPath, state: StateDep, lang: LangDep, user: UserDep
) -> Response:
    consortium = _opened_or_404(state, slug)
    path = saved_path(state, consortium, dt.date.today())
    saved = request.query_params.get("lagra") == "1"
    return _page(
        request,
        state,
        lang,
        PathForm.from_consortium(consortium),
        user,
        path=path,
        saved=saved,
        focus="saved-note" if saved else None,
    )


@router.get(PATH_URL + "/{slug}/utskrift", include_in_schema=False)
def printable_path(request: Request, slug: SlugPath, state: StateDep, lang: LangDep) -> Response:
    consortium = _opened_or_404(state, slug)
    today = dt.date.today()
    path = saved_path(state, consortium, today)
    context = path_page_context(
        state, PathForm.from_consortium(consortium), lang, checked=None, today=today, path=path
    )
    site = base_url()  # the configured address, never the Host header the client sent
    return render(request, "path_print.html", {**context, "consortium": consortium, "site": site})
