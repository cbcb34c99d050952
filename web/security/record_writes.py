"""Guards shared by the write routes of review items and listening-post cases.

- ``writer``: the signed-in user's powers (``catalogue.accounts.roles.Actor``); 401 when nobody is signed in.
- ``record_quota``: each signed-in user may save at most ``VK_WRITES_PER_MINUTE`` records a minute
  (default 60, counted per worker), one quota for initiatives, plans, review items and cases; more answer
  429 with ``Retry-After``.
"""

from __future__ import annotations

import math
import os

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.accounts.roles import Actor, actor
from web.security.limits import TokenBucket


def writes_per_minute() -> int:
    raw = os.environ.get("VK_WRITES_PER_MINUTE", "")
    return int(raw) if raw.strip().isdigit() else 60


def writer(session: Session, user: User | None, message: str) -> Actor:
    """The user's powers; 401 when not signed in (or the account is inactive)."""
    found = actor(session, user) if user is not None else None
    if found is None:
        raise HTTPException(401, message, headers={"WWW-Authenticate": "Cookie"})
    return found


def record_quota(request: Request, who: Actor) -> None:
    """429 when ``who`` saved too many records this minute."""
    user_quota(request, who.user_id)


def user_quota(request: Request, user_id: int) -> None:
    """429 when the user with ``user_id`` saved too many records this minute."""
    state = request.app.state
    if not hasattr(state, "record_bucket"):
        state.record_bucket = TokenBucket(writes_per_minute())
    wait = state.record_bucket.take(str(user_id))
    if wait:
        raise HTTPException(
            429,
            "too many records saved this minute; wait a little",
            headers={"Retry-After": str(math.ceil(wait))},
        )
