"""The review queue (/kontroll): per agency, the instruments whose facts need checking against their
sources, most relied on first; an editor of the agency records "checked, unchanged" or opens the edit form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from catalogue.instruments import review
from web.accounts import security as sec
from web.accounts.routes import page, redirect
from web.accounts.security import UserDep
from web.deps import SessionDep, StateDep
from web.params import SlugPath
from web.review.service import REVIEW_PATH, queue_context

router = APIRouter()
AgencyParam = Annotated[str | None, Query(max_length=32)]
AgeParam = Annotated[int, Query(ge=1, le=3650)]


@router.get(REVIEW_PATH, include_in_schema=False)
def review_page(
    request: Request, state: StateDep, user: UserDep, agency: AgencyParam = None, max_age: AgeParam = 365
) -> Response:
    chosen = agency or (user.agency_code if user is not None else None)
    context = queue_context(state, chosen, dt.date.today(), max_age)
    context["may_check"] = user is not None and chosen is not None and user.may_edit(chosen)
    return page(request, "review_queue.html", context)


@router.post(REVIEW_PATH + "/{slug}/kontrollert", include_in_schema=False)
def mark_checked(
    request: Request,
    slug: SlugPath,
    session: SessionDep,
    state: StateDep,
    user: UserDep,
    version: Annotated[int, Form(ge=1)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if user is None:
        raise HTTPException(401, "log in to record a check")
    sec.check_csrf(request, csrf_token)
    # Not found, forbidden, conflict: domain errors, answered by web/errors.py; the request commits and
    # the catalogue state takes in the change (web/deps.py).
    row = review.mark_verified(session, slug, user, dt.date.today(), version)
    return redirect(request, f"{REVIEW_PATH}?agency={row.agency_code}")
