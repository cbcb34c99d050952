"""Who is logged in, and CSRF protection, for the routes that change the catalogue.

- The login cookie ``vk_session`` holds a random token signed with itsdangerous (the database keeps
  only its SHA-256, so logout and expiry are enforced server-side). It is HttpOnly, SameSite=Lax, and
  Secure when the request came over https or ``VK_SECURE_COOKIES=1``.
- CSRF: every form carries ``csrf_token``, an HMAC of the login token (or, before login, of the random
  ``vk_csrf`` cookie). Every POST/PUT/DELETE is checked server-side (form field or ``X-CSRF-Token``
  header); a missing or wrong token is refused with 403.
- The signing key is ``VK_SECRET_KEY``, else a random key kept in ``var/secret_key`` (shared by all
  workers on the machine).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from catalogue.accounts import service as accounts
from catalogue.accounts.models import User
from catalogue.db import PROJECT_ROOT
from web.deps import SessionDep

SESSION_COOKIE = "vk_session"
CSRF_COOKIE = "vk_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE = int(accounts.SESSION_LIFETIME.total_seconds())


@lru_cache(maxsize=1)
def secret_key() -> bytes:
    env = os.environ.get("VK_SECRET_KEY")
    if env:
        return env.encode()
    path = PROJECT_ROOT / "var" / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as f:
        key = secrets.token_hex(32).encode()
        f.write(key)
    return key


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(), salt="vk-login")


def secure_cookies(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return os.environ.get("VK_SECURE_COOKIES") == "1" or request.url.scheme == "https" or forwarded == "https"


def login_token(request: Request) -> str | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        return str(_serializer().loads(raw, max_age=SESSION_MAX_AGE))
    except BadSignature:
        return None


def current_user(request: Request, session: SessionDep) -> User | None:
    if not hasattr(request.state, "user"):
        token = login_token(request)
        request.state.user = accounts.session_user(session, token) if token else None
    return request.state.user  # type: ignore[no-any-return]


def require_user(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None:
        raise HTTPException(401, "log in to change the catalogue", headers={"WWW-Authenticate": "Cookie"})
    return user


UserDep = Annotated[User | None, Depends(current_user)]
LoggedInDep = Annotated[User, Depends(require_user)]


# ---- CSRF --------------------------------------------------------------------------------------------


def _csrf_basis(request: Request) -> str:
    """The secret the token is derived from: the login token, else the visitor's ``vk_csrf`` cookie."""
    user = getattr(request.state, "user", None)
    token = login_token(request) if user is not None else None
    if token:
        return "s:" + token
    anon = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not anon:
        anon = request.state.new_csrf = secrets.token_urlsafe(24)
    return "a:" + anon


def _hmac(basis: str) -> str:
    return hmac.new(secret_key(), basis.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    return _hmac(_csrf_basis(request))


def csrf_for_login(token: str) -> str:
    """The CSRF token of a login session just started (its cookie is not in the request yet)."""
    return _hmac("s:" + token)


def check_csrf(request: Request, sent: str | None) -> None:
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise HTTPException(403, "the form has expired or did not come from this site; reload the page")


def finish(request: Request, response: Response) -> Response:
    """Set the visitor's CSRF cookie if this request created one."""
    new = getattr(request.state, "new_csrf", None)
    if new and not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, new, httponly=True, samesite="lax", secure=secure_cookies(request), path="/"
        )
    return response


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        _serializer().dumps(token),
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def clear_login_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies(request)
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def log_out(request: Request, session: Session) -> None:
    token = login_token(request)
    if token:
        accounts.end_session(session, token)
