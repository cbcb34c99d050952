"""Editing in the browser and through the API: save, field messages, conflicts, history and undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from editing_helpers import api_log_in, csrf_of, edit_form, log_in, writable_app
from fastapi import FastAPI
from fastapi.testclient import TestClient
from htmlparse import html, parse

SLUG = "in-miljoteknologi"


@pytest.fixture
def wapp(seeded_sqlite_url: str, tmp_path) -> FastAPI:  # type: ignore[no-untyped-def]
    return writable_app(seeded_sqlite_url, tmp_path)


@pytest.fixture
def editor(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        log_in(c, "in")
        yield c


def test_edit_saves_and_lists_show_it_at_once(editor: TestClient) -> None:
    def api_name() -> str:  # the API list keeps each instrument's JSON: it must not outlive an edit
        items = editor.get("/api/v1/instruments", params={"per_page": 500, "lang": "nn"}).json()["items"]
        return next(str(i["name"]) for i in items if i["slug"] == SLUG)

    assert api_name() != "Miljøteknologi – retta namn"
    data = edit_form(editor, SLUG) | {"name_nn": "Miljøteknologi – retta namn", "stages": ["pilot", "idea"]}
    r = editor.post(f"/instrumenter/{SLUG}/rediger", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/instrumenter/{SLUG}"
    assert html(editor.get(f"/instrumenter/{SLUG}")).find("h1").text() == "Miljøteknologi – retta namn"
    assert "retta namn" in editor.get("/instrumenter", params={"q": "retta namn"}).text
    assert api_name() == "Miljøteknologi – retta namn"
    record = editor.get(f"/api/v1/instruments/{SLUG}/record").json()
    assert record["version"] == int(str(data["version"])) + 1
    assert record["instrument"]["stages"] == ["idea", "pilot"]


def test_bad_values_are_shown_at_the_field(editor: TestClient) -> None:
    data = edit_form(editor, SLUG) | {"stip_code": "nope", "types": [], "max_amount_nok": "-5"}
    r = editor.post(f"/instrumenter/{SLUG}/rediger", data=data)
    assert r.status_code == 422
    doc = parse(r.text)
    for name in ("stip_code", "types", "max_amount_nok"):
        assert doc.by_id(f"err-{name}") is not None, name
    assert doc.by_id("in-stip_code")["aria-invalid"] == "true"
    assert doc.by_id("in-stip_code")["value"] == "nope"  # what was typed stays
    fragment = editor.post(f"/instrumenter/{SLUG}/rediger", data=data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text  # htmx swaps only 2xx
    assert 'id="edit-form-body"' in fragment.text


def test_second_editor_sees_a_conflict_with_both_versions(wapp: FastAPI, editor: TestClient) -> None:
    other = TestClient(wapp)
    log_in(other, "admin")
    first = edit_form(editor, SLUG) | {"name_en": "Editor one"}
    second = edit_form(other, SLUG) | {"name_en": "Editor two"}
    assert editor.post(f"/instrumenter/{SLUG}/rediger", data=first, follow_redirects=False).status_code == 303
    r = other.post(f"/instrumenter/{SLUG}/rediger?lang=en", data=second)
    assert r.status_code == 409
    rows = {
        tr.find("th").text(): [td.text() for td in tr.find_all("td")]
        for tr in parse(r.text).find("table").find("tbody").find_all("tr")
    }
    assert rows["Name (English)"] == ["Editor two", "Editor one"]
    assert other.get(f"/api/v1/instruments/{SLUG}/record").json()["instrument"]["name_en"] == "Editor one"
    # keeping mine is an explicit second step, against the version now stored
    keep = {i["name"]: i.get("value") for i in parse(r.text).find_all("input")}
    assert keep["version"] == str(int(str(first["version"])) + 1)
    assert (
        other.post(
            f"/instrumenter/{SLUG}/rediger",
            data=second | {"version": keep["version"], "csrf_token": keep["csrf_token"]},
            follow_redirects=False,
        ).status_code
        == 303
    )


def test_history_lists_changes_and_undo_restores(editor: TestClient) -> None:
    before = edit_form(editor, SLUG)
    editor.post(f"/instrumenter/{SLUG}/rediger", data=before | {"facts_note": "Checked again"})
    doc = html(editor.get(f"/instrumenter/{SLUG}/historikk"))
    entry = doc.find("li", cls="history-entry")
    assert "in@example.no" in entry.text() and "Checked again" in entry.text()
    form = entry.find("form")
    r = editor.post(form["action"], data={"csrf_token": form.find("input")["value"]}, follow_redirects=False)
    assert r.status_code == 303
    assert edit_form(editor, SLUG)["facts_note"] == before["facts_note"]
    assert len(html(editor.get(f"/instrumenter/{SLUG}/historikk")).find_all("li", cls="history-entry")) == 2
    anon_view = TestClient(editor.app).get(f"/instrumenter/{SLUG}/historikk").text  # type: ignore[arg-type]
    assert "in@example.no" not in anon_view and "Undo this change" not in anon_view


def test_new_instrument_form(editor: TestClient) -> None:
    page = editor.get("/nytt-instrument")
    data = {
        "csrf_token": csrf_of(page.text),
        "slug": "in-ny-test",
        "name_nb": "Ny testordning",
        "agency": "IN",
        "types": ["competence"],
        "verified_on": "2026-11-30",
        "geography": "national",
    }
    r = editor.post("/nytt-instrument", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/instrumenter/in-ny-test"
    assert html(editor.get("/instrumenter/in-ny-test")).find("h1").text() == "Ny testordning"
    again = editor.post("/nytt-instrument", data=data)
    assert again.status_code == 422 and parse(again.text).by_id("err-slug") is not None


def test_api_update_with_version_and_conflict(editor: TestClient) -> None:
    headers = {"X-CSRF-Token": api_log_in(editor, "in")}
    stored = editor.get(f"/api/v1/instruments/{SLUG}/record").json()
    body = {"version": stored["version"], "instrument": stored["instrument"] | {"max_amount_nok": 1234}}
    r = editor.put(f"/api/v1/instruments/{SLUG}", json=body, headers=headers)
    assert r.status_code == 200 and r.json()["version"] == stored["version"] + 1
    assert editor.get(f"/api/v1/instruments/{SLUG}").json()["max_amount_nok"] == 1234  # index refreshed
    stale = editor.put(
        f"/api/v1/instruments/{SLUG}",
        json=body | {"instrument": body["instrument"] | {"max_amount_nok": 99}},
        headers=headers,
    )
    assert stale.status_code == 409
    assert stale.json()["mine"]["max_amount_nok"] == 99 and stale.json()["theirs"]["max_amount_nok"] == 1234
    history = editor.get(f"/api/v1/instruments/{SLUG}/history").json()
    assert history[0]["changes"]["max_amount_nok"][1] == 1234
    assert editor.post(f"/api/v1/history/{history[0]['id']}/revert", headers=headers).status_code == 200
    bad = editor.put(
        f"/api/v1/instruments/{SLUG}",
        headers=headers,
        json={"version": stored["version"] + 2, "instrument": stored["instrument"] | {"counties": ["99"]}},
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "counties"


def test_new_instrument_with_a_facet_value_new_to_the_index(editor: TestClient) -> None:
    """No instrument in the seed lacks a geography (county facet 'unknown'); the first one must show."""
    data = {
        "csrf_token": csrf_of(editor.get("/nytt-instrument").text),
        "slug": "in-uten-geografi",
        "name_nb": "Ordning utan kjend geografi",
        "agency": "IN",
        "types": ["competence"],
    }
    assert editor.post("/nytt-instrument", data=data, follow_redirects=False).status_code == 303
    assert editor.get("/instrumenter/in-uten-geografi").status_code == 200


def test_unverified_instruments_are_marked_in_list_and_detail(editor: TestClient) -> None:
    data = edit_form(editor, SLUG) | {"verified_on": "2020-01-01"}
    assert editor.post(f"/instrumenter/{SLUG}/rediger", data=data, follow_redirects=False).status_code == 303
    detail = html(editor.get(f"/instrumenter/{SLUG}"))
    assert detail.find("span", cls="stale-mark") is not None
    page = editor.get("/instrumenter", params={"agency": "IN", "per_page": 100})
    items = html(page).find_all("li", cls="result")
    marked = {li.find("a")["href"].rsplit("/", 1)[-1] for li in items if li.find("span", cls="stale-mark")}
    assert SLUG in marked
    fresh = edit_form(editor, SLUG) | {"verified_on": dt.date.today().isoformat()}
    editor.post(f"/instrumenter/{SLUG}/rediger", data=fresh)
    assert html(editor.get(f"/instrumenter/{SLUG}")).find("span", cls="stale-mark") is None


def test_the_form_suggests_types_and_value_chains_from_the_text(
    editor: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wiring to analyser.matching.tagging (its model is tested there; training it takes seconds)."""
    from analyser.matching import tagging
    from web.editing import form as form_module

    asked: list[str] = []

    def fake(text: str) -> dict[str, list[tagging.Suggestion]]:
        asked.append(text)
        return {
            "types": [tagging.Suggestion("financial", 0.9)],
            "value_chains": [tagging.Suggestion("hydrogen", 0.8), tagging.Suggestion("battery", 0.6)],
        }

    monkeypatch.setattr(form_module, "model_ready", lambda: True)
    monkeypatch.setattr(form_module, "suggest_tags", fake)
    data = edit_form(editor, SLUG) | {
        "summary_en": "Grants for hydrogen electrolysers and battery factories",
        "types": [],
        "value_chains": [],
    }
    r = editor.post("/rediger/forslag", data=data, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text
    chips = [s.text() for s in parse(r.text).find_all("span", cls="chip")]
    assert chips == ["Finansiell", "Hydrogen", "Batteri"], chips
    assert "hydrogen electrolysers" in asked[-1]
    assert editor.post("/rediger/forslag", data=data).status_code == 400  # only for the htmx box
