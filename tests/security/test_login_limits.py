"""The login limit holds under concurrency, per account and per address, behind a local client claiming
another address; password checks are bounded; a login is stored before its response leaves."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select

from catalogue.accounts import service as accounts
from catalogue.accounts.models import LoginSession
from catalogue.db import engine_for, transaction
from tests.security.websec_support import PASSWORD, add_user, live_server
from web.app import create_app
from web.cli import main as cli_main

# The documented limits (docs/security.md, "Login").
PER_ACCOUNT, PER_ADDRESS, CHECKS_AT_ONCE = 5, 20, 2


class SlowHasher:
    """Stands in for argon2's cost (about half a second a check on this machine): wraps the test hasher,
    holds each check a moment and records how many run at once."""

    def __init__(self, inner: Any, hold: float) -> None:
        self.inner, self.hold = inner, hold
        self.running = self.most = 0
        self.lock = threading.Lock()

    def verify(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.hold)
            return bool(self.inner.verify(password_hash, password))
        finally:
            with self.lock:
                self.running -= 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def slow_hasher(monkeypatch: pytest.MonkeyPatch) -> SlowHasher:
    accounts.use_fast_hashing_for_tests()
    hasher = SlowHasher(accounts._hasher, hold=0.2)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    return hasher


def _api_logins(
    base: str, bodies: list[dict[str, str]], headers: list[dict[str, str]] | None = None
) -> list[int]:
    """POST /api/v1/login with each body at the same time; the status codes in order."""
    heads = headers or [{} for _ in bodies]
    with httpx.Client(base_url=base, timeout=60) as client, ThreadPoolExecutor(len(bodies)) as pool:
        return list(
            pool.map(
                lambda bh: client.post("/api/v1/login", json=bh[0], headers=bh[1]).status_code,
                zip(bodies, heads, strict=True),
            )
        )


def test_sixteen_concurrent_wrong_passwords_get_at_most_five_checks(
    db_url: str, slow_hasher: SlowHasher
) -> None:
    email = add_user(db_url, "target@example.no")
    with live_server(create_app(db_url)) as base:
        codes = Counter(_api_logins(base, [{"email": email, "password": f"guess {i}"} for i in range(16)]))
        assert codes[401] <= PER_ACCOUNT, codes
        assert codes[429] >= 16 - PER_ACCOUNT, codes
        # the account stays locked, even for the right password
        assert _api_logins(base, [{"email": email, "password": PASSWORD}]) == [429]


def test_one_address_spraying_many_accounts_is_stopped(db_url: str) -> None:
    accounts.use_fast_hashing_for_tests()
    with live_server(create_app(db_url)) as base, httpx.Client(base_url=base) as client:
        codes = [
            client.post("/api/v1/login", json={"email": f"user{i}@example.no", "password": "x"}).status_code
            for i in range(30)
        ]
    assert codes[:PER_ADDRESS] == [401] * PER_ADDRESS
    assert set(codes[PER_ADDRESS:]) == {429}


def test_limited_client_cannot_log_in_by_claiming_another_address(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verkemiddelkart serve` as configured by default: X-Forwarded-For from 127.0.0.1 is not believed."""
    captured: dict[str, Any] = {}
    monkeypatch.delenv("VK_FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: captured.update(kw))
    assert cli_main(["serve"]) == 0
    options = {k: v for k, v in captured.items() if k not in ("host", "port", "workers", "factory")}
    email = add_user(db_url, "spoofed@example.no")
    with live_server(create_app(db_url), **options) as base, httpx.Client(base_url=base) as client:
        codes = [
            client.post(
                "/api/v1/login",
                json={"email": email, "password": PASSWORD if i == 6 else "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
            ).status_code
            for i in range(7)
        ]
    assert codes == [401] * 5 + [429, 429]


def test_password_checks_run_at_most_a_few_at_a_time(db_url: str, slow_hasher: SlowHasher) -> None:
    """Each argon2 check holds 64 MiB: a burst of logins must not run them all at once."""
    emails = [add_user(db_url, f"burst{i}@example.no") for i in range(16)]
    with live_server(create_app(db_url)) as base:
        codes = _api_logins(base, [{"email": e, "password": PASSWORD} for e in emails])
    assert codes == [200] * 16
    assert slow_hasher.most <= CHECKS_AT_ONCE


def test_a_login_is_stored_before_its_response_is_sent(db_url: str) -> None:
    """The browser follows the login's redirect at once: the login session must already be committed
    when the response starts, or the next page finds nobody logged in (the flaky browser login)."""
    email = add_user(db_url, "early@example.no")
    app = create_app(db_url)
    seen: dict[str, int] = {}

    def sessions() -> int:
        with transaction(engine_for(db_url)) as session:
            return session.scalar(select(func.count()).select_from(LoginSession)) or 0

    async def call() -> None:
        body = json.dumps({"email": email, "password": PASSWORD}).encode()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": "/api/v1/login", "raw_path": b"/api/v1/login", "root_path": "",
            "query_string": b"", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
            "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode())],
        }  # fmt: skip

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["sessions"] = sessions()

        await app(scope, receive, send)

    anyio.run(call)
    assert seen == {"status": 200, "sessions": 1}


def test_when_every_password_check_is_taken_the_login_says_so(
    seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    monkeypatch.setattr(accounts, "ARGON2_WAIT", 0.05, raising=False)
    app = create_app(seeded_sqlite_url)
    client = TestClient(app)
    token = client.get("/logg-inn").text.split('name="csrf_token" value="')[1].split('"')[0]
    taken = [accounts._argon2_slots.acquire() for _ in range(accounts.ARGON2_CONCURRENCY)]
    try:
        form = {"email": "busy@example.no", "password": "whatever", "csrf_token": token}
        r = client.post("/logg-inn", data=form)
        api = client.post("/api/v1/login", json={"email": "busy@example.no", "password": "x"})
    finally:
        for _ in taken:
            accounts._argon2_slots.release()
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert "Vent nokre sekund" in r.text
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"


def test_failures_older_than_the_window_no_longer_count(db_url: str) -> None:
    import datetime as dt

    from catalogue.accounts import repository as repo
    from catalogue.accounts.models import LoginAttempt

    email = add_user(db_url, "patient@example.no")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    with transaction(engine_for(db_url)) as session:
        for _ in range(2 * PER_ACCOUNT):
            repo.add_login_attempt(session, email=email, ip="127.0.0.1", now=long_ago)
    with live_server(create_app(db_url)) as base:
        assert _api_logins(base, [{"email": email, "password": PASSWORD}]) == [200]
    with transaction(engine_for(db_url)) as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 0  # forgotten
