"""The funding-path pages: the consortium form without JavaScript first (plain POSTs, HTML parsed), field
messages, adding members, saving and reopening, the printable view, then the htmx fragment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from htmlparse import html, parse
from seeded_copy import sqlite_copy

from web.app import create_app

PATH = "/finansieringsveg"
VALID = {
    "name": "Fjordvarme",
    "county": "46",
    "current_stage": "feasibility",
    "target_stage": "pilot",
    "needs": ["pilot", "shared_infrastructure"],
    "value_chains": ["aquaculture", "energy_system"],
    "members-0-name": "Fjordvarme AS",
    "members-0-org_number": "123456785",
    "members-0-size_class": "small",
    "members-0-role": "lead",
    "members-1-name": "Havbruk AS",
    "members-1-org_number": "",
    "members-1-size_class": "medium",
    "members-1-role": "partner",
}


@pytest.fixture(scope="module")
def wapp(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """An app over a private copy of the seeded database: these tests save consortia."""
    return create_app(sqlite_copy(seeded_sqlite_url, tmp_path_factory.mktemp("paths")))


@pytest.fixture
def wclient(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        yield c


def csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(PATH).text)
    assert found
    return found.group(1)


def field_error(doc, field_id: str) -> str:  # noqa: ANN001
    """The message shown at a field: the element its aria-describedby names, next to it."""
    control = doc.by_id(field_id)
    assert control is not None, field_id
    assert control.get("aria-invalid") == "true", field_id
    described = (control.get("aria-describedby") or "").split()
    message = doc.by_id(f"{field_id}-error")
    assert message is not None and message["id"] in described
    return message.text()


def steps(doc) -> list[str]:  # noqa: ANN001
    return [li["id"].removeprefix("step-") for li in doc.find_all("li", cls="step")]


def test_form_page_labels_every_control_and_lists_the_seeded_consortia(client, app):
    doc = html(client.get(PATH))
    form = doc.by_id("path-form")
    assert form["method"] == "post" and form["action"] == PATH and form["hx-post"] == PATH
    labelled = {label["for"] for label in doc.find_all("label")}
    controls = [c for c in form.find_all("input") + form.find_all("select") if c.get("type") != "hidden"]
    assert controls and all(c["id"] in labelled for c in controls)
    assert doc.find("button", id="show-path") is not None  # the no-JS submit
    listed = {a["href"] for a in doc.find("details", cls="saved-consortia").find_all("a")}
    seeded = {f"{PATH}/{c.slug}" for c in app.state.catalogue.snapshot.consortia}
    assert len(seeded) == 3 and seeded <= listed


def test_a_seeded_consortium_opens_with_its_profile_and_path(client, app):
    solor = next(c for c in app.state.catalogue.snapshot.consortia if c.slug == "sirkular-solor-hub")
    doc = html(client.get(f"{PATH}/sirkular-solor-hub"))
    assert doc.by_id("f-name")["value"] == solor.name
    assert doc.by_id("f-members-0-name")["value"] == solor.members[0].name
    ticked = {i["value"] for i in doc.find_all("input", name="needs") if "checked" in i.attrs}
    assert ticked == set(solor.needs)
    assert steps(doc)[0] == solor.current_stage and steps(doc)[-1] == solor.target_stage
    for li in doc.find_all("li", cls="step"):
        for a in li.find("ol", cls="candidates").find_all("a"):
            assert a["href"].startswith("/instrumenter/")
    assert client.get(f"{PATH}/no-such-consortium").status_code == 404


def test_valid_profile_shows_the_path_without_javascript(client):
    doc = html(client.post(PATH, data=VALID))
    assert steps(doc) == ["feasibility", "rnd", "pilot"]
    assert doc.by_id("error-summary") is None
    assert doc.by_id("f-members-1-name")["value"] == "Havbruk AS"  # the form comes back as typed
    needs_table = doc.find("table", cls="coverage-table")
    assert len(needs_table.find("tbody").find_all("tr")) == 2


def test_bad_org_number_is_shown_at_its_field(client):
    doc = html(client.post(PATH, data={**VALID, "members-1-org_number": "123456789"}))
    message = field_error(doc, "f-members-1-org_number")
    assert "MOD11" in message and "organisasjonsnummer" in message
    summary = doc.by_id("error-summary")
    assert "#f-members-1-org_number" in [a["href"] for a in summary.find_all("a")]
    assert doc.by_id("f-members-1-org_number")["value"] == "123456789"
    assert not steps(doc)
    short = html(client.post(PATH, data={**VALID, "members-0-org_number": "1234"}))
    assert "9 siffer" in field_error(short, "f-members-0-org_number")


def test_unknown_county_and_stage_order_are_shown_at_their_fields(client):
    doc = html(
        client.post(
            PATH, data={**VALID, "county": "99", "current_stage": "pilot", "target_stage": "feasibility"}
        )
    )
    assert "fylke" in field_error(doc, "f-county").lower()
    assert "før" in field_error(doc, "f-target_stage")
    en = html(client.post(PATH + "?lang=en", data={**VALID, "budget-rnd": "lots"}))
    assert "Write the budget in whole kroner" in field_error(en, "f-budget-rnd")


def test_add_and_remove_member_rows_without_javascript(client):
    doc = html(client.post(PATH, data={**VALID, "add_member": "1"}))
    assert doc.by_id("f-members-2-name") is not None and "autofocus" in doc.by_id("f-members-2-name").attrs
    assert doc.by_id("f-members-1-name")["value"] == "Havbruk AS"
    removed = html(client.post(PATH, data={**VALID, "remove_member": "0"}))
    assert removed.by_id("f-members-0-name")["value"] == "Havbruk AS"
    assert removed.by_id("f-members-1-name") is None


def test_htmx_change_updates_the_result_and_the_field_messages_only(client):
    r = client.post(PATH, data={**VALID, "members-1-org_number": "12"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text and "HX-Request" in r.headers["vary"]
    doc = parse(r.text)
    assert doc.by_id("h-result") is not None and doc.by_id("f-name") is None  # the fields stay as typed
    message = doc.by_id("f-members-1-org_number-error")
    assert message["hx-swap-oob"] == "true" and "9 siffer" in message.text()
    assert doc.by_id("f-name-error").text() == ""  # every slot comes back, cleared when fine
    assert doc.by_id("path-status") is not None  # the live region, out of band
    ok = parse(client.post(PATH, data=VALID, headers={"HX-Request": "true"}).text)
    assert steps(ok) == ["feasibility", "rnd", "pilot"]


def test_htmx_add_member_retargets_the_whole_form(client):
    r = client.post(PATH, data={**VALID, "add_member": "1"}, headers={"HX-Request": "true"})
    assert r.headers["HX-Retarget"] == "#path-app" and r.headers["HX-Reswap"] == "innerHTML"
    doc = parse(r.text)
    assert doc.by_id("f-members-2-name") is not None and doc.by_id("path-result") is not None


def test_saving_needs_the_form_token(wclient):
    r = wclient.post(PATH, data={**VALID, "save": "new"})
    assert r.status_code == 403


def test_saved_consortium_can_be_reopened_and_is_never_overwritten(wclient, wapp):
    token = csrf(wclient)
    index = wapp.state.catalogue.index
    r = wclient.post(PATH, data={**VALID, "save": "new", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"{PATH}/fjordvarme?lagra=1"
    assert wapp.state.catalogue.index is index  # a saved consortium does not rebuild the search index
    doc = html(wclient.get(r.headers["location"]))
    assert doc.by_id("saved-note") is not None
    assert doc.by_id("f-name")["value"] == "Fjordvarme"
    assert doc.by_id("f-members-0-org_number")["value"] == "123456785"
    assert steps(doc) == ["feasibility", "rnd", "pilot"]
    listed = html(wclient.get(PATH)).find("details", cls="saved-consortia")
    assert f"{PATH}/fjordvarme" in [a["href"] for a in listed.find_all("a")]
    # the same name again, or a seeded consortium saved by a visitor: a new address, nothing overwritten
    again = wclient.post(PATH, data={**VALID, "save": "new", "csrf_token": token}, follow_redirects=False)
    assert again.headers["location"] == f"{PATH}/fjordvarme-2?lagra=1"
    copy = wclient.post(
        PATH,
        data={**VALID, "name": "Fjord Base", "slug": "fjord-base", "save": "update", "csrf_token": token},
        follow_redirects=False,
    )
    assert copy.headers["location"] == f"{PATH}/fjord-base-2?lagra=1"
    base = next(c for c in wapp.state.catalogue.snapshot.consortia if c.slug == "fjord-base")
    assert base.members[0].name != "Fjordvarme AS"


def test_saving_an_invalid_profile_shows_the_messages_and_saves_nothing(wclient, wapp):
    before = len(wapp.state.catalogue.snapshot.consortia)
    data = {
        **VALID,
        "name": "",
        "members-0-org_number": "987654321",
        "save": "new",
        "csrf_token": csrf(wclient),
    }
    r = wclient.post(PATH, data=data, follow_redirects=False)
    assert r.status_code == 422
    doc = parse(r.text)
    assert field_error(doc, "f-name") and field_error(doc, "f-members-0-org_number")
    assert "autofocus" in doc.by_id("error-summary").attrs
    assert len(wapp.state.catalogue.snapshot.consortia) == before


def test_htmx_save_redirects_with_hx_redirect(wclient):
    data = {**VALID, "name": "Kystkraft", "save": "new", "csrf_token": csrf(wclient)}
    r = wclient.post(PATH, data=data, headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["HX-Redirect"] == f"{PATH}/kystkraft?lagra=1"


def test_printable_view(client, app):
    solor = next(c for c in app.state.catalogue.snapshot.consortia if c.slug == "sirkular-solor-hub")
    doc = html(client.get(f"{PATH}/sirkular-solor-hub/utskrift"))
    assert doc.find("form", id="path-form") is None
    assert "/static/analysis.css" in [link["href"] for link in doc.find_all("link")]
    rows = doc.find("table", cls="members-table").find("tbody").find_all("tr")
    assert [r.find("th").text() for r in rows] == [m.name for m in solor.members]
    assert steps(doc)[0] == solor.current_stage
    css = (Path(__file__).resolve().parents[2] / "web/static/analysis.css").read_text()
    assert "@media print" in css
    assert client.get(f"{PATH}/nope/utskrift").status_code == 404


def form_data(doc) -> dict[str, object]:  # noqa: ANN001
    """The path form's fields as a browser would send them."""
    form = doc.by_id("path-form")
    data: dict[str, object] = {}
    for i in form.find_all("input"):
        if i.get("type") == "checkbox":
            if "checked" in i.attrs:
                data.setdefault(i["name"], []).append(i["value"])  # type: ignore[union-attr]
        elif i.get("name"):
            data[i["name"]] = i.get("value") or ""
    for s in form.find_all("select"):
        chosen = [o for o in s.find_all("option") if "selected" in o.attrs]
        data[s["name"]] = chosen[0]["value"] if chosen else ""
    return data


def test_logged_in_editor_saves_changes_to_the_opened_consortium(seeded_sqlite_url, tmp_path):
    from editing_helpers import log_in, writable_app

    app = writable_app(seeded_sqlite_url, tmp_path)
    with TestClient(app) as c:
        if c.get("/logg-inn").status_code == 404:
            pytest.skip("the login routes are not in the app yet")
        assert html(c.get(f"{PATH}/fjord-base")).by_id("save-update") is None  # visitors save copies only
        # a visitor's copy of a seeded consortium (the seeded one itself: administrators only, tests/security)
        copy = c.post(PATH, data={**form_data(html(c.get(f"{PATH}/fjord-base"))), "save": "new"})
        slug = copy.url.path.removeprefix(f"{PATH}/")
        assert slug == "fjord-base-2"
        log_in(c, "in")
        doc = html(c.get(f"{PATH}/{slug}"))
        assert doc.by_id("save-update") is not None
        before = next(x for x in app.state.catalogue.snapshot.consortia if x.slug == slug)
        data = {**form_data(doc), "name": "Fjord Base (endra)", "save": "update"}
        r = c.post(PATH, data=data, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"{PATH}/{slug}?lagra=1"
        after = next(x for x in app.state.catalogue.snapshot.consortia if x.slug == slug)
        assert after.name == "Fjord Base (endra)"
        assert after.members == before.members and after.flows == before.flows  # nothing else lost
        assert before.flows  # (the copy kept the seeded one's resource flows)
