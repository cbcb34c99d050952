"""The review-item API: agency editors review their own agency's instruments; 401/403/409/422; audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from records_helpers import api_log_in, records_app, review


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(records_app(seeded_sqlite_url, tmp_path)) as c:
        yield c


def test_an_agency_editor_records_and_changes_a_review_item_with_history(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    r = client.post("/api/v1/reviews", json={"version": 0, "review": review()}, headers=headers)
    assert r.status_code == 201, r.text
    stored = r.json()
    assert stored["agency"] == "ENOVA" and stored["review"]["barriers"] == ["B2"]
    changed = review(status="agreed", decided_on="2026-12-01")
    r = client.put(
        f"/api/v1/reviews/{stored['id']}",
        json={"version": stored["version"], "review": changed},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["review"]["status"] == "agreed"
    listed = client.get("/api/v1/reviews", params={"agency": "ENOVA"}).json()
    assert [x["id"] for x in listed] == [stored["id"]]
    history = client.get(f"/api/v1/reviews/{stored['id']}/history").json()
    assert [h["action"] for h in history] == ["update", "create"]
    assert history[0]["changes"]["status"] == ["proposed", "agreed"]
    assert history[0]["user"] == "enova@example.no"


def test_not_signed_in_is_401_and_another_agency_is_403(client: TestClient) -> None:
    assert client.post("/api/v1/reviews", json={"version": 0, "review": review()}).status_code == 401
    headers = api_log_in(client, "in")
    r = client.post("/api/v1/reviews", json={"version": 0, "review": review()}, headers=headers)
    assert r.status_code == 403
    assert client.get("/api/v1/reviews").json() == []


def test_a_county_editor_may_not_review_a_state_agencys_instrument(client: TestClient) -> None:
    headers = api_log_in(client, "vestland")
    r = client.post("/api/v1/reviews", json={"version": 0, "review": review()}, headers=headers)
    assert r.status_code == 403


def test_missing_csrf_token_is_403(client: TestClient) -> None:
    api_log_in(client, "enova")
    r = client.post("/api/v1/reviews", json={"version": 0, "review": review()})
    assert r.status_code == 403


def test_a_stale_version_is_409_and_keeps_the_other_change(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    first = client.post("/api/v1/reviews", json={"version": 0, "review": review()}, headers=headers).json()
    url = f"/api/v1/reviews/{first['id']}"
    ok = client.put(
        url, json={"version": first["version"], "review": review(status="agreed")}, headers=headers
    )
    assert ok.status_code == 200
    late = client.put(
        url, json={"version": first["version"], "review": review(status="implemented")}, headers=headers
    )
    assert late.status_code == 409
    assert late.json()["current_version"] == ok.json()["version"]
    assert late.json()["theirs"]["status"] == "agreed"
    assert client.get(url).json()["review"]["status"] == "agreed"


def test_rejected_without_reason_is_422_naming_reason(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    r = client.post(
        "/api/v1/reviews", json={"version": 0, "review": review(status="rejected")}, headers=headers
    )
    assert r.status_code == 422
    assert [p["field"] for p in r.json()["detail"]] == ["reason"]


def test_unknown_barrier_and_unknown_mission_are_422_naming_the_field(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    r = client.post(
        "/api/v1/reviews", json={"version": 0, "review": review(barriers=["B99"])}, headers=headers
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "barriers"
    r = client.post(
        "/api/v1/reviews", json={"version": 0, "review": review(relevance={"IV": "high"})}, headers=headers
    )
    assert r.status_code == 422 and "relevance" in r.json()["detail"][0]["loc"]


def test_an_admin_may_review_any_agencys_instrument(client: TestClient) -> None:
    headers = api_log_in(client, "admin")
    r = client.post("/api/v1/reviews", json={"version": 0, "review": review()}, headers=headers)
    assert r.status_code == 201 and r.json()["agency"] == "ENOVA"


def test_the_openapi_documents_the_review_and_case_models(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/reviews", "/api/v1/reviews/{review_id}", "/api/v1/cases", "/api/v1/cases/counts"} <= set(
        spec["paths"]
    )
    assert {"ReviewIn", "CaseIn", "StoredReview", "StoredCase"} <= set(spec["components"]["schemas"])
