"""Shared by the consortium-save tests: accounts, a live uvicorn server, the path form as a browser sends
it."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi.testclient import TestClient

from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from web.app import create_app

PATH = "/finansieringsveg"
PASSWORD = "correct horse battery staple"
USERS = {
    "in": ("in@example.no", "editor", "IN"),
    "siva": ("siva@example.no", "editor", "SIVA"),
    "admin": ("admin@example.no", "admin", None),
    "admin2": ("admin2@example.no", "admin", None),
}


def add_users(url: str) -> None:
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        for email, role, agency in USERS.values():
            accounts.create_user(session, email, PASSWORD, role, agency, known)


def csrf_of(text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: TestClient, who: str) -> None:
    token = csrf_of(client.get("/logg-inn").text)
    r = client.post(
        "/logg-inn",
        data={"email": USERS[who][0], "password": PASSWORD, "csrf_token": token, "next": PATH},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def profile(name: str, visitor: str) -> dict[str, Any]:
    """A valid form whose two members are named after ``visitor``."""
    return {
        "name": name,
        "county": "46",
        "current_stage": "feasibility",
        "target_stage": "pilot",
        "needs": ["pilot", "shared_infrastructure"],
        "value_chains": ["aquaculture", "energy_system"],
        "members-0-name": f"{visitor} AS",
        "members-0-org_number": "",
        "members-0-size_class": "small",
        "members-0-role": "lead",
        "members-1-name": f"{visitor} Partner AS",
        "members-1-org_number": "",
        "members-1-size_class": "medium",
        "members-1-role": "partner",
    }


def opened_form(client: TestClient, slug: str) -> dict[str, Any]:
    """The form of a saved consortium, as the browser would submit it (hidden fields included)."""
    page = client.get(f"{PATH}/{slug}")
    assert page.status_code == 200, page.status_code
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", page.text):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                data.setdefault(name.group(1), []).append(value.group(1) if value else "")
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for select in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page.text, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select[1])
        data[select[0]] = chosen.group(1) if chosen else ""
    return data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(url: str) -> Iterator[str]:
    """The app over ``url`` served by a real uvicorn server in a thread (requests run concurrently)."""
    port = _free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def visitor(base: str) -> tuple[httpx.Client, str]:
    """A browser of its own (cookies) and the form token of its first visit."""
    client = httpx.Client(base_url=base, timeout=60)
    return client, csrf_of(client.get(PATH).text)
