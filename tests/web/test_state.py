"""CatalogueState keeps the search index current after writes, without rebuilding per request."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
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


def test_a_write_by_another_worker_is_seen_without_restart(seeded_url):
    """Two server workers over one database: what one saves, the other shows at its next sync."""
    worker_a, worker_b = create_app(seeded_url), create_app(seeded_url)
    client_b = TestClient(worker_b)
    for app in (worker_a, worker_b):
        app.state.catalogue.sync_interval = 0
        app.state.catalogue.snapshot  # noqa: B018  (built at start-up)
    with transaction(engine_for(seeded_url)) as session:
        row = repository.instrument_by_slug(session, "fr-ipn")
        row.name_nn = "Kvantefluksprosjekt endra av arbeidar A"
    worker_a.state.catalogue.refresh_instrument("fr-ipn")
    assert "endra av arbeidar A" in client_b.get("/instrumenter/fr-ipn").text
    body = client_b.get("/api/v1/instruments", params={"q": "kvantefluksprosjekt"}).json()
    assert [i["slug"] for i in body["items"]] == ["fr-ipn"]


def test_own_write_does_not_force_a_full_reload(seeded_url):
    app = create_app(seeded_url)
    state = app.state.catalogue
    state.sync_interval = 0
    index = state.index
    with transaction(engine_for(seeded_url)) as session:
        repository.instrument_by_slug(session, "fr-ipn").name_nn = "Eige endring"
    state.refresh_instrument("fr-ipn")
    state.sync()
    assert state.index is index  # still the incrementally updated index


def test_large_catalogue_counts_its_tail_in_a_child_process_with_the_same_result(seeded_url, monkeypatch):
    """From FORK_FROM instruments on, start-up forks a child that loads and counts the last instruments
    while this process loads the snapshot; the index must equal one built in a single process."""
    from synthetic_records import synthetic_records

    import web.state as state_module
    from analyser.search import bulk as search_bulk
    from analyser.search.index import SearchIndex, SearchQuery
    from web import startup

    with transaction(engine_for(seeded_url)) as session:
        for record in synthetic_records(1100, seed=11):
            repository.upsert_instrument(session, record)
    monkeypatch.setattr(state_module, "FORK_FROM", 500)
    monkeypatch.setattr(search_bulk, "BATCH", 100)
    forks, counted_here = [], []
    real_fork, real_count = state_module.ForkedCall, search_bulk._count_range
    monkeypatch.setattr(state_module, "ForkedCall", lambda fn: forks.append(fn) or real_fork(fn))
    monkeypatch.setattr(
        search_bulk,
        "_count_range",
        lambda snaps, tid_of: counted_here.append(len(snaps)) or real_count(snaps, tid_of),
    )
    state = state_module.CatalogueState(engine_for(seeded_url))
    state.reload()
    n = len(state.snapshot.instruments)
    assert len(forks) == 1
    assert counted_here == [search_bulk.tail_start(n, state_module.TAIL_SHARE)]  # the tail: not recounted
    assert 0 < counted_here[0] < n / 2

    monkeypatch.setenv("VK_NO_FORK", "1")
    single = SearchIndex.build(state.snapshot.instruments)
    assert startup.FORK_FROM > len(state.snapshot.instruments)  # the build itself did not fork again
    assert state.index._text.tokens == single._text.tokens
    for text in ("eigenskapsordning 7", "konsortium", "hydrogen"):
        a, b = (i.search(SearchQuery(text=text, per_page=200)) for i in (state.index, single))
        assert a.total == b.total
        assert [s.slug for s, _ in a.items] == [s.slug for s, _ in b.items]
    assert state.index.search(SearchQuery(text="eigenskapsordning")).total >= 1100


def test_barrier_instruments_are_computed_once_per_catalogue_version(seed_snapshot):
    """The analyser keeps no cache; the web app keeps its results per catalogue version."""
    from web.analysis import barrier_instruments
    from web.state import CatalogueState

    state = CatalogueState(None, seed_snapshot)
    found = barrier_instruments(state)
    assert found["B2"] and set(found) == {b.code for b in seed_snapshot.barriers}
    assert barrier_instruments(state) is found  # cached per snapshot
    state.replace(seed_snapshot)  # a new catalogue version: computed again, same answer
    again = barrier_instruments(state)
    assert again is not found and again == found
