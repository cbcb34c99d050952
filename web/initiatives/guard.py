"""The checks every initiative and plan write passes before the service: logged in (401), CSRF (403), the
per-user write quota (429), and the user's powers (``Actor``; an inactive account is 403)."""

from __future__ import annotations

import math
import os

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.accounts.roles import Actor, actor
from catalogue.errors import Forbidden
from web.accounts import security as sec
from web.security.limits import TokenBucket


def writes_per_minute() -> int:
    """``VK_WRITES_PER_MINUTE``: initiative and plan writes one user may make a minute (default 60)."""
    raw = os.environ.get("VK_WRITES_PER_MINUTE", "")
    return int(raw) if raw.strip().isdigit() else 60


def _bucket(request: Request) -> TokenBucket:
    state = request.app.state
    if not hasattr(state, "initiative_writes"):
        state.initiative_writes = TokenBucket(writes_per_minute())
    bucket: TokenBucket = state.initiative_writes
    return bucket


def write_actor(request: Request, session: Session, user: User | None, csrf: str | None) -> Actor:
    """The writer's powers, after the log-in, CSRF and quota checks."""
    if user is None:
        raise HTTPException(
            401, "log in to change initiatives and plans", headers={"WWW-Authenticate": "Cookie"}
        )
    sec.check_csrf(request, csrf)
    wait = _bucket(request).take(f"user:{user.id}")
    if wait:
        raise HTTPException(
            429,
            "too many changes in a short time; wait a little",
            headers={"Retry-After": str(math.ceil(wait))},
        )
    who = actor(session, user)
    if who is None:
        raise Forbidden("This account is not active.")
    return who


def read_actor(session: Session, user: User | None) -> Actor | None:
    """The visitor's powers, for showing what they may do (None: not logged in)."""
    return actor(session, user) if user is not None else None
