"""Limits on anonymous work: members per consortium, request body size, path computations and saves per
client address (429 with Retry-After; counted per server worker)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy

from tests.security.websec_support import PASSWORD, add_user
from web.app import create_app

MEMBER = {"org_number": "123456785", "size_class": "small", "role": "partner"}


def profile(members: int) -> dict[str, object]:
    return {
        "name": "Stor klynge",
        "county": "34",
        "current_stage": "feasibility",
        "target_stage": "pilot",
        "needs": ["risk_relief"],
        "members": [{**MEMBER, "name": f"Medlem {i} AS", "role": "lead" if i == 0 else "partner"}
                    for i in range(members)],
    }  # fmt: skip


@pytest.fixture(scope="module")
def app(seeded_sqlite_url: str) -> FastAPI:
    return create_app(seeded_sqlite_url)


def test_a_consortium_of_more_than_200_members_is_refused_naming_the_field(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.post("/api/v1/paths", json=profile(200)).status_code == 200
    r = client.post("/api/v1/paths", json=profile(201))
    assert r.status_code == 422
    assert [p["field"] for p in r.json()["detail"]] == ["members"]
    assert "200" in r.json()["detail"][0]["message"]


def test_a_body_over_two_mebibytes_is_refused_with_413(app: FastAPI) -> None:
    client = TestClient(app)
    huge = json.dumps(profile(100_000)).encode()
    assert len(huge) > 2 * 1024 * 1024
    r = client.post("/api/v1/paths", content=huge, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    # without a Content-Length (streamed), the same
    chunks = (huge[i : i + 65536] for i in range(0, len(huge), 65536))
    r = client.post("/api/v1/paths", content=chunks, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    r = client.post("/logg-inn", data={"email": "x" * (3 * 1024 * 1024)})
    assert r.status_code == 413


def test_anonymous_path_computations_are_limited_per_address(
    seeded_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VK_ANON_PATHS_PER_MINUTE", "3")
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    email = add_user(url, "paths.admin@example.no")
    app = create_app(url)
    anon = TestClient(app)
    codes = [anon.post("/api/v1/paths", json=profile(2)).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    r = anon.post("/api/v1/paths", json=profile(2))
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert anon.post("/finansieringsveg", data={"name": "Klynge"}).status_code == 429  # the form too
    logged_in = TestClient(app)
    assert logged_in.post("/api/v1/login", json={"email": email, "password": PASSWORD}).status_code == 200
    assert [logged_in.post("/api/v1/paths", json=profile(2)).status_code for _ in range(5)] == [200] * 5


def test_anonymous_consortium_saves_are_limited_per_address(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VK_ANON_SAVES_PER_MINUTE", "2")
    monkeypatch.delattr(app.state, "anonymous_buckets", raising=False)
    anon = TestClient(app)
    form = {"name": "", "save": "new", "csrf_token": "x"}
    assert [anon.post("/finansieringsveg", data=form).status_code for _ in range(2)] != [429, 429]
    r = anon.post("/finansieringsveg", data=form)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert anon.post("/finansieringsveg", data={"name": "Klynge"}).status_code == 200  # showing is not saving
