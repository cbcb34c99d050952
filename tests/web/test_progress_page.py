"""The mission-progress dashboard, a county page, CSV, JSON and the CLI: the same figures everywhere, and a
county without data shown as "no data", never as zero."""

from __future__ import annotations

import csv
import io
import json

import pytest
from htmlparse import html

from web.cli import main


def test_dashboard_renders_the_grid_the_table_and_the_charts(client):
    r = client.get("/progress")
    assert r.status_code == 200
    doc = html(r)
    assert doc.find("h1").text() == "Framdrift i samfunnsoppdraga mot 2030"
    grid = doc.find("svg", cls="county-grid")
    assert grid["role"] == "img"
    title_id, desc_id = grid["aria-labelledby"].split()
    assert doc.by_id(title_id).tag == "title" and "15" in doc.by_id(title_id).text()
    assert "Oslo: ingen data" in doc.by_id(desc_id).text()
    tiles = {t.find("text", cls="tile-name").text(): t for t in grid.find_all("g", cls="tile")}
    assert len(tiles) == 15
    assert tiles["Oslo"].find("text", cls="tile-value").text() == "ingen data"
    assert "tile-no_data" in tiles["Oslo"].classes()
    assert tiles["Vestland"].find("text", cls="tile-value").text() == "0 / 2"
    assert tiles["Vestland"].find("text", cls="tile-status").text() == "Ikkje på veg"
    assert len(doc.find_all("svg", cls="trend-chart")) == 2


def test_table_tells_no_data_from_zero_and_links_lagging_counties(client):
    doc = html(client.get("/progress"))
    body = doc.find("table", cls="progress-table").find("tbody")
    rows = {tr.find("th").text(): tr for tr in body.find_all("tr")}
    assert len(rows) == 15
    oslo, vestland = rows["Oslo"], rows["Vestland"]
    assert oslo.find_all("td")[0].text() == "ingen data / 2"
    assert vestland.find_all("td")[0].text() == "0 / 2"
    assert "Ingen data" in oslo.text() and "Ikkje på veg" in vestland.text()
    hrefs = {a["href"] for a in vestland.find_all("a")}
    assert {"/progress/46", "/gaps?county=46", "/instrumenter?county=46"} <= hrefs


def test_the_registers_and_the_hierarchy_are_shown(client):
    doc = html(client.get("/progress"))
    text = doc.text()
    for name in ("Sirkulær Solør Hub", "Finnfjord smelteverk", "Fjord Base", "Fjord Base, Florø"):
        assert name in text
    levels = [s.text() for s in doc.find_all("span", cls="level")]
    assert {f"Nivå {n}" for n in range(1, 6)} <= {s.split(" · ")[0] for s in levels}


def test_htmx_gets_only_the_results(client):
    r = client.get("/progress", params={"as_of": "2021-06-30"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text
    assert "county-grid" in r.text and "tile-off_track" not in r.text  # nothing was recorded before 2022


def test_a_bad_date_is_refused(client):
    assert client.get("/progress", params={"as_of": "last year"}).status_code == 400
    assert client.get("/api/v1/progress", params={"as_of": "last year"}).status_code == 422


def test_county_page_points_to_instruments_that_exist(client):
    doc = html(client.get("/progress/46"))
    assert doc.find("h1").text().startswith("Vestland")
    links = [a["href"] for a in doc.find_all("a") if a["href"].startswith("/instrumenter/")]
    assert links, "a lagging county lists instruments"
    assert client.get(links[0]).status_code == 200
    hrefs = {a["href"] for a in doc.find_all("a")}
    assert "/gaps?county=46" in hrefs and "/instrumenter?county=46&mission=I" in hrefs
    assert client.get("/progress/99").status_code == 404


def test_csv_and_json_carry_the_same_figures(client):
    r = client.get("/progress.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = {row["county_code"]: row for row in csv.DictReader(io.StringIO(r.text.lstrip("\ufeff")))}
    assert len(rows) == 16  # 15 counties and the whole country
    assert rows["03"]["symbioses_in_operation"] == "" and rows["03"]["status"] == "no_data"
    assert rows["46"]["symbioses_in_operation"] == "0" and rows["46"]["status"] == "off_track"
    data = client.get("/api/v1/progress").json()
    counties = {c["code"]: c for c in data["counties"]}
    assert counties["03"]["symbioses"]["in_operation"] is None and not counties["03"]["has_data"]
    assert counties["46"]["symbioses"]["in_operation"] == 0 and counties["46"]["areas"]["registered"] == 1
    assert data["targets"] == {"symbioses_per_county": 2.0, "green_areas_total": 100.0, "year": 2030}
    assert data["national"]["green_areas"]["net_zero"] == 0
    assert data["national"]["symbioses"]["by_status"] == {
        "planned": 1,
        "in_development": 2,
        "in_operation": 0,
        "ended": 0,
    }


@pytest.fixture
def cli_seeded(seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    return seeded_sqlite_url


def test_cli_prints_the_same_figures(cli_seeded, client, capsys):
    assert main(["progress", "--json", "--as-of", "2026-01-01"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    assert from_cli == client.get("/api/v1/progress", params={"as_of": "2026-01-01"}).json()
    assert main(["progress", "--csv", "--as-of", "2026-01-01"]) == 0
    assert capsys.readouterr().out == client.get("/progress.csv", params={"as_of": "2026-01-01"}).text.lstrip(
        "\ufeff"
    )
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Oslo" in out and "no data" in out and "Counties with data: 3 of 15" in out
