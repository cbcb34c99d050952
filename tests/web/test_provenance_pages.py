"""Provenance in the interface: unofficial figures are marked on the page, in the API and the CSV, and never
silently feed the amount filter; corrected instruments show their new status and deadline."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from htmlparse import html

ROOT = Path(__file__).resolve().parents[2]
UNOFFICIAL = {"fr-ipn", "in-innovasjonslan"}  # 16 MNOK and 25 MNOK, from a consultancy guide
MARK = {"nn": "kjelde: konsulentselskap (uoffisiell)", "nb": "kilde: konsulentselskap (uoffisiell)",
        "en": "source: consultancy (unofficial)"}  # fmt: skip


def _slugs(client: TestClient, **params: object) -> set[str]:
    doc = html(client.get("/instrumenter", params={"per_page": 500, **params}))
    return {
        a["href"].rsplit("/", 1)[1]
        for a in doc.find_all("a")
        if re.fullmatch(r"/instrumenter/[a-z0-9-]+", a["href"] or "")
    }


def test_the_instrument_page_marks_an_unofficial_figure_in_each_language(client: TestClient) -> None:
    for lang, mark in MARK.items():
        text = html(client.get("/instrumenter/in-innovasjonslan", params={"lang": lang})).text()
        assert mark in text, lang
    assert MARK["nn"] not in html(client.get("/instrumenter/in-miljoteknologi", params={"lang": "nn"})).text()


def test_api_and_csv_carry_the_mark(client: TestClient) -> None:
    record = client.get("/api/v1/instruments/fr-ipn").json()
    assert record["max_amount_unofficial"] is True and record["max_amount_source_kind"] == "third_party"
    assert record["max_amount_source"].startswith("https://www.entrepedia.com/")
    rows = list(csv.DictReader(io.StringIO(client.get("/instrumenter.csv").text.lstrip("\ufeff"))))
    marked = {r["slug"] for r in rows if r["max_amount_unofficial"] in ("true", "True", "1")}
    assert marked == UNOFFICIAL


def test_the_amount_filter_leaves_unofficial_figures_out_and_says_so(client: TestClient) -> None:
    plain = _slugs(client, min_amount=10_000_000)
    assert not plain & UNOFFICIAL
    doc = html(client.get("/instrumenter", params={"min_amount": 10_000_000}))
    notice = doc.find("p", cls="amount-notice").text()
    assert "2" in notice  # both unofficial figures are at least 10 MNOK: the list says they were left out
    wider = _slugs(client, min_amount=10_000_000, unofficial_amounts="true")
    assert wider == plain | UNOFFICIAL
    said = html(client.get("/instrumenter", params={"min_amount": 10_000_000, "unofficial_amounts": "true"}))
    assert said.find("p", cls="amount-notice") is not None  # ... and says it includes unofficial figures
    api = client.get("/api/v1/instruments", params={"min_amount": 10_000_000, "per_page": 500}).json()
    assert not {i["slug"] for i in api["items"]} & UNOFFICIAL
    api = client.get(
        "/api/v1/instruments", params={"min_amount": 10_000_000, "per_page": 500, "unofficial_amounts": True}
    ).json()
    assert UNOFFICIAL <= {i["slug"] for i in api["items"]}


def test_no_filter_or_ceiling_reads_the_raw_amount_without_the_mark() -> None:
    """A hard filter or an aid ceiling must use ``official_max_amount`` (None for a third party's figure) or
    say it includes unofficial figures: the raw ``max_amount_nok`` may be read only where the mark is kept
    beside it (the search index keeps a mask of unofficial figures next to its amounts)."""
    allowed = {"analyser/search/index.py"}
    offenders = []
    for path in sorted((ROOT / "analyser").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if ".max_amount_nok" in path.read_text(encoding="utf-8") and rel not in allowed:
            offenders.append(rel)
    assert offenders == []
    index = (ROOT / "analyser/search/index.py").read_text(encoding="utf-8")
    assert "unofficial_amounts" in index and "amount_unofficial" in index


def test_corrected_instruments_show_status_and_last_deadline(client: TestClient) -> None:
    enova = html(client.get("/instrumenter/enova-hydrogen-maritim", params={"lang": "en"})).text()
    assert "This instrument is closed." in enova and "5 September 2024" in enova
    pilot = html(client.get("/instrumenter/joint-pilot-e", params={"lang": "en"})).text()
    assert "21 September 2022" in pilot
    gronn = client.get("/api/v1/instruments/joint-gronn-plattform").json()
    assert gronn["status"] == "active" and gronn["last_deadline"] == "2025-06-04"


def test_the_page_says_the_facts_were_compiled_and_not_verified(client: TestClient) -> None:
    text = html(client.get("/instrumenter/in-miljoteknologi", params={"lang": "en"})).text()
    assert "28 November 2026" in text
    assert "Nobody has checked these facts against the agency's own page yet" in text


PROFILE = {
    "name": "Fjordvarme",
    "county": "46",
    "current_stage": "feasibility",
    "target_stage": "pilot",
    "needs": ["pilot"],
    "value_chains": ["aquaculture"],
    "members-0-name": "Fjordvarme AS",
    "members-0-size_class": "small",
    "members-0-role": "lead",
    "members-0-in_assisted_area": "yes",
    "members-1-name": "Havbruk AS",
    "members-1-size_class": "large",
    "members-1-role": "partner",
    "members-1-in_assisted_area": "no",
}


def test_the_path_page_shows_the_aid_rule_caveat_and_the_assisted_area_answer(client: TestClient) -> None:
    doc = html(client.post("/finansieringsveg", data=PROFILE, params={"lang": "en"}))
    assert doc.by_id("f-members-0-in_assisted_area").find("option", selected=True)["value"] == "yes"
    caveat = doc.find("p", cls="ceiling-caveat").text()
    assert "valid until 31 December 2026" in caveat and "assisted areas" in caveat
    pilot = doc.by_id("step-pilot").find("table", cls="ceilings").text()
    assert (
        "at least 60 %" in pilot
    )  # small firm, experimental development, collaboration, in an assisted area
    assert "Havbruk AS 40 %" in pilot  # not in an assisted area: no lower bound
    bad = html(client.post("/finansieringsveg", data={**PROFILE, "members-1-in_assisted_area": "maybe"}))
    assert bad.by_id("f-members-1-in_assisted_area").get("aria-invalid") == "true"
