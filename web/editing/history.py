"""The history of one instrument (every recorded change, field by field) with undo."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import Response

from catalogue.audit import repository as repository_audit
from catalogue.errors import NotFound
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import SessionDep, StateDep
from web.editing import form as ef
from web.editing.routes import ACTION_LABELS, _shower, revert_change
from web.params import SlugPath

router = APIRouter()


@router.get("/instrumenter/{slug}/historikk", include_in_schema=False)
def history_page(
    request: Request,
    slug: SlugPath,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    message: str | None = None,
) -> Response:
    entries = editing.history(session, slug)
    row = repository.instrument_by_slug(session, slug)
    if row is None and not entries:
        raise HTTPException(404, "instrument not found")
    title = (
        row.name_nb
        if row
        else next((e.changes.get("name_nb", [None])[0] for e in entries if e.action == "delete"), slug)
    )
    lang = getattr(request.state, "lang", "nn")
    return page(
        request,
        "history.html",
        {
            "slug": slug,
            "title": title,
            "entries": entries,
            "may_edit": user is not None and (row is None or user.may_edit(row.agency_code)),
            "labels_of": {f.name: f.label for f in ef.FIELDS.values()},
            "show": _shower(state, lang),
            "action_label": lambda a: ACTION_LABELS.get(a, a),
        },
    )


@router.post("/instrumenter/{slug}/historikk/{entry_id}/tilbakestill", include_in_schema=False)
def revert(
    request: Request,
    slug: SlugPath,
    entry_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    user: UserDep,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if user is None:
        raise HTTPException(401, "log in to change the catalogue")
    sec.check_csrf(request, csrf_token)
    entry = repository_audit.entry_by_id(session, entry_id)
    if entry is None or entry.instrument_slug != slug:
        raise NotFound("no such change")
    revert_change(session, entry_id, user)
    return redirect(request, f"/instrumenter/{slug}/historikk")
