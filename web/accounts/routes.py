"""Log in and out: the HTML form (/logg-inn, /logg-ut) and the JSON API (/api/v1/login, /logout, /me)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from catalogue.accounts import service as accounts
from catalogue.accounts.models import User
from web.accounts import security as sec
from web.accounts.security import LoggedInDep, UserDep
from web.deps import SessionDep
from web.templating import is_htmx, render

router = APIRouter()
api = APIRouter(prefix="/api/v1", tags=["accounts"])


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no //host) may be the place to go after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/instrumenter"
    return target


def page(
    request: Request,
    name: str,
    context: dict[str, object],
    *,
    status_code: int = 200,
    fragment: tuple[str, ...] = (),
) -> Response:
    """``render`` plus the CSRF token in the context and the CSRF cookie when it is new."""
    ctx = {"csrf_token": sec.csrf_token(request), "user": getattr(request.state, "user", None), **context}
    return sec.finish(request, render(request, name, ctx, status_code=status_code, fragment=fragment))


def redirect(request: Request, url: str) -> Response:
    """303 for a plain form post, ``HX-Redirect`` for htmx."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


@router.get("/logg-inn", include_in_schema=False)
def login_form(request: Request, user: UserDep, next: str | None = None) -> Response:
    return page(request, "login.html", {"next": safe_next(next), "error": None, "email": ""})


@router.post("/logg-inn", include_in_schema=False)
def login(
    request: Request,
    session: SessionDep,
    user: UserDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    sec.check_csrf(request, csrf_token)
    try:
        found = accounts.authenticate(session, email, password, sec.client_ip(request))
    except accounts.RateLimited:
        return page(
            request, "login.html", {"next": safe_next(next), "email": email, "error": "rate"}, status_code=429
        )
    if found is None:  # a page, not an error: the request commits, so the failed attempt counts
        return page(
            request,
            "login.html",
            {"next": safe_next(next), "email": email, "error": "wrong"},
            status_code=401,
        )
    response = redirect(request, safe_next(next))
    sec.set_login_cookie(request, response, accounts.start_session(session, found))
    return response


@router.post("/logg-ut", include_in_schema=False)
def logout(
    request: Request, session: SessionDep, user: UserDep, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    sec.check_csrf(request, csrf_token)
    sec.log_out(request, session)
    response = redirect(request, "/instrumenter")
    sec.clear_login_cookie(request, response)
    return response


# ---- JSON API ----------------------------------------------------------------------------------------


class LoginIn(BaseModel):
    email: str = Field(max_length=254, pattern=r"^[^\x00]*$")
    password: str = Field(max_length=1000, pattern=r"^[^\x00]*$")


class Me(BaseModel):
    email: str
    role: str
    agency: str | None
    csrf_token: str = Field(description="Send as the X-CSRF-Token header with every write")


def _me(request: Request, user: User, csrf: str | None = None) -> Me:
    return Me(
        email=user.email, role=user.role, agency=user.agency_code, csrf_token=csrf or sec.csrf_token(request)
    )


@api.post(
    "/login",
    response_model=Me,
    summary="Log in (sets the session cookie)",
    responses={
        401: {"description": "Wrong e-mail or password"},
        429: {"description": "Too many failed attempts; wait 15 minutes"},
    },
)
def api_login(body: LoginIn, request: Request, session: SessionDep, user: UserDep) -> Response:
    try:
        found = accounts.authenticate(session, body.email, body.password, sec.client_ip(request))
    except accounts.RateLimited as exc:
        raise HTTPException(429, "too many failed login attempts; wait 15 minutes") from exc
    if found is None:  # answered, not raised: the request commits, so the failed attempt counts
        return JSONResponse({"detail": "wrong e-mail or password"}, status_code=401)
    token = accounts.start_session(session, found)
    response = Response(
        _me(request, found, sec.csrf_for_login(token)).model_dump_json(), media_type="application/json"
    )
    sec.set_login_cookie(request, response, token)
    return response


@api.get(
    "/me", response_model=Me, summary="The logged-in user", responses={401: {"description": "Not logged in"}}
)
def api_me(request: Request, user: LoggedInDep) -> Me:
    return _me(request, user)


@api.post("/logout", status_code=204, summary="Log out", responses={403: {"description": "No CSRF token"}})
def api_logout(request: Request, session: SessionDep, user: UserDep) -> Response:
    sec.check_csrf(request, request.headers.get(sec.CSRF_HEADER))
    sec.log_out(request, session)
    response = Response(status_code=204)
    sec.clear_login_cookie(request, response)
    return response
