"""Users and example records for the initiative and plan tests (clearly marked examples: test fixtures
only, never in seeds/)."""

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
# who: (email, role, agency, working group)
USERS = {
    "vestland": ("vestland@example.no", "editor", "FK-46", False),
    "rogaland": ("rogaland@example.no", "editor", "FK-11", False),
    "group": ("gruppe@example.no", "editor", "IN", True),
    "agency": ("siva@example.no", "editor", "SIVA", False),
    "admin": ("admin@example.no", "admin", None, False),
}
EXAMPLE = "EXAMPLE – "  # every example record's title starts so


def add_users(url: str) -> None:
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        for email, role, agency, group in USERS.values():
            accounts.create_user(session, email, PASSWORD, role, agency, known, working_group=group)


def initiatives_app(seeded_sqlite_url: str, tmp: Path) -> tuple[FastAPI, str]:
    url = sqlite_copy(seeded_sqlite_url, tmp)
    add_users(url)
    return create_app(url), url


def api_log_in(client: TestClient, who: str) -> str:
    r = client.post("/api/v1/login", json={"email": USERS[who][0], "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def example_initiative(
    county: str = "46", title: str = "Hydrogen hub in Sunnfjord", **extra: Any
) -> dict[str, Any]:
    return {
        "county": county,
        "title": EXAMPLE + title,
        "challenge": "Cut emissions from ferries and process industry.",
        "market_potential": "Export of hydrogen technology to European ports.",
        "value_chains": ["hydrogen", "maritime"],
        "missions": ["I"],
        "region": "Sunnfjord",
        "municipalities": ["Sunnfjord", "Kinn"],
        "partners": [{"name": "Example Energi AS", "org_number": "923609016"}, {"name": "Example Havn"}],
        "links": [{"url": "https://example.no/satsing.pdf", "title": "Sketch"}],
        "status": "submitted",
        **extra,
    }


def example_milestone(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "identify_areas",
        "owner": "Example næringsavdeling",
        "due_on": "2026-06-30",
        "resources": "Two person-years",
        **extra,
    }
