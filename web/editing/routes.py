"""Editing instruments in the browser: edit and new forms, conflicts, history with undo.

Every write: log-in check (401), agency check (403), CSRF check (403), then ``catalogue.instruments.service``
(validation, optimistic locking, audit). The request owns the transaction (web/deps.py): a form rejected
with its messages is raised (``reject``) so nothing is kept; on success the commit refreshes the catalogue
state, so lists, search and the detail page show the change at once. The routes are plain ``def``: the
database work and the tag suggester run in the thread pool, never on the event loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.errors import Conflict, Forbidden, InputError, NotFound
from catalogue.instruments import repository
from catalogue.instruments import service as editing
from catalogue.instruments.models import Instrument
from catalogue.transfer.export import instrument_record
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import FormDep, SessionDep, StateDep
from web.editing import form as ef
from web.errors import reject
from web.params import SlugPath
from web.state import CatalogueState
from web.templating import N_, is_htmx

router = APIRouter()
NEW_PATH = "/nytt-instrument"
ACTION_LABELS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "revert": N_("Undone"),
    "import": N_("Imported"),
    "correct": N_("Corrected after review"),
    "verify": N_("Checked against the source"),
}


def revert_change(session: Session, entry_id: int, user: User | None) -> Instrument | None:
    """Undo one recorded change; a later change of the same fields makes it a conflict (409)."""
    try:
        return editing.revert(session, entry_id, user)
    except InputError as exc:
        raise Conflict("%(reason)s", reason=str(exc)) from exc


def _login_needed(request: Request) -> Response:
    return redirect(request, f"/logg-inn?next={request.url.path}")


def _allowed(user: User | None, agency: str) -> None:
    if user is None:
        raise HTTPException(401, "log in to change the catalogue")
    if not user.may_edit(agency):
        raise Forbidden("you may only change your own agency's instruments")


def _form_context(
    request: Request,
    state: CatalogueState,
    session: Session,
    *,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    slug: str | None,
    version: int,
    is_new: bool,
) -> dict[str, Any]:
    lang = getattr(request.state, "lang", "nn")
    snapshot = state.snapshot
    ministries = [m.code for m in repository.list_ministries(session)]
    labels = state.labeller(lang)
    return {
        "values": values,
        "errors": errors,
        "slug": slug,
        "version": version,
        "is_new": is_new,
        "title": values.get("name_nb") or slug or "",
        "groups": ef.GROUPS,
        "opts": {f.name: ef.options(f, snapshot, ministries) for f in ef.FIELDS.values()},
        "labels_of": {
            **{f.name: f.label for f in ef.FIELDS.values()},
            "slug": N_("Short name in addresses (slug)"),
        },
        "action": NEW_PATH if is_new else f"/instrumenter/{slug}/rediger",
        "suggest_url": "/rediger/forslag",
        "suggested": ef.suggestions(values, labels) if values.get("name_nb") else {},
    }


def _row_or_404(session: Session, slug: str) -> Instrument:
    row = repository.instrument_by_slug(session, slug)
    if row is None:
        raise NotFound("instrument not found")
    return row


@router.get("/instrumenter/{slug}/rediger", include_in_schema=False)
def edit_page(
    request: Request, slug: SlugPath, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    row = _row_or_404(session, slug)
    if user is None:
        return _login_needed(request)
    _allowed(user, row.agency_code)
    ctx = _form_context(
        request,
        state,
        session,
        values=instrument_record(row),
        errors={},
        slug=slug,
        version=row.version,
        is_new=False,
    )
    return page(request, "edit.html", ctx)


@router.post("/instrumenter/{slug}/rediger", include_in_schema=False)
def edit_submit(
    request: Request, slug: SlugPath, session: SessionDep, state: StateDep, user: UserDep, form: FormDep
) -> Response:
    row = _row_or_404(session, slug)
    _allowed(user, row.agency_code)
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    values = ef.record_from_form(form, slug)
    try:
        version = int(str(form.get("version") or ""))
    except ValueError as exc:
        raise HTTPException(400, "the form has no version; reload the page") from exc
    try:
        editing.update_instrument(session, slug, values, version, user)
    except InputError as exc:
        reject(
            _invalid(request, state, session, exc, values=values, slug=slug, version=version, is_new=False)
        )
    except editing.ConflictError as exc:
        reject(_conflict(request, session, state, exc, values))
    return redirect(request, f"/instrumenter/{slug}")


def _invalid(
    request: Request,
    state: CatalogueState,
    session: Session,
    exc: InputError,
    *,
    values: dict[str, Any],
    slug: str,
    version: int,
    is_new: bool,
) -> Response:
    """The form again, as typed, with a message at every field the record broke (422)."""
    errors = ef.errors_by_field(exc.problems)
    ctx = _form_context(
        request, state, session, values=values, errors=errors, slug=slug, version=version, is_new=is_new
    )
    return page(request, "edit.html", ctx, status_code=_status(request, 422), fragment=("form",))


def _conflict(
    request: Request,
    session: Session,
    state: CatalogueState,
    exc: editing.ConflictError,
    mine: dict[str, Any],
) -> Response:
    row = _row_or_404(session, exc.slug)
    theirs = instrument_record(row)
    names = [n for n in ef.FIELDS if mine.get(n) != theirs.get(n)]
    form_values: list[tuple[str, str]] = []
    for name, f in ef.FIELDS.items():
        value = mine.get(name)
        if f.kind in ("checks", "codes"):
            form_values += [(name, str(x)) for x in value or []]
        elif f.kind == "lines":
            form_values.append((name, "\n".join(value or [])))
        elif value is not None:
            form_values.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
    lang = getattr(request.state, "lang", "nn")
    ctx = _form_context(
        request, state, session, values=theirs, errors={}, slug=exc.slug, version=row.version, is_new=False
    ) | {
        "conflict": True,
        "expected_version": exc.expected_version,
        "current_version": row.version,
        "rows": [(n, mine.get(n), theirs.get(n)) for n in names],
        "mine_form": form_values,
        "edit_url": f"/instrumenter/{exc.slug}/rediger",
        "history_url": f"/instrumenter/{exc.slug}/historikk",
        "show": _shower(state, lang),
    }
    return page(request, "edit.html", ctx, status_code=_status(request, 409), fragment=("form",))


def _status(request: Request, status: int) -> int:
    """htmx swaps only 2xx answers: the form with its messages goes back as 200 to htmx, else ``status``."""
    return 200 if is_htmx(request) else status


def _shower(state: CatalogueState, lang: str):  # type: ignore[no-untyped-def]
    labels = state.labeller(lang)

    def show(value: Any) -> str:
        if value is None or value == []:
            return "–"
        if isinstance(value, bool):
            return labels.value("bool", value)
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    return show


@router.get(NEW_PATH, include_in_schema=False)
def new_page(request: Request, session: SessionDep, state: StateDep, user: UserDep) -> Response:
    if user is None:
        return _login_needed(request)
    values: dict[str, Any] = {"agency": user.agency_code or "", "types": []}
    ctx = _form_context(request, state, session, values=values, errors={}, slug="", version=0, is_new=True)
    return page(request, "edit.html", ctx)


@router.post(NEW_PATH, include_in_schema=False)
def new_submit(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, form: FormDep
) -> Response:
    if user is None:
        raise HTTPException(401, "log in to change the catalogue")
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    slug = str(form.get("slug") or "").strip()
    values = ef.record_from_form(form, slug)
    try:
        editing.create_instrument(session, values, user)
    except InputError as exc:
        reject(_invalid(request, state, session, exc, values=values, slug=slug, version=0, is_new=True))
    return redirect(request, f"/instrumenter/{slug}")


@router.post("/rediger/forslag", include_in_schema=False)
def suggest(request: Request, state: StateDep, user: UserDep, form: FormDep) -> Response:
    """The suggestions box of the edit form, for the text typed so far (htmx)."""
    sec.check_csrf(request, str(form.get(sec.CSRF_FIELD) or ""))
    if not is_htmx(request):
        raise HTTPException(400, "this address only answers the edit form's suggestion box")
    values = ef.record_from_form(form, "x")
    lang = getattr(request.state, "lang", "nn")
    return page(
        request,
        "edit.html",
        {"suggested": ef.suggestions(values, state.labeller(lang))},
        fragment=("suggestions",),
    )
