"""Helpers for tests that log in and write: a private seeded database with users, login, CSRF tokens."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy

from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from web.app import create_app

PASSWORD = "correct horse battery staple"
USERS = {
    "in": ("in@example.no", "editor", "IN"),
    "siva": ("siva@example.no", "editor", "SIVA"),
    "admin": ("admin@example.no", "admin", None),
    "limited": ("limited@example.no", "editor", "IN"),
}


def writable_app(seeded_sqlite_url: str, tmp: Path) -> FastAPI:
    accounts.use_fast_hashing_for_tests()
    url = sqlite_copy(seeded_sqlite_url, tmp)
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        for email, role, agency in USERS.values():
            accounts.create_user(session, email, PASSWORD, role, agency, known)
    return create_app(url)


def csrf_of(html_text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html_text)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: TestClient, who: str) -> None:
    token = csrf_of(client.get("/logg-inn").text)
    r = client.post(
        "/logg-inn",
        data={"email": USERS[who][0], "password": PASSWORD, "csrf_token": token, "next": "/instrumenter"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def api_log_in(client: TestClient, who: str) -> str:
    r = client.post("/api/v1/login", json={"email": USERS[who][0], "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def edit_form(client: TestClient, slug: str) -> dict[str, object]:
    """The edit form's fields as the browser would submit them (from the server's record)."""
    record = client.get(f"/api/v1/instruments/{slug}/record").json()
    page = client.get(f"/instrumenter/{slug}/rediger")
    assert page.status_code == 200, page.status_code
    data: dict[str, object] = {"csrf_token": csrf_of(page.text), "version": str(record["version"])}
    for name, value in record["instrument"].items():
        if name == "other_sources":
            data[name] = "\n".join(value)
        elif isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif value is not None:
            data[name] = str(value)
    return data
