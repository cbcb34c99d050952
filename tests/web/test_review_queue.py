"""The review queue (/kontroll): per agency, what needs checking against its source, most relied on first;
an editor records "checked, unchanged", which shows on the instrument page and in its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from editing_helpers import csrf_of, log_in, writable_app
from fastapi import FastAPI
from fastapi.testclient import TestClient
from htmlparse import html

from analyser.gaps.freshness import review_queue
from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap


@pytest.fixture
def wapp(seeded_sqlite_url: str, tmp_path: Path) -> FastAPI:
    return writable_app(seeded_sqlite_url, tmp_path)


@pytest.fixture
def editor(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        log_in(c, "in")
        yield c


def _i(slug: str, verified: dt.date | None, status: str | None = "active") -> InstrumentSnap:
    return InstrumentSnap(id=0, slug=slug, agency="IN", name_nb=slug, verified_on=verified, status=status)


def test_queue_puts_instruments_that_answer_a_barrier_alone_first() -> None:
    today = dt.date(2026, 12, 5)
    snap = CatalogueSnapshot(
        instruments=(
            _i("fresh", today),  # checked today and active: not in the queue
            _i("fresh-unknown-status", today, None),
            _i("shared", None),
            _i("alone", dt.date(2024, 1, 1)),
            _i("nothing", None),
        )
    )
    answering = {"B1": ("alone",), "B2": ("shared", "fresh", "nothing"), "B3": ("shared", "fresh")}
    queue = review_queue(snap, answering, today, agency="IN")
    assert [q.slug for q in queue.items] == ["alone", "shared", "nothing", "fresh-unknown-status"]
    assert queue.items[0].alone == ("B1",) and queue.items[0].reasons == ("verified_long_ago",)
    assert queue.items[-1].reasons == ("status_unknown",)
    assert review_queue(snap, answering, today, agency="FR").items == ()


def test_the_queue_page_lists_an_agencys_instruments_and_their_shares(client: TestClient) -> None:
    doc = html(client.get("/kontroll", params={"agency": "IN"}))
    items = doc.find_all("li", cls="review-item")
    slugs = [li.find("a")["href"].removeprefix("/instrumenter/") for li in items]
    assert slugs and all(app_agency(client, s) == "IN" for s in slugs)
    assert not doc.find_all("form", cls="review-actions")  # only editors of the agency may record a check
    rows = doc.find("table", cls="review-agencies").find_all("tr")
    assert len(rows) > 10
    assert client.get("/kontroll", params={"max_age": "0"}).status_code == 422


def test_an_editor_records_a_check_and_it_shows(editor: TestClient) -> None:
    page = editor.get("/kontroll")  # an editor sees the queue of their own agency
    doc = html(page)
    first = doc.find("li", cls="review-item")
    slug = first["id"].removeprefix("q-")
    version = first.find("input", name="version")["value"]
    r = editor.post(
        f"/kontroll/{slug}/kontrollert",
        data={"csrf_token": csrf_of(page.text), "version": version},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/kontroll?agency=IN"
    record = editor.get(f"/api/v1/instruments/{slug}").json()
    assert record["verified_on"] == dt.date.today().isoformat() and record["verified_by"] == "IN"
    assert slug not in editor.get("/kontroll").text or record["status"] is None
    history = editor.get(f"/instrumenter/{slug}/historikk").text
    assert "checked against the source: unchanged" in history
    stale = editor.post(
        f"/kontroll/{slug}/kontrollert", data={"csrf_token": csrf_of(page.text), "version": version}
    )
    assert stale.status_code == 409  # the page was out of date
    other = editor.post("/kontroll/fr-ipn/kontrollert", data={"csrf_token": csrf_of(page.text), "version": 1})
    assert other.status_code == 403  # another agency's instrument


def test_agency_with_mostly_stale_facts_is_a_gap_finding(client: TestClient) -> None:
    codes = {f["code"] for f in client.get("/gap.json", params={"kind": "stale-data"}).json()["items"]}
    assert "stale-data-IN" in codes and "stale-data-FR" in codes


def app_agency(client: TestClient, slug: str) -> str:
    return str(client.get(f"/api/v1/instruments/{slug}").json()["agency"])


def test_the_history_of_a_corrected_instrument_says_who_why_and_from_where(wapp: FastAPI) -> None:
    from catalogue.db import transaction
    from catalogue.instruments.corrections import apply_folder
    from catalogue.seeding import SEEDS_DIR

    with transaction(wapp.state.engine) as session:
        apply_folder(session, SEEDS_DIR / "corrections")
    with TestClient(wapp) as anonymous:
        text = html(
            anonymous.get("/instrumenter/enova-hydrogen-maritim/historikk", params={"lang": "en"})
        ).text()
    assert "Corrected after review" in text and "By fact-base review" in text
    assert "Source: https://www.enova.no/" in text and "closed" in text.lower()
