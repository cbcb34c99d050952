"""County initiatives in the browser: the list (/satsingar), one initiative with the working group's steps,
the submit and edit forms, and the briefing export of the proposals (Markdown and PDF).

Every write: log-in (401), CSRF (403), the write quota (429), then ``catalogue.initiatives.service``
(county or working-group check 403, optimistic locking 409, validation 422, audit). A rejected form is
shown again with its messages and nothing is kept (``reject``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from catalogue.errors import Conflict, InputError, NotFound
from catalogue.initiatives import loader, repository
from catalogue.initiatives import service as svc
from catalogue.initiatives.models import Initiative
from catalogue.initiatives.schemas import EDITABLE_STATUSES
from catalogue.initiatives.snapshot import InitiativeSnap
from catalogue.vocabulary import MISSIONS, VALUE_CHAINS
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import FormDep, LangDep, SessionDep, StateDep
from web.editing.routes import _login_needed, _status
from web.errors import reject
from web.i18n.catalogues import translator
from web.initiatives import briefing
from web.initiatives import form as f
from web.initiatives import view as v
from web.initiatives.guard import read_actor, write_actor

router = APIRouter()
BASE = "/satsingar"
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _one(session: Session, initiative_id: int) -> InitiativeSnap:
    found = loader.load_initiative(session, initiative_id)
    if found is None:
        raise NotFound("There is no initiative with this number.")
    return found


def _common(state: Any) -> dict[str, Any]:
    return {
        "status_labels": v.STATUS_LABELS,
        "action_labels": v.ACTION_LABELS,
        "field_labels": v.FIELD_LABELS,
        "counties": state.snapshot.counties,
    }


@router.get(BASE, include_in_schema=False)
def list_page(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, county: str = ""
) -> Response:
    who = read_actor(session, user)
    everything = loader.load_initiatives(session)
    shown = tuple(i for i in everything if not county or i.county == county)
    ctx = {
        "titles": {i.id: i.title for i in everything},
        **_common(state),
        "initiatives": v.ordered(shown),
        "county": county,
        "may_submit": who is not None and (who.admin or who.county is not None),
        "proposed": sum(1 for i in shown if i.status == "proposed"),
    }
    return page(request, "initiatives.html", ctx)


@router.get(f"{BASE}/notat.md", include_in_schema=False)
def briefing_markdown(session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    text = briefing.markdown(
        briefing.proposals(session), state.labeller(lang), translator(lang), dt.date.today()
    )
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="satsingar-forslag.md"'},
    )


@router.get(f"{BASE}/notat.pdf", include_in_schema=False)
def briefing_pdf(session: SessionDep, state: StateDep, lang: LangDep) -> Response:
    data = briefing.pdf(briefing.proposals(session), state.labeller(lang), translator(lang), dt.date.today())
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="satsingar-forslag.pdf"'},
    )


def _form_ctx(
    state: Any, who: Any, values: dict[str, Any], errors: dict[str, list[str]], **extra: Any
) -> dict[str, Any]:
    return {
        **_common(state),
        "values": values,
        "errors": errors,
        "value_chains": [c for c in VALUE_CHAINS if c != "any"],
        "missions": MISSIONS,
        "statuses": EDITABLE_STATUSES,
        "choose_county": who is not None and who.admin,
        **extra,
    }


@router.get(f"{BASE}/ny", include_in_schema=False)
def new_page(request: Request, session: SessionDep, state: StateDep, user: UserDep) -> Response:
    if user is None:
        return _login_needed(request)
    who = read_actor(session, user)
    if who is None or not who.admin:
        svc.require_county(who, (who.county if who else None) or "")  # only county editors submit
    values = {**f.values_of_record({}), "county": (who.county if who else None) or "", "status": "submitted"}
    ctx = _form_ctx(state, who, values, {}, action=f"{BASE}/ny", version=0, is_new=True)
    return page(request, "initiative_form.html", ctx)


def _rejected(
    request: Request, state: Any, who: Any, values: dict[str, Any], exc: Exception, **extra: Any
) -> Response:
    t = translator(getattr(request.state, "lang", "nn"))
    if isinstance(exc, InputError):
        errors, code = f.messages(exc, t), 422
    else:
        errors, code = {"(record)": [t.gettext(v.CONFLICT_MESSAGE)]}, 409
    ctx = _form_ctx(state, who, values, errors, **extra)
    reject(page(request, "initiative_form.html", ctx, status_code=_status(request, code)))


@router.post(f"{BASE}/ny", include_in_schema=False)
def submit_new(
    request: Request, session: SessionDep, state: StateDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    values = f.initiative_values(form)
    if not who.admin:
        values["county"] = who.county or ""
    try:
        row = svc.create_initiative(session, f.initiative_data(values), who)
    except InputError as exc:
        _rejected(request, state, who, values, exc, action=f"{BASE}/ny", version=0, is_new=True)
    return redirect(request, f"{BASE}/{row.id}")


@router.get(f"{BASE}/{{initiative_id}}", include_in_schema=False)
def detail_page(
    request: Request, initiative_id: Id, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    who = read_actor(session, user)
    found = _one(session, initiative_id)
    everything = loader.load_initiatives(session)
    ctx = {
        **_common(state),
        "i": found,
        "by_id": {x.id: x for x in everything},
        "history": loader.load_history(session, "initiative", initiative_id),
        "may_edit": v.may_edit(who, found),
        "may_steer": v.may_steer(who),
        "targets": v.merge_targets(everything, found),
        "show_authors": user is not None,
        "may_undo": lambda action: v.may_undo(who, found, action),
    }
    return page(request, "initiative.html", ctx)


@router.post(f"{BASE}/historikk/{{entry_id}}/angre", include_in_schema=False)
def submit_undo(
    request: Request, entry_id: Id, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    row = svc.revert(session, entry_id, who)
    return redirect(
        request, f"{BASE}/{row.id}" if isinstance(row, Initiative) else f"/progress/{row.county_code}#plan"
    )


@router.get(f"{BASE}/{{initiative_id}}/rediger", include_in_schema=False)
def edit_page(
    request: Request, initiative_id: Id, session: SessionDep, state: StateDep, user: UserDep
) -> Response:
    found = _one(session, initiative_id)
    if user is None:
        return _login_needed(request)
    who = read_actor(session, user)
    row = repository.initiative(session, initiative_id)
    assert row is not None
    svc.require_county(who, found.county)
    values = f.values_of_record(repository.initiative_record(row))
    action = f"{BASE}/{initiative_id}/rediger"
    ctx = _form_ctx(state, who, values, {}, action=action, version=found.version, is_new=False, i=found)
    return page(request, "initiative_form.html", ctx)


@router.post(f"{BASE}/{{initiative_id}}/rediger", include_in_schema=False)
def submit_edit(
    request: Request, initiative_id: Id, session: SessionDep, state: StateDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    found = _one(session, initiative_id)
    values = f.initiative_values(form)
    if not who.admin:
        values["county"] = found.county
    version = _version(form)
    try:
        svc.update_initiative(session, initiative_id, f.initiative_data(values), version, who)
    except (InputError, Conflict) as exc:
        action = f"{BASE}/{initiative_id}/rediger"
        _rejected(request, state, who, values, exc, action=action, version=version, is_new=False, i=found)
    return redirect(request, f"{BASE}/{initiative_id}")


def _version(form: Any) -> int:
    raw = str(form.get("version") or "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


@router.post(f"{BASE}/{{initiative_id}}/kommentar", include_in_schema=False)
def submit_comment(
    request: Request, initiative_id: Id, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    svc.add_comment(session, initiative_id, {"text": str(form.get("text") or "")}, who)
    return redirect(request, f"{BASE}/{initiative_id}#comments")


@router.post(f"{BASE}/{{initiative_id}}/samanslaing", include_in_schema=False)
def submit_merge(
    request: Request, initiative_id: Id, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    into = str(form.get("into") or "")
    target = svc.merge(
        session, initiative_id, int(into) if into.isdigit() and len(into) < 10 else 0, _version(form), who
    )
    return redirect(request, f"{BASE}/{target.id}")


@router.post(f"{BASE}/{{initiative_id}}/forslag", include_in_schema=False)
def submit_proposal(
    request: Request, initiative_id: Id, session: SessionDep, user: UserDep, form: FormDep
) -> Response:
    who = write_actor(request, session, user, str(form.get(sec.CSRF_FIELD) or ""))
    proposed = str(form.get("proposed") or "") == "true"
    svc.propose(session, initiative_id, proposed, _version(form), who, dt.date.today())
    return redirect(request, f"{BASE}/{initiative_id}")
