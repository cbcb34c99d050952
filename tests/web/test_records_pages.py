"""The review and listening-post pages in the browser's way: forms, messages at the field, who may do what,
and what a department then reads in its report and the gap analysis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from editing_helpers import csrf_of
from fastapi.testclient import TestClient
from records_helpers import PASSWORD, USERS, records_app


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(records_app(seeded_sqlite_url, tmp_path)) as c:
        yield c


def log_in(client: TestClient, who: str) -> None:
    token = csrf_of(client.get("/logg-inn").text)
    data = {"email": USERS[who][0], "password": PASSWORD, "csrf_token": token, "next": "/"}
    assert client.post("/logg-inn", data=data, follow_redirects=False).status_code == 303


def review_form(token: str, **over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": token,
        "version": "0",
        "instrument": "enova-fjernvarme",
        "relevance_I": "high",
        "barriers": ["B2"],
        "adjustments": ["open_to_consortia", "fund_shared_infrastructure"],
        "status": "agreed",
        "decided_on": "2026-11-20",
    }
    return {**data, **over}


def test_a_review_item_recorded_in_the_form_shows_on_the_departments_report(client: TestClient) -> None:
    log_in(client, "enova")
    token = csrf_of(client.get("/gjennomgangar/ny").text)
    r = client.post("/gjennomgangar/ny", data=review_form(token), follow_redirects=False)
    assert r.status_code == 303
    listed = client.get("/gjennomgangar", params={"department": "KLD"}).text
    assert "Fjernvarme" in listed and "Avtalt" in listed
    report = client.get("/rapportar/KLD.md").text
    assert "Gjennomgang: Avtalt (1 avtalt)." in report
    assert "Gjennomgangspunkta til verkemiddelaktørane" in report
    assert "Opne for konsortium" in report  # the adjustment, in the report language
    assert (
        "Ingen gjennomgangspunkt er registrerte for desse verksemdene enno."
        in client.get("/rapportar/ED.md").text
    )


def test_a_rejected_item_without_reason_comes_back_with_the_message_at_the_field(client: TestClient) -> None:
    log_in(client, "enova")
    token = csrf_of(client.get("/gjennomgangar/ny").text)
    r = client.post("/gjennomgangar/ny", data=review_form(token, status="rejected"))
    assert r.status_code == 422
    assert 'id="err-reason"' in r.text and "eit avslått punkt må ha ein grunn" in r.text
    assert client.get("/api/v1/reviews").json() == []


def test_forms_need_sign_in_csrf_and_the_right_agency(client: TestClient) -> None:
    r = client.get("/gjennomgangar/ny", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/logg-inn")
    assert client.post("/gjennomgangar/ny", data=review_form("x")).status_code == 401
    log_in(client, "in")
    token = csrf_of(client.get("/gjennomgangar/ny").text)
    assert client.post("/gjennomgangar/ny", data=review_form("wrong")).status_code == 403
    assert client.post("/gjennomgangar/ny", data=review_form(token)).status_code == 403  # Enova's instrument


def test_a_stale_review_form_is_409_and_changes_nothing(client: TestClient) -> None:
    log_in(client, "enova")
    token = csrf_of(client.get("/gjennomgangar/ny").text)
    client.post("/gjennomgangar/ny", data=review_form(token), follow_redirects=False)
    form = review_form(token, version="1", status="implemented")
    assert client.post("/gjennomgangar/1/rediger", data=form, follow_redirects=False).status_code == 303
    stale = review_form(token, version="1", status="rejected", reason="for dyrt")
    assert client.post("/gjennomgangar/1/rediger", data=stale).status_code == 409
    assert client.get("/api/v1/reviews/1").json()["review"]["status"] == "implemented"


def test_a_county_editor_records_a_case_and_the_gap_analysis_counts_it(client: TestClient) -> None:
    log_in(client, "vestland")
    page = client.get("/lyttepost/ny").text
    assert "Skriv ingen personnamn" in page
    token = csrf_of(page)
    data = {
        "csrf_token": token,
        "version": "0",
        "county": "46",
        "met_on": "2026-10-02",
        "value_chains": ["hydrogen"],
        "stage": "pilot",
        "barriers": ["B2"],
        "attempt_0_outcome": "between_schemes",
        "text": "Tre bedrifter ville byggje ei felles røyrleidning.",
    }
    assert client.post("/lyttepost/ny", data={**data, "county": "11"}).status_code == 403
    refused = client.post("/lyttepost/ny", data={**data, "text": "Ring dagleg leiar på 912 34 567."})
    assert refused.status_code == 422 and 'id="err-text"' in refused.text
    assert client.post("/lyttepost/ny", data=data, follow_redirects=False).status_code == 303
    cases = client.get("/lyttepost", params={"county": "46", "start": "2026-01-01", "end": "2026-12-31"}).text
    assert "1 sak i 2026 fall mellom ordningane i fasen pilot" in cases
    assert "0 saker" in client.get("/lyttepost", params={"start": "2027-01-01"}).text
    gap = client.get("/gap/barrier-weak:B2").text
    assert 'id="gap-case-count">1 sak gjeld dette gapet.' in gap
    assert "1 lyttepostsak møtte denne barrieren." in client.get("/dekning/B2").text
