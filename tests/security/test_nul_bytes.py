"""A NUL byte (or any value that cannot be a slug) in an address answers 404, never 500, on both
databases; and whatever the database refuses as data is a 422, never a 500."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

from tests.security.websec_support import PASSWORD, add_user
from web.app import create_app

BAD = ("a%00b", "in-miljo%00teknologi", "A-Upper", "x" * 121)


def _admin(app: FastAPI, email: str) -> tuple[TestClient, str]:
    client = TestClient(app, raise_server_exceptions=False)
    r = client.post("/api/v1/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client, str(r.json()["csrf_token"])


def test_bad_slugs_in_addresses_are_not_found(seeded_url: str) -> None:
    app = create_app(seeded_url)
    anon = TestClient(app, raise_server_exceptions=False)
    admin, csrf = _admin(app, add_user(seeded_url, "nul.admin@example.no"))
    write = {"X-CSRF-Token": csrf}
    status = {"recorded_on": "2026-01-05", "status": "operating"}
    for slug in BAD:
        for path in (
            f"/api/v1/instruments/{slug}",
            f"/api/v1/instruments/{slug}/record",
            f"/api/v1/instruments/{slug}/history",
            f"/instrumenter/{slug}",
            f"/instrumenter/{slug}/historikk",
            f"/api/v1/progress/symbioses/{slug}/status-history",
            f"/api/v1/progress/areas/{slug}/status-history",
            f"/finansieringsveg/{slug}",
            f"/api/v1/consortia/{slug}/path",
        ):
            assert anon.get(path).status_code == 404, path
        for path in (f"/instrumenter/{slug}/rediger", f"/progress/symbioses/{slug}/status"):
            assert admin.get(path).status_code == 404, path
        r = admin.delete(f"/api/v1/instruments/{slug}", params={"version": 1}, headers=write)
        assert r.status_code == 404, r.text
        for kind in ("symbioses", "areas"):
            r = admin.post(f"/api/v1/progress/{kind}/{slug}/statuses", json=status, headers=write)
            assert r.status_code == 404, (kind, r.text)
    for path in ("/progress/4%006", "/dekning/B%001", "/dekning/B1/I%00N", "/rapportar/K%00D.pdf"):
        assert anon.get(path).status_code == 404, path


@pytest.mark.parametrize("path", ["/api/v1/probe", "/probe"])
def test_data_the_database_refuses_is_a_422(seeded_sqlite_url: str, path: str) -> None:
    app = create_app(seeded_sqlite_url)

    def refuse() -> None:
        raise DataError("INSERT ...", {}, Exception("PostgreSQL text fields cannot contain NUL (0x00) bytes"))

    app.add_api_route(path, refuse)
    r = TestClient(app, raise_server_exceptions=False).get(path)
    assert r.status_code == 422
    assert "NUL" not in r.text  # the database's own words stay in the log
