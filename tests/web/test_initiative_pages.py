"""The initiative and plan pages as a county editor and the working group use them: forms that show bad
input at the field, stale edits refused, overdue milestones flagged on the county progress page, and the
briefing note that carries the proposals."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from htmlparse import Node, parse
from initiative_helpers import (
    EXAMPLE,
    PASSWORD,
    USERS,
    api_log_in,
    example_initiative,
    example_milestone,
    initiatives_app,
)
from pypdf import PdfReader


@pytest.fixture
def client(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app, _ = initiatives_app(seeded_sqlite_url, tmp_path)
    with TestClient(app) as c:
        yield c


def _csrf(text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found
    return found.group(1)


def _text(doc: Node, id_: str) -> str:
    node = doc.by_id(id_)
    assert node is not None, id_
    return node.text()


def _plan(client: TestClient, as_of: str) -> Node:
    """The plan section of the Vestland progress page on ``as_of`` (the date overdue is counted from)."""
    doc = parse(client.get("/progress/46", params={"as_of": as_of, "lang": "nn"}).text)
    return doc.by_id("plan")  # type: ignore[return-value]


def log_in(client: TestClient, who: str) -> None:
    client.cookies.clear()
    token = _csrf(client.get("/logg-inn").text)
    data = {"email": USERS[who][0], "password": PASSWORD, "csrf_token": token, "next": "/satsingar"}
    assert client.post("/logg-inn", data=data, follow_redirects=False).status_code == 303


FORM = {
    "title": EXAMPLE + "Biogas from fish sludge",
    "challenge": "Waste from aquaculture.",
    "market_potential": "Technology export.",
    "value_chains": ["biogas", "aquaculture"],
    "missions": ["II"],
    "municipalities": "Kinn\nBremanger",
    "partners": "Example Fisk AS; 923 609 016\nExample Biogass",
    "links": "https://example.no/notat.pdf Sketch",
}


def test_county_editor_submits_through_the_form(client: TestClient) -> None:
    log_in(client, "vestland")
    token = _csrf(client.get("/satsingar/ny").text)
    r = client.post("/satsingar/ny", data={**FORM, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"], params={"lang": "nb"}).text
    assert "Biogas from fish sludge" in page and "Vestland" in page and "923609016" in page
    assert "Sendt inn" in page and "Bremanger" in page


def test_form_shows_bad_input_at_the_field(client: TestClient) -> None:
    log_in(client, "vestland")
    token = _csrf(client.get("/satsingar/ny").text)
    bad = {
        **FORM,
        "partners": "Example Fisk AS; 923609017",
        "links": "javascript:alert(1)",
        "csrf_token": token,
    }
    r = client.post("/satsingar/ny", data=bad, params={"lang": "nn"}, follow_redirects=False)
    assert r.status_code == 422
    doc = parse(r.text)
    assert "organisasjonsnummer" in _text(doc, "err-partners")
    assert "http" in _text(doc, "err-links")
    assert client.get("/api/v1/initiatives").json() == []


def test_not_logged_in_and_wrong_county(client: TestClient) -> None:
    assert client.post("/satsingar/ny", data=FORM, follow_redirects=False).status_code == 401
    assert client.get("/satsingar/ny", follow_redirects=False).status_code == 303  # to the log-in page
    log_in(client, "vestland")
    token = _csrf(client.get("/satsingar/ny").text)
    assert client.post("/satsingar/ny", data=FORM, follow_redirects=False).status_code == 403  # no CSRF
    client.post("/satsingar/ny", data={**FORM, "csrf_token": token})
    log_in(client, "rogaland")
    assert client.get("/satsingar/1/rediger").status_code == 403
    assert client.get("/progress/46/plan/ny").status_code == 403
    log_in(client, "agency")
    assert client.get("/satsingar/ny").status_code == 403  # an agency editor has no county


def test_stale_edit_is_refused_and_nothing_is_lost(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    client.post("/api/v1/initiatives", json=example_initiative(), headers=h)
    log_in(client, "vestland")
    token = _csrf(client.get("/satsingar/1/rediger").text)
    first = {**FORM, "csrf_token": token, "version": "1", "title": EXAMPLE + "Mine"}
    assert client.post("/satsingar/1/rediger", data=first, follow_redirects=False).status_code == 303
    second = {**first, "title": EXAMPLE + "Theirs"}
    r = client.post("/satsingar/1/rediger", data=second, follow_redirects=False)
    assert r.status_code == 409 and 'id="form-errors"' in r.text
    assert client.get("/api/v1/initiatives/1").json()["title"] == EXAMPLE + "Mine"


def test_working_group_merges_and_proposes_on_the_page(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    for title in ("One", "Two"):
        client.post("/api/v1/initiatives", json=example_initiative(title=title), headers=h)
    log_in(client, "vestland")
    assert "samanslaing" not in client.get("/satsingar/1").text  # no working-group steps for the county
    log_in(client, "group")
    token = _csrf(client.get("/satsingar/1").text)
    r = client.post("/satsingar/1/samanslaing", data={"csrf_token": token, "version": "1", "into": "2"})
    assert r.status_code == 200 and "Slått saman frå" in r.text
    merged = client.get("/satsingar/1").text
    assert 'id="merged-into"' in merged and "/satsingar/2" in merged
    r = client.post("/satsingar/2/forslag", data={"csrf_token": token, "version": "1", "proposed": "true"})
    assert "Føreslått for statsråden" in r.text
    note = client.get("/satsingar/notat.md", params={"lang": "nb"}).text
    assert (
        "Satsinger foreslått for statsråden" in note
        and EXAMPLE + "Two" in note
        and EXAMPLE + "One" not in note
    )
    pdf = client.get("/satsingar/notat.pdf", params={"lang": "nn"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Satsingar føreslått for statsråden" in text and "Two" in text and "One" not in text


def test_overdue_milestones_are_flagged_on_the_county_page(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    client.post("/api/v1/counties/46/milestones", json=example_milestone(due_on="2026-03-01"), headers=h)
    done = example_milestone(kind="decide", due_on="2026-03-01", done_on="2026-02-20")
    client.post("/api/v1/counties/46/milestones", json=done, headers=h)
    before = _plan(client, "2026-02-28")
    assert before.find_all("tr", cls="overdue") == [] and len(before.find("tbody").find_all("tr")) == 2  # type: ignore[union-attr]
    late = _plan(client, "2026-04-01").find_all("tr", cls="overdue")
    assert len(late) == 1 and "Identifisere industriområde" in late[0].text()
    assert "forseinka med 31 dagar" in late[0].text()


def test_working_group_undoes_a_merge_from_the_history(client: TestClient) -> None:
    h = {"X-CSRF-Token": api_log_in(client, "vestland")}
    for title in ("One", "Two"):
        client.post("/api/v1/initiatives", json=example_initiative(title=title), headers=h)
    h = {"X-CSRF-Token": api_log_in(client, "group")}
    client.post("/api/v1/initiatives/1/merge", json={"version": 1, "into": 2}, headers=h)
    log_in(client, "vestland")
    assert "/angre" not in client.get("/satsingar/1").text  # a merge is the working group's to undo
    log_in(client, "group")
    page = client.get("/satsingar/1").text
    undo = re.search(r'action="(/satsingar/historikk/\d+/angre)"', page)
    assert undo
    r = client.post(undo.group(1), data={"csrf_token": _csrf(page)}, params={"lang": "nn"})
    assert r.status_code == 200 and 'id="merged-into"' not in r.text and "Sendt inn" in r.text


def test_refusals_are_worded_in_the_interface_language(client: TestClient) -> None:
    client.post(
        "/api/v1/initiatives",
        json=example_initiative(),
        headers={"X-CSRF-Token": api_log_in(client, "vestland")},
    )
    log_in(client, "rogaland")
    r = client.get("/satsingar/1/rediger", params={"lang": "nn"})
    assert r.status_code == 403 and "Berre redaktørane til fylket sjølv" in r.text
