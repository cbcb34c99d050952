"""Recording a dated status of a symbiosis or an industrial area: the browser forms (with field messages in
the interface language), the county page that shows the result, and the JSON API twin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from editing_helpers import api_log_in, csrf_of, log_in, writable_app
from fastapi import FastAPI
from fastapi.testclient import TestClient
from htmlparse import html, parse

SYMBIOSIS = "fjord-base"  # Vestland (46); one record, 2022-09-01, in development, area fjord-base-floro
AREA = "fjord-base-floro"  # Vestland (46); one record, 2022-09-01, emissions status not stated
FORM = f"/progress/symbioses/{SYMBIOSIS}/status"
AREA_FORM = f"/progress/areas/{AREA}/status"
API = f"/api/v1/progress/symbioses/{SYMBIOSIS}/statuses"
AREA_API = f"/api/v1/progress/areas/{AREA}/statuses"


@pytest.fixture
def wapp(seeded_sqlite_url: str, tmp_path) -> FastAPI:  # type: ignore[no-untyped-def]
    return writable_app(seeded_sqlite_url, tmp_path)


@pytest.fixture
def editor(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        log_in(c, "siva")  # any editor may record a status: symbioses belong to no agency
        yield c


@pytest.fixture
def anonymous(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        yield c


def form_fields(client: TestClient, url: str) -> dict[str, str]:
    """The form as the browser would submit it, with the values the page filled in."""
    doc = html(client.get(url))
    form = doc.by_id("status-form")
    data: dict[str, str] = {}
    for node in form.find_all("input"):
        data[node["name"]] = node.get("value") or ""
    for node in form.find_all("select"):
        chosen = [o for o in node.find_all("option") if "selected" in o.attrs]
        data[node["name"]] = chosen[0]["value"] if chosen else node.find("option")["value"]
    for node in form.find_all("textarea"):
        data[node["name"]] = node.text()
    return data


def symbiosis_history(client: TestClient) -> list[str]:
    """The history of Fjord Base on the Vestland county page, newest first."""
    doc = html(client.get("/progress/46", params={"lang": "nn"}))
    heading = next(h for h in doc.find_all("h3") if h.text() == "Fjord Base")
    section = doc.find("section", **{"aria-labelledby": "h-county-symbioses"})
    lists = section.find_all("ol", cls="history")
    index = [h.text() for h in section.find_all("h3")].index(heading.text())
    return [li.text() for li in lists[index].find_all("li")]


def test_editor_records_a_status_and_the_county_page_shows_it(editor: TestClient) -> None:
    county = html(editor.get("/progress/46"))
    link = county.find("a", href=FORM)
    assert link is not None and link.text() == "Registrer ny status for Fjord Base"
    assert county.find("a", href=AREA_FORM) is not None

    page = html(editor.get(FORM))
    assert page.find("h1").text() == "Ny status for Fjord Base"
    assert page.by_id("in-recorded_on")["value"] == dt.date.today().isoformat()  # today by default
    assert "rettar den" in page.text()  # the help text says a record on a taken date corrects it
    data = form_fields(editor, FORM)
    assert data["status"] == "in_development" and data["area"] == "fjord-base-floro"  # from the latest record
    data |= {
        "recorded_on": "2025-03-01",
        "status": "in_operation",
        "power": "true",
        "competence_access": "false",
        "note": "Spillvarme leverer til fiskeoppdrett",
        "source": "Årsrapport 2025",
    }
    r = editor.post(FORM, data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/progress/46"

    history = symbiosis_history(editor)
    assert history[0].startswith("1. mars 2025 : I drift") and "Spillvarme leverer" in history[0]
    assert history[1].startswith("1. september 2022 : Under utvikling")  # the earlier record is kept
    county = html(editor.get("/progress/46"))
    assert "Status no: I drift; område: Fjord Base, Florø" in county.text()
    facts = county.find("section", **{"aria-labelledby": "h-county-access"}).find("dl")
    access = dict(
        zip([n.text() for n in facts.find_all("dt")], [n.text() for n in facts.find_all("dd")], strict=True)
    )
    assert access["Symbiosar med kritisk kompetanse"].startswith("0 % (0 av 1 oppgitt")
    api = editor.get("/api/v1/progress", params={"as_of": "2025-12-31"}).json()
    vestland = next(c for c in api["counties"] if c["code"] == "46")
    assert vestland["symbioses"]["in_operation"] == 1


def test_a_record_on_a_taken_date_corrects_it(editor: TestClient) -> None:
    data = form_fields(editor, FORM) | {"recorded_on": "2022-09-01", "status": "planned", "note": "Retta"}
    assert editor.post(FORM, data=data, follow_redirects=False).status_code == 303
    history = symbiosis_history(editor)
    assert len(history) == 1 and history[0] == "1. september 2022 : Planlagd – Retta"


def test_bad_input_is_shown_at_the_field_and_nothing_is_stored(editor: TestClient) -> None:
    before = symbiosis_history(editor)
    data = form_fields(editor, FORM) | {
        "recorded_on": "31.12.2025",
        "status": "running",
        "power": "maybe",
        "source": "x" * 501,
    }
    r = editor.post(FORM, data=data)
    assert r.status_code == 422
    doc = parse(r.text)
    assert doc.by_id("in-recorded_on")["aria-invalid"] == "true"
    assert doc.by_id("in-recorded_on")["value"] == "31.12.2025"  # what was typed stays
    assert doc.by_id("err-recorded_on").text().startswith("Skriv datoen som ÅÅÅÅ-MM-DD")
    assert "err-recorded_on" in doc.by_id("in-recorded_on")["aria-describedby"]
    assert doc.by_id("err-status").text() == "Vel ein av verdiane i lista."
    assert doc.by_id("err-power").text() == "Vel ja, nei eller ukjent."
    assert doc.by_id("err-source").text() == "For langt: høgst 500 teikn."
    alert = doc.by_id("form-errors")
    assert "4 felt må rettast" in alert.text() and alert.find("a", href="#in-status") is not None
    assert symbiosis_history(editor) == before

    unknown_area = editor.post(FORM, data=form_fields(editor, FORM) | {"area": "no-such-area"})
    assert unknown_area.status_code == 422
    assert parse(unknown_area.text).by_id("err-area").text() == "Vel eit område frå lista."
    assert symbiosis_history(editor) == before

    fragment = editor.post(FORM, data=data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text  # htmx swaps only 2xx
    assert parse(fragment.text).by_id("err-status") is not None

    english = parse(editor.post(f"{FORM}?lang=en", data=data | {"recorded_on": ""}).text)
    assert english.by_id("err-recorded_on").text() == "Fill in this field."
    assert english.by_id("err-status").text() == "Choose one of the values in the list."
    bokmal = parse(editor.post(f"{FORM}?lang=nb", data=data).text)
    assert bokmal.by_id("err-status").text() == "Velg en av verdiene i listen."
    assert symbiosis_history(editor) == before


def test_area_form_records_an_emissions_status(editor: TestClient) -> None:
    data = form_fields(editor, AREA_FORM)
    assert data["emissions_status"] == "" and "area" not in data
    data |= {"recorded_on": "2025-06-01", "emissions_status": "reducing", "digital": "true"}
    r = editor.post(AREA_FORM, data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/progress/46"
    areas = html(editor.get("/progress/46")).find("section", **{"aria-labelledby": "h-county-symbioses"})
    assert "Fjord Base, Florø (Kinn): Kuttar utslepp" in areas.find_all("ul")[-1].text()


def test_anonymous_visitors_are_refused(anonymous: TestClient, editor: TestClient) -> None:
    county = html(anonymous.get("/progress/46"))
    assert county.find("a", href=FORM) is None and county.find("a", href=AREA_FORM) is None
    r = anonymous.get(FORM, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/logg-inn?next={FORM}"
    before = symbiosis_history(anonymous)
    token = csrf_of(anonymous.get("/logg-inn").text)
    data = form_fields(editor, FORM) | {"csrf_token": token, "recorded_on": "2025-01-01"}
    assert anonymous.post(FORM, data=data).status_code == 401
    assert anonymous.post(API, json={"recorded_on": "2025-01-01", "status": "ended"}).status_code == 401
    assert anonymous.post(AREA_API, json={"recorded_on": "2025-01-01"}).status_code == 401
    assert anonymous.post(API, json={"status": "running"}).status_code == 401  # before looking at the body
    assert symbiosis_history(anonymous) == before


def test_a_post_without_the_csrf_token_is_refused(editor: TestClient) -> None:
    data = form_fields(editor, FORM) | {"recorded_on": "2025-01-01"}
    data.pop("csrf_token")
    assert editor.post(FORM, data=data).status_code == 403
    assert editor.post(API, json={"recorded_on": "2025-01-01", "status": "ended"}).status_code == 403


def test_unknown_symbiosis_or_area_is_404(editor: TestClient) -> None:
    assert editor.get("/progress/symbioses/no-such-thing/status").status_code == 404
    assert editor.get("/progress/areas/no-such-thing/status").status_code == 404


def test_api_records_corrects_and_refuses(editor: TestClient) -> None:
    headers = {"X-CSRF-Token": api_log_in(editor, "admin")}
    body = {
        "recorded_on": "2025-04-01",
        "status": "in_operation",
        "area": AREA,
        "power": True,
        "source": "Pressemelding",
    }
    r = editor.post(API, json=body, headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["county"] == "46" and r.json()["corrected"] is False
    assert r.json()["record"]["status"] == "in_operation" and r.json()["record"]["power"] is True
    again = editor.post(API, json=body | {"status": "ended"}, headers=headers)
    assert again.status_code == 200 and again.json()["corrected"] is True
    history = symbiosis_history(editor)
    assert history[0].startswith("1. april 2025 : Avslutta") and len(history) == 2

    assert (
        editor.post(
            "/api/v1/progress/symbioses/no-such-thing/statuses", json=body, headers=headers
        ).status_code
        == 404
    )
    assert (
        editor.post(
            "/api/v1/progress/areas/no-such-thing/statuses",
            json={"recorded_on": "2025-01-01"},
            headers=headers,
        ).status_code
        == 404
    )
    bad_status = editor.post(API, json=body | {"status": "running"}, headers=headers)
    assert bad_status.status_code == 422
    assert editor.post(API, json=body | {"recorded_on": "01.04.2025"}, headers=headers).status_code == 422
    unknown_area = editor.post(API, json=body | {"area": "no-such-area"}, headers=headers)
    assert unknown_area.status_code == 422 and unknown_area.json()["detail"][0]["field"] == "area"
    assert len(symbiosis_history(editor)) == 2

    area = editor.post(
        AREA_API, json={"recorded_on": "2025-05-01", "emissions_status": "net_zero"}, headers=headers
    )
    assert area.status_code == 201 and area.json()["county"] == "46"
    figures = editor.get("/api/v1/progress", params={"as_of": "2025-12-31"}).json()
    assert figures["national"]["green_areas"]["net_zero"] == 1
    assert (
        editor.post(
            AREA_API, json={"recorded_on": "2025-05-01", "emissions_status": "zero"}, headers=headers
        ).status_code
        == 422
    )


def test_the_api_is_in_the_openapi_document(editor: TestClient) -> None:
    paths = editor.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/progress/symbioses/{slug}/statuses", "/api/v1/progress/areas/{slug}/statuses"):
        post = paths[path]["post"]
        assert {"201", "401", "403", "404", "422"} <= set(post["responses"]), path
        assert any(p["name"] == "X-CSRF-Token" for p in post["parameters"])
    assert "/progress/symbioses/{slug}/status" not in paths  # the HTML form is not API


# ---- audit trail of status writes ---------------------------------------------------------------------

HISTORY_API = f"/api/v1/progress/symbioses/{SYMBIOSIS}/status-history"
AREA_HISTORY_API = f"/api/v1/progress/areas/{AREA}/status-history"


def recorded(client: TestClient, url: str, day: str, lang: str = "nn") -> str:
    """The text of one dated record in the form page's "Recorded so far" list."""
    item = html(client.get(url, params={"lang": lang})).by_id(f"recorded-{day}")
    assert item is not None, f"no record on {day}"
    return item.text()


def test_adding_a_status_leaves_an_added_entry_with_who_and_when(editor: TestClient) -> None:
    data = form_fields(editor, FORM) | {"recorded_on": "2025-03-01", "status": "in_operation", "note": "Ny"}
    assert editor.post(FORM, data=data, follow_redirects=False).status_code == 303
    entries = editor.get(HISTORY_API).json()
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "added" and entry["user"] == "siva@example.no"
    assert entry["recorded_on"] == "2025-03-01" and entry["before"] is None
    assert entry["after"]["status"] == "in_operation" and entry["after"]["area"] == AREA
    changed = dt.datetime.fromisoformat(entry["changed_at"])
    assert changed.utcoffset() == dt.timedelta(0)  # UTC
    assert abs(changed - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

    text = recorded(editor, FORM, "2025-03-01")
    assert "Lagd til av siva@example.no" in text and "var:" not in text
    assert "Added by siva@example.no" in recorded(editor, FORM, "2025-03-01", lang="en")
    seeded = html(editor.get(FORM)).by_id("recorded-2022-09-01")  # loaded from the seeds: nobody to name
    assert seeded.find("p", cls="audit-who") is None and "siva@example.no" not in seeded.text()


def test_a_correction_keeps_the_values_it_replaced_and_the_page_shows_them(editor: TestClient) -> None:
    data = form_fields(editor, FORM) | {
        "recorded_on": "2022-09-01",
        "status": "planned",
        "note": "Retta",
        "source": "Telefon",
    }
    assert editor.post(FORM, data=data, follow_redirects=False).status_code == 303
    first = editor.get(HISTORY_API).json()[0]
    assert first["action"] == "corrected" and first["user"] == "siva@example.no"
    assert first["before"]["status"] == "in_development" and first["before"]["source"] == "seed document"
    assert first["before"]["note"].startswith("Develops new projects")
    assert first["after"]["status"] == "planned" and first["after"]["note"] == "Retta"

    text = recorded(editor, FORM, "2022-09-01")
    assert "Retta av siva@example.no" in text
    assert "var: Status: Under utvikling; Merknad: Develops new projects" in text
    assert "Kjelde: seed document" in text
    assert "Område" not in text.split("var:")[1]  # unchanged fields are not listed
    assert "Rettet av siva@example.no" in recorded(editor, FORM, "2022-09-01", lang="nb")

    # corrected again through the API, by someone else: the page names the last writer and what it replaced
    headers = {"X-CSRF-Token": api_log_in(editor, "admin")}
    body = {"recorded_on": "2022-09-01", "status": "ended", "area": None}
    assert editor.post(API, json=body, headers=headers).status_code == 200
    entries = editor.get(HISTORY_API).json()
    assert [e["action"] for e in entries] == ["corrected", "corrected"]
    assert entries[0]["user"] == "admin@example.no" and entries[0]["before"]["status"] == "planned"
    assert entries[0]["before"]["area"] == AREA and entries[0]["after"]["area"] is None
    text = recorded(editor, FORM, "2022-09-01", lang="en")
    assert "Corrected by admin@example.no" in text and "siva@example.no" not in text
    assert "was: Status: Planned; Industrial area: Fjord Base, Florø; Note: Retta; Source: Telefon" in text


def test_area_writes_are_audited_too(editor: TestClient) -> None:
    headers = {"X-CSRF-Token": api_log_in(editor, "admin")}
    body = {"recorded_on": "2022-09-01", "emissions_status": "reducing"}
    assert editor.post(AREA_API, json=body, headers=headers).status_code == 200
    entries = editor.get(AREA_HISTORY_API).json()
    assert len(entries) == 1 and entries[0]["action"] == "corrected"
    assert entries[0]["before"]["emissions_status"] is None
    assert entries[0]["after"]["emissions_status"] == "reducing"
    assert editor.get(HISTORY_API).json() == []  # the symbiosis of the same name has its own history
    text = recorded(editor, AREA_FORM, "2022-09-01", lang="en")
    assert "Corrected by admin@example.no" in text and "was: Emissions status: Unknown" in text


def test_status_history_api_hides_who_from_anonymous_visitors(
    anonymous: TestClient, editor: TestClient
) -> None:
    headers = {"X-CSRF-Token": api_log_in(editor, "admin")}
    assert (
        editor.post(API, json={"recorded_on": "2025-04-01", "status": "ended"}, headers=headers).status_code
        == 201
    )
    assert editor.get(HISTORY_API).json()[0]["user"] == "admin@example.no"
    r = anonymous.get(HISTORY_API)
    assert r.status_code == 200  # open like the instrument history, but without e-mails
    assert r.json()[0]["user"] is None and r.json()[0]["after"]["status"] == "ended"
    assert "admin@example.no" not in r.text
    assert anonymous.get("/api/v1/progress/symbioses/no-such-thing/status-history").status_code == 404
    assert anonymous.get("/api/v1/progress/areas/no-such-thing/status-history").status_code == 404
    paths = anonymous.get("/api/v1/openapi.json").json()["paths"]
    for path in (HISTORY_API.replace(SYMBIOSIS, "{slug}"), AREA_HISTORY_API.replace(AREA, "{slug}")):
        assert {"200", "404"} <= set(paths[path]["get"]["responses"]), path


def test_seeded_records_have_no_audit_entries(anonymous: TestClient) -> None:
    assert anonymous.get(HISTORY_API).json() == [] and anonymous.get(AREA_HISTORY_API).json() == []
