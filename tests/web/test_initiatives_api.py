"""The initiatives and plans API: who may write what (401/403), stale versions (409), bad input (422 naming
the field), and the records a user then reads back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from initiative_helpers import api_log_in, example_initiative, example_milestone, initiatives_app

API = "/api/v1"


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app, _ = initiatives_app(seeded_sqlite_url, tmp_path)
    with TestClient(app) as c:
        yield c


def _submit(client: TestClient, csrf: str, **extra: object) -> dict[str, object]:
    r = client.post(f"{API}/initiatives", json=example_initiative(**extra), headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_county_editor_submits_and_reads_back(client: TestClient) -> None:
    csrf = api_log_in(client, "vestland")
    made = _submit(client, csrf)
    got = client.get(f"{API}/initiatives/{made['id']}").json()
    assert got["title"].endswith("Hydrogen hub in Sunnfjord") and got["county"] == "46"
    assert got["partners"][0] == {"name": "Example Energi AS", "org_number": "923609016"}
    assert got["status"] == "submitted" and got["version"] == 1
    history = client.get(f"{API}/initiatives/{made['id']}/history").json()
    assert [h["action"] for h in history] == ["create"] and history[0]["user"] == "vestland@example.no"


def test_not_logged_in_is_401(client: TestClient) -> None:
    r = client.post(f"{API}/initiatives", json=example_initiative())
    assert r.status_code == 401
    assert client.post(f"{API}/counties/46/milestones", json=example_milestone()).status_code == 401


def test_other_county_and_agency_editor_are_403(client: TestClient) -> None:
    csrf = api_log_in(client, "rogaland")
    r = client.post(f"{API}/initiatives", json=example_initiative(), headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    r = client.post(f"{API}/counties/46/milestones", json=example_milestone(), headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    csrf = api_log_in(client, "agency")
    assert (
        client.post(
            f"{API}/initiatives", json=example_initiative(), headers={"X-CSRF-Token": csrf}
        ).status_code
        == 403
    )


def test_missing_csrf_is_403(client: TestClient) -> None:
    api_log_in(client, "vestland")
    assert client.post(f"{API}/initiatives", json=example_initiative()).status_code == 403


def test_bad_input_names_the_field(client: TestClient) -> None:
    csrf = api_log_in(client, "vestland")
    bad = example_initiative(
        partners=[{"name": "X", "org_number": "923609017"}], links=[{"url": "javascript:alert(1)"}]
    )
    r = client.post(f"{API}/initiatives", json=bad, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422
    fields = str(r.json())
    assert "org_number" in fields and "url" in fields
    r = client.post(
        f"{API}/counties/46/milestones", json=example_milestone(kind="other"), headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 422 and "free milestone needs a title" in r.text


def test_concurrent_edit_of_an_initiative_is_409(client: TestClient) -> None:
    csrf = api_log_in(client, "vestland")
    made = _submit(client, csrf)
    body = {"version": 1, "initiative": example_initiative(title="Changed")}
    url = f"{API}/initiatives/{made['id']}"
    assert client.put(url, json=body, headers={"X-CSRF-Token": csrf}).json()["version"] == 2
    stale = client.put(
        url, json={**body, "initiative": example_initiative(title="Mine")}, headers={"X-CSRF-Token": csrf}
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and stale.json()["theirs"]["title"].endswith("Changed")


def test_other_county_may_not_change_an_initiative(client: TestClient) -> None:
    made = _submit(client, api_log_in(client, "vestland"))
    csrf = api_log_in(client, "rogaland")
    body = {"version": 1, "initiative": example_initiative(county="11")}
    assert (
        client.put(f"{API}/initiatives/{made['id']}", json=body, headers={"X-CSRF-Token": csrf}).status_code
        == 403
    )


def test_working_group_steps_need_the_working_group(client: TestClient) -> None:
    csrf = api_log_in(client, "vestland")
    a, b = _submit(client, csrf), _submit(client, csrf, title="Second")
    h = {"X-CSRF-Token": csrf}
    assert (
        client.post(f"{API}/initiatives/{a['id']}/comments", json={"text": "ok"}, headers=h).status_code
        == 403
    )
    r = client.post(f"{API}/initiatives/{a['id']}/merge", json={"version": 1, "into": b["id"]}, headers=h)
    assert r.status_code == 403
    r = client.post(f"{API}/initiatives/{a['id']}/proposal", json={"version": 1, "proposed": True}, headers=h)
    assert r.status_code == 403


def test_working_group_comments_merges_and_proposes(client: TestClient) -> None:
    csrf = api_log_in(client, "vestland")
    a, b = _submit(client, csrf), _submit(client, csrf, title="Second")
    h = {"X-CSRF-Token": api_log_in(client, "group")}
    r = client.post(
        f"{API}/initiatives/{a['id']}/comments", json={"text": "Sharpen the market case."}, headers=h
    )
    assert r.status_code == 201 and r.json()["comments"][0]["text"] == "Sharpen the market case."
    r = client.post(f"{API}/initiatives/{a['id']}/merge", json={"version": 1, "into": b["id"]}, headers=h)
    assert r.status_code == 200 and r.json()["merged_from"] == [a["id"]]
    merged = client.get(f"{API}/initiatives/{a['id']}").json()
    assert merged["status"] == "merged" and merged["merged_into"] == b["id"]
    r = client.post(f"{API}/initiatives/{b['id']}/proposal", json={"version": 1, "proposed": True}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "proposed" and r.json()["proposed_on"]
    stale = client.post(
        f"{API}/initiatives/{b['id']}/proposal", json={"version": 1, "proposed": False}, headers=h
    )
    assert stale.status_code == 409


def test_milestones_are_versioned_and_flag_overdue(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    r = client.post(f"{API}/counties/46/milestones", json=example_milestone(due_on="2020-01-31"), headers=h)
    assert r.status_code == 201 and r.json()["overdue"] is True
    mid = r.json()["id"]
    done = {"version": 1, "milestone": example_milestone(due_on="2020-01-31", done_on="2020-02-10")}
    r = client.put(f"{API}/milestones/{mid}", json=done, headers=h)
    assert r.status_code == 200 and r.json()["overdue"] is False and r.json()["version"] == 2
    assert client.put(f"{API}/milestones/{mid}", json=done, headers=h).status_code == 409
    assert [m["id"] for m in client.get(f"{API}/counties/46/milestones").json()] == [mid]
    h = {"X-CSRF-Token": api_log_in(client, "rogaland")}
    assert client.put(f"{API}/milestones/{mid}", json={**done, "version": 2}, headers=h).status_code == 403


def test_revert_undoes_a_change(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    made = _submit(client, h["X-CSRF-Token"])
    url = f"{API}/initiatives/{made['id']}"
    client.put(url, json={"version": 1, "initiative": example_initiative(title="Changed")}, headers=h)
    entry = client.get(f"{url}/history").json()[0]
    assert entry["action"] == "update"
    assert client.post(f"{API}/initiative-history/{entry['id']}/revert", headers=h).status_code == 200
    assert client.get(url).json()["title"].endswith("Hydrogen hub in Sunnfjord")


def test_api_is_in_the_openapi(client: TestClient) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {
        "/api/v1/initiatives",
        "/api/v1/initiatives/{initiative_id}/merge",
        "/api/v1/counties/{code}/milestones",
    } <= set(paths)


def test_writes_are_rate_limited_per_user(
    seeded_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VK_WRITES_PER_MINUTE", "2")
    app, _ = initiatives_app(seeded_sqlite_url, tmp_path)
    with TestClient(app) as c:
        h = {"X-CSRF-Token": api_log_in(c, "vestland")}
        codes = [
            c.post(f"{API}/initiatives", json=example_initiative(), headers=h).status_code for _ in range(3)
        ]
        assert codes == [201, 201, 429]
        assert len(c.get(f"{API}/initiatives").json()) == 2


def test_admin_acts_for_every_county_and_the_working_group(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "admin")}
    made = _submit(client, h["X-CSRF-Token"], county="11")
    assert made["county"] == "11"
    r = client.post(f"{API}/counties/03/milestones", json=example_milestone(), headers=h)
    assert r.status_code == 201
    r = client.post(
        f"{API}/initiatives/{made['id']}/proposal", json={"version": 1, "proposed": True}, headers=h
    )
    assert r.status_code == 200 and r.json()["status"] == "proposed"
