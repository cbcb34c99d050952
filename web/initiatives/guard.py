"""The checks every initiative and plan write passes before the service: logged in (401), CSRF (403), the
per-user write quota (429), and the user's powers (``Actor``; an inactive account is 403)."""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.accounts.roles import Actor, actor
from catalogue.errors import Forbidden
from web.accounts import security as sec
from web.security.record_writes import user_quota


def write_actor(request: Request, session: Session, user: User | None, csrf: str | None) -> Actor:
    """The writer's powers, after the log-in, CSRF and quota checks."""
    if user is None:
        raise HTTPException(
            401, "log in to change initiatives and plans", headers={"WWW-Authenticate": "Cookie"}
        )
    sec.check_csrf(request, csrf)
    user_quota(request, user.id)
    who = actor(session, user)
    if who is None:
        raise Forbidden("This account is not active.")
    return who


def read_actor(session: Session, user: User | None) -> Actor | None:
    """The visitor's powers, for showing what they may do (None: not logged in)."""
    return actor(session, user) if user is not None else None
