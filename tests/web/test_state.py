"""CatalogueState keeps the search index current after writes, without rebuilding per request."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from catalogue import repository
from catalogue.db import engine_for, transaction
from web.app import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


def test_refresh_instrument_updates_list_detail_and_feed(seeded_url):
    app = create_app(seeded_url)
    state = app.state.catalogue
    client = TestClient(app)
    index_before = state.index
    with transaction(engine_for(seeded_url)) as session:
        row = repository.instrument_by_slug(session, "in-miljoteknologi")
        row.name_nn = "Kvantefluksordninga"
        row.updated_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    state.refresh_instrument("in-miljoteknologi")
    assert state.index is index_before  # updated in place, not rebuilt
    body = client.get("/api/v1/instruments", params={"q": "kvantefluks"}).json()
    assert [i["slug"] for i in body["items"]] == ["in-miljoteknologi"]
    assert "Kvantefluksordninga" in client.get("/instrumenter/in-miljoteknologi").text
    feed = ET.fromstring(client.get("/instrumenter.atom").content)
    first = feed.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}id").text.endswith(":in-miljoteknologi")  # the newest change comes first
    assert first.find(f"{ATOM}title").text == "Kvantefluksordninga"

    with transaction(engine_for(seeded_url)) as session:
        repository.delete_instrument(session, "in-miljoteknologi")
    state.refresh_instrument("in-miljoteknologi")
    assert client.get("/instrumenter/in-miljoteknologi").status_code == 404
    assert state.snapshot.instrument("in-miljoteknologi") is None


def test_cache_is_dropped_on_change(seeded_url):
    state = create_app(seeded_url).state.catalogue
    calls = []
    assert state.cached("k", lambda: calls.append(1) or len(calls)) == 1
    assert state.cached("k", lambda: calls.append(1) or len(calls)) == 1
    state.reload()
    assert state.cached("k", lambda: calls.append(1) or len(calls)) == 2
