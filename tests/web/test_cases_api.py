"""The listening-post case API: who may record where, privacy checks, counts, 401/403/409/422."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from records_helpers import api_log_in, case, records_app


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(records_app(seeded_sqlite_url, tmp_path)) as c:
        yield c


def _post(client: TestClient, headers: dict[str, str], **over: object) -> object:
    return client.post("/api/v1/cases", json={"version": 0, "case": case(**over)}, headers=headers)


def test_a_county_editor_records_a_case_in_their_county_only(client: TestClient) -> None:
    headers = api_log_in(client, "vestland")
    r = _post(client, headers)
    assert r.status_code == 201, r.text
    assert r.json()["agency"] == "FK-46" and r.json()["case"]["county"] == "46"
    assert _post(client, headers, county="11").status_code == 403
    assert [c["case"]["county"] for c in client.get("/api/v1/cases").json()] == ["46"]


def test_an_agency_editor_records_cases_in_any_county(client: TestClient) -> None:
    headers = api_log_in(client, "in")
    assert _post(client, headers, county="11").status_code == 201
    assert _post(client, headers, county="46").status_code == 201


def test_not_signed_in_is_401_and_no_csrf_is_403(client: TestClient) -> None:
    assert client.post("/api/v1/cases", json={"version": 0, "case": case()}).status_code == 401
    api_log_in(client, "in")
    assert client.post("/api/v1/cases", json={"version": 0, "case": case()}).status_code == 403


def test_only_the_recording_agency_may_change_a_case_and_stale_versions_are_409(client: TestClient) -> None:
    mine = api_log_in(client, "in")
    first = _post(client, mine).json()
    url = f"/api/v1/cases/{first['id']}"
    ok = client.put(
        url, json={"version": first["version"], "case": case(stage="demonstration")}, headers=mine
    )
    assert ok.status_code == 200 and ok.json()["case"]["stage"] == "demonstration"
    late = client.put(url, json={"version": first["version"], "case": case(stage="rnd")}, headers=mine)
    assert late.status_code == 409 and late.json()["theirs"]["stage"] == "demonstration"
    other = api_log_in(client, "enova")
    r = client.put(url, json={"version": ok.json()["version"], "case": case()}, headers=other)
    assert r.status_code == 403
    history = client.get(f"{url}/history").json()
    assert [h["action"] for h in history] == ["update", "create"]


def test_e_mail_addresses_and_phone_numbers_are_refused_naming_the_field(client: TestClient) -> None:
    headers = api_log_in(client, "in")
    r = _post(client, headers, text="Ask ola.nordmann@firma.no about it")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "text"
    r = _post(client, headers, text="Call the manager on 912 34 567 or +47 91234567")
    assert r.status_code == 422 and "phone" in r.json()["detail"][0]["msg"]
    assert client.get("/api/v1/cases").json() == []


def test_organisation_numbers_need_consent_and_a_valid_check_digit(client: TestClient) -> None:
    headers = api_log_in(client, "in")
    r = _post(client, headers, org_numbers=["986399445"])
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "org_numbers"
    r = _post(client, headers, org_numbers=["986399446"], consent=True)
    assert r.status_code == 422
    r = _post(client, headers, org_numbers=["986 399 445"], consent=True)
    assert r.status_code == 201 and r.json()["case"]["org_numbers"] == ["986399445"]


def test_did_not_apply_needs_a_reason_named_at_its_row(client: TestClient) -> None:
    headers = api_log_in(client, "in")
    r = _post(client, headers, attempts=[{"instrument": "enova-fjernvarme", "outcome": "not_applied"}])
    assert r.status_code == 422
    assert [p["field"] for p in r.json()["detail"]] == ["attempts.0.reason"]


def test_counts_by_county_and_period(client: TestClient) -> None:
    headers = api_log_in(client, "in")
    _post(client, headers)  # 46, 2026-10-02, pilot: rejected + between schemes
    _post(client, headers, met_on="2025-05-01")
    _post(
        client,
        headers,
        county="11",
        met_on="2026-03-01",
        attempts=[{"instrument": None, "outcome": "between_schemes"}],
    )
    all_ = client.get("/api/v1/cases/counts").json()
    assert all_["total"] == 3 and all_["by_barrier"] == {"B2": 3, "B7": 3}
    in_2026 = client.get("/api/v1/cases/counts", params={"start": "2026-01-01", "end": "2026-12-31"}).json()
    between = [r for r in in_2026["rows"] if r["outcome"] == "between_schemes"]
    assert between == [{"year": 2026, "stage": "pilot", "outcome": "between_schemes", "count": 2}]
    vestland = client.get("/api/v1/cases/counts", params={"county": "46", "start": "2026-01-01"}).json()
    assert vestland["total"] == 1
