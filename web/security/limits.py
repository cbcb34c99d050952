"""Limits on what one request, and one anonymous client, may ask of a worker.

- ``BodySizeLimit``: a request body above ``max_body_bytes()`` is refused with 413, by its
  Content-Length before anything is read, or as soon as a streamed body passes the limit.
- ``anonymous_quota``: funding-path computations and consortium saves by a client that is not logged in
  draw on a token bucket per client address (``/api/v1/paths``, the ``/finansieringsveg`` form); an
  empty bucket answers 429 with ``Retry-After``. The buckets live in the worker's memory: with several
  workers each counts on its own, so the real limit is the setting times the number of workers.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import web.security.settings as settings
from web.accounts.security import UserDep, client_ip

MAX_CLIENTS = 10_000  # addresses remembered per bucket; past that, full buckets are forgotten


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """ASGI middleware: 413 for a request body larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int | None = None) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit if self.limit is not None else settings.max_body_bytes()
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        seen = {"received": 0, "too_large": False, "replaced": False, "started": False}

        async def counting_receive() -> Message:
            message = await receive()
            seen["received"] += len(message.get("body", b""))
            if seen["received"] > limit:
                seen["too_large"] = True
                raise _TooLarge()
            return message

        async def watching_send(message: Message) -> None:
            # The app may turn the error raised while it read the body into a response of its own (FastAPI
            # answers 400 "error parsing the body"): that response is replaced by the 413.
            if seen["too_large"] and not seen["started"]:
                seen["started"] = seen["replaced"] = True
                await _too_large(limit)(scope, receive, send)
            if seen["replaced"]:
                return
            seen["started"] = seen["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if seen["started"]:
                raise
            await _too_large(limit)(scope, receive, send)


def _too_large(limit: int) -> PlainTextResponse:
    return PlainTextResponse(f"request body larger than {limit} bytes", status_code=413)


@dataclass
class TokenBucket:
    """``per_minute`` requests a minute per key, in bursts of up to ``per_minute``."""

    per_minute: int
    _tokens: dict[str, tuple[float, float]] = field(default_factory=dict)  # key → (tokens, when)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, now: float | None = None) -> float:
        """Take one token; return 0, or the seconds to wait when the bucket is empty."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60
        with self._lock:
            tokens, then = self._tokens.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            if tokens < 1:
                self._tokens[key] = (tokens, now)
                return (1 - tokens) / rate if rate else 60.0
            self._tokens[key] = (tokens - 1, now)
            if len(self._tokens) > MAX_CLIENTS:
                self._forget_full(now, rate)
            return 0.0

    def _forget_full(self, now: float, rate: float) -> None:
        full = [k for k, (t, w) in self._tokens.items() if t + (now - w) * rate >= self.per_minute]
        for key in full:
            del self._tokens[key]


def _buckets(request: Request) -> dict[str, TokenBucket]:
    state = request.app.state
    if not hasattr(state, "anonymous_buckets"):
        state.anonymous_buckets = {
            "paths": TokenBucket(settings.anonymous_paths_per_minute()),
            "saves": TokenBucket(settings.anonymous_saves_per_minute()),
        }
    return state.anonymous_buckets  # type: ignore[no-any-return]


async def anonymous_quota(request: Request, user: UserDep) -> None:
    """429 when a client that is not logged in has asked for too many paths or saves this minute."""
    if user is not None:
        return
    kind = "paths"
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        kind = "saves" if "save" in await request.form() else "paths"
    wait = _buckets(request)[kind].take(client_ip(request))
    if wait:
        raise HTTPException(
            429,
            "too many requests from this address; wait a little or log in",
            headers={"Retry-After": str(math.ceil(wait))},
        )


AnonymousQuota = Depends(anonymous_quota)
QuotaDep = Annotated[None, AnonymousQuota]
