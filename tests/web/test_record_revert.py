"""Undoing a recorded change of a review item or a listening-post case through the API (issue 18: every
write audited and revertible): the record comes back as it was, the undo is itself audited, only the
record's editors may undo, and a stale version is 409."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from editing_helpers import csrf_of
from fastapi.testclient import TestClient
from records_helpers import PASSWORD, USERS, api_log_in, case, records_app, review


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(records_app(seeded_sqlite_url, tmp_path)) as c:
        yield c


def _changed_twice(client: TestClient, kind: str, headers: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """A record created, then changed twice; its URL and the stored record."""
    base, first, second = (
        ("reviews", review(), [review(status="agreed"), review(status="implemented")])
        if kind == "review"
        else ("cases", case(), [case(stage="pilot", text="A first change."), case(stage="scale_up")])
    )
    body_key = "review" if kind == "review" else "case"
    r = client.post(f"/api/v1/{base}", json={"version": 0, body_key: first}, headers=headers)
    assert r.status_code == 201, r.text
    url = f"/api/v1/{base}/{r.json()['id']}"
    stored = r.json()
    for data in second:
        stored = client.put(url, json={"version": stored["version"], body_key: data}, headers=headers).json()
    return url, stored


def test_undoing_a_review_change_restores_the_item_and_is_audited(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    url, stored = _changed_twice(client, "review", headers)
    history = client.get(f"{url}/history").json()
    latest = history[0]
    r = client.post(
        f"{url}/history/{latest['id']}/revert", json={"version": stored["version"]}, headers=headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["review"]["status"] == "agreed"
    assert r.json()["version"] == stored["version"] + 1
    after = client.get(f"{url}/history").json()
    assert after[0]["action"] == "revert" and after[0]["user"] == "enova@example.no"
    assert after[0]["changes"]["status"] == ["implemented", "agreed"]


def test_undoing_an_older_change_restores_the_state_before_it(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    url, stored = _changed_twice(client, "review", headers)
    first_update = client.get(f"{url}/history").json()[1]
    r = client.post(
        f"{url}/history/{first_update['id']}/revert", json={"version": stored["version"]}, headers=headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["review"]["status"] == "proposed"


def test_a_review_is_undone_only_by_its_agency_and_a_creation_not_at_all(client: TestClient) -> None:
    url, stored = _changed_twice(client, "review", api_log_in(client, "enova"))
    history = client.get(f"{url}/history").json()
    other = api_log_in(client, "in")
    r = client.post(
        f"{url}/history/{history[0]['id']}/revert", json={"version": stored["version"]}, headers=other
    )
    assert r.status_code == 403
    admin = api_log_in(client, "admin")
    r = client.post(
        f"{url}/history/{history[-1]['id']}/revert", json={"version": stored["version"]}, headers=admin
    )
    assert r.status_code == 409
    assert client.get(url).json()["review"]["status"] == "implemented"


def test_undoing_with_a_stale_version_is_409_and_writes_nothing(client: TestClient) -> None:
    headers = api_log_in(client, "enova")
    url, stored = _changed_twice(client, "review", headers)
    history = client.get(f"{url}/history").json()
    r = client.post(
        f"{url}/history/{history[0]['id']}/revert", json={"version": stored["version"] - 1}, headers=headers
    )
    assert r.status_code == 409
    assert r.json()["current_version"] == stored["version"]
    assert len(client.get(f"{url}/history").json()) == len(history)


def test_undo_needs_a_csrf_token(client: TestClient) -> None:
    url, stored = _changed_twice(client, "review", api_log_in(client, "enova"))
    entry = client.get(f"{url}/history").json()[0]
    r = client.post(f"{url}/history/{entry['id']}/revert", json={"version": stored["version"]})
    assert r.status_code == 403


def test_undoing_a_case_change_restores_it_and_is_audited(client: TestClient) -> None:
    headers = api_log_in(client, "vestland")
    url, stored = _changed_twice(client, "case", headers)
    entry = client.get(f"{url}/history").json()[0]
    r = client.post(
        f"{url}/history/{entry['id']}/revert", json={"version": stored["version"]}, headers=headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["case"]["stage"] == "pilot" and r.json()["case"]["text"] == "A first change."
    assert client.get(f"{url}/history").json()[0]["action"] == "revert"


def test_a_case_is_undone_only_by_the_agency_or_county_that_recorded_it(client: TestClient) -> None:
    url, stored = _changed_twice(client, "case", api_log_in(client, "vestland"))
    entry = client.get(f"{url}/history").json()[0]
    for who in ("in", "enova"):
        r = client.post(
            f"{url}/history/{entry['id']}/revert",
            json={"version": stored["version"]},
            headers=api_log_in(client, who),
        )
        assert r.status_code == 403, who
    r = client.post(
        f"{url}/history/{entry['id']}/revert",
        json={"version": stored["version"] - 1},
        headers=api_log_in(client, "admin"),
    )
    assert r.status_code == 409
    assert client.get(url).json()["case"]["stage"] == "scale_up"


def test_the_undo_endpoints_are_in_the_openapi(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/reviews/{review_id}/history/{entry_id}/revert"]
    assert "post" in paths["/api/v1/cases/{case_id}/history/{entry_id}/revert"]


def _page_log_in(client: TestClient, who: str) -> None:
    client.cookies.clear()
    token = csrf_of(client.get("/logg-inn").text)
    data = {"email": USERS[who][0], "password": PASSWORD, "csrf_token": token, "next": "/"}
    assert client.post("/logg-inn", data=data, follow_redirects=False).status_code == 303


def test_the_history_page_offers_undo_only_to_the_items_editors(client: TestClient) -> None:
    url, _ = _changed_twice(client, "review", api_log_in(client, "enova"))
    page_url = url.replace("/api/v1/reviews", "/gjennomgangar") + "/historikk"
    client.cookies.clear()
    anonymous = client.get(page_url)
    assert anonymous.status_code == 200 and "Endra" in anonymous.text and ">Angre<" not in anonymous.text
    _page_log_in(client, "in")
    assert ">Angre<" not in client.get(page_url).text
    _page_log_in(client, "enova")
    shown = client.get(page_url).text
    assert shown.count(">Angre<") == 2  # the two changes; the creation cannot be undone
    action = re.findall(r'action="(/gjennomgangar/\d+/historikk/\d+/angre)"', shown)[0]
    version = re.findall(r'name="version" value="(\d+)"', shown)[0]
    r = client.post(action, data={"csrf_token": csrf_of(shown), "version": version}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(url).json()["review"]["status"] == "agreed"
    assert "Angra" in client.get(page_url).text
    stale = client.post(action, data={"csrf_token": csrf_of(shown), "version": version})
    assert stale.status_code == 409


def test_the_case_history_page_offers_undo_only_to_the_recording_county(client: TestClient) -> None:
    url, _ = _changed_twice(client, "case", api_log_in(client, "vestland"))
    page_url = url.replace("/api/v1/cases", "/lyttepost") + "/historikk"
    _page_log_in(client, "in")
    assert ">Angre<" not in client.get(page_url).text
    _page_log_in(client, "vestland")
    assert client.get(page_url).text.count(">Angre<") == 2
    assert f'href="{page_url}"' in client.get("/lyttepost", params={"county": "46"}).text
