"""Users and requests for the tests of review items and listening-post cases (issue 18, items 3–5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy

from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from web.app import create_app

PASSWORD = "correct horse battery staple"
USERS = {
    "enova": ("enova@example.no", "editor", "ENOVA"),
    "in": ("in@example.no", "editor", "IN"),
    "vestland": ("vestland@example.no", "editor", "FK-46"),
    "admin": ("admin@example.no", "admin", None),
}


def records_app(seeded_sqlite_url: str, tmp: Path) -> FastAPI:
    accounts.use_fast_hashing_for_tests()
    url = sqlite_copy(seeded_sqlite_url, tmp)
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        for email, role, agency in USERS.values():
            accounts.create_user(session, email, PASSWORD, role, agency, known)
    return create_app(url)


def api_log_in(client: TestClient, who: str) -> dict[str, str]:
    r = client.post("/api/v1/login", json={"email": USERS[who][0], "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": str(r.json()["csrf_token"])}


def review(**over: Any) -> dict[str, Any]:
    item = {
        "instrument": "enova-fjernvarme",
        "relevance": {"I": "high", "II": "low"},
        "barriers": ["B2"],
        "adjustments": ["open_to_consortia", "fund_shared_infrastructure"],
        "adjustment_text": "Let a consortium apply jointly for a shared heat network.",
        "status": "proposed",
        "decided_on": "2026-11-20",
    }
    return {**item, **over}


def case(**over: Any) -> dict[str, Any]:
    item = {
        "county": "46",
        "met_on": "2026-10-02",
        "value_chains": ["hydrogen"],
        "stage": "pilot",
        "barriers": ["B2", "B7"],
        "attempts": [
            {"instrument": "enova-fjernvarme", "outcome": "rejected", "reason": "one applicant only"},
            {"instrument": None, "outcome": "between_schemes", "reason": None},
        ],
        "text": "Three firms wanted a shared pipeline; no scheme took the joint application.",
        "consent": False,
        "org_numbers": [],
    }
    return {**item, **over}
