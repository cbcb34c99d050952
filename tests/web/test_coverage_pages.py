"""Coverage heatmaps (/dekning): accessible tables whose every count matches its drill-down page and the
JSON API."""

from __future__ import annotations

from htmlparse import html

from catalogue import vocabulary as v


def heatmap(doc, by: str):  # noqa: ANN001, ANN201
    table = doc.by_id(f"heatmap-{by}")
    assert table is not None, by
    return table


def cells(table) -> list:  # noqa: ANN001
    """The heat cells (not the row totals)."""
    return [td for tr in table.find("tbody").find_all("tr") for td in cells_of(tr)]


def cells_of(tr) -> list:  # noqa: ANN001
    return [td for td in tr.find_all("td") if "data-count" in td.attrs]


def drilled_count(client, href: str) -> int:  # noqa: ANN001
    doc = html(client.get(href))
    listed = doc.find("ol", cls="result-list")
    return len(listed.find_all("li", cls="result")) if listed else 0


def test_heatmaps_are_accessible_tables(client, app):
    doc = html(client.get("/dekning"))
    assert doc.find("h1").text() == "Dekning av barrierane"
    barriers = [b.code for b in app.state.catalogue.snapshot.barriers]
    for by in ("agency", "type"):
        table = heatmap(doc, by)
        assert table.find("caption").text()
        heads = table.find("thead").find_all("th")
        assert heads and all(th["scope"] == "col" for th in heads)
        rows = table.find("tbody").find_all("tr")
        assert [r.find("th")["scope"] for r in rows] == ["row"] * len(barriers)
        assert [r.find("th").find("span", cls="barrier-code").text() for r in rows] == barriers
        for td in cells(table):  # never colour alone: the count is text in every cell
            assert td.text().split()[0] == td["data-count"]
            assert any(c.startswith("heat-") for c in td.classes())
    types = [th.text() for th in heatmap(doc, "type").find("thead").find_all("th")[1:4]]
    assert types == ["Finansiell", "Samarbeid", "Kompetanse"]
    assert doc.find("svg", role="img") is not None  # the colour key, with a text alternative
    assert "/static/analysis.css" in [link["href"] for link in doc.find_all("link")]


def test_every_cell_count_equals_its_drill_down(client):
    doc = html(client.get("/dekning"))
    checked = 0
    for by in ("agency", "type"):
        for td in cells(heatmap(doc, by)):
            link = td.find("a")
            count = int(td["data-count"])
            if count == 0:
                assert link is None  # a gap: nothing to drill into
                continue
            assert drilled_count(client, link["href"]) == count, link["href"]
            checked += 1
    assert checked > 10


def test_row_total_counts_distinct_instruments(client):
    doc = html(client.get("/dekning"))
    for tr in heatmap(doc, "type").find("tbody").find_all("tr"):
        total = tr.find("td", cls="total")
        link = total.find("a")
        n = int(total.text().split()[0])
        assert drilled_count(client, link["href"]) == n
        assert n <= sum(int(td["data-count"]) for td in cells_of(tr))


def test_barriers_instruments_cannot_answer_are_marked(client, app):
    doc = html(client.get("/dekning"))
    unanswerable = [b.code for b in app.state.catalogue.snapshot.barriers if not b.answerable_by_instruments]
    assert unanswerable
    for code in unanswerable:
        row = doc.by_id(f"row-agency-{code}")
        assert "unanswerable" in row.classes()
        assert all("heat-na" in td.classes() for td in cells_of(row))
    page = html(client.get(f"/dekning/{unanswerable[0]}/IN"))
    assert page.find("p", cls="alert") is not None


def test_drill_down_page_lists_linked_instruments_and_back_links(client):
    doc = html(client.get("/dekning/B1/IN"))
    assert doc.find("h1").text().startswith("B1")
    items = doc.find("ol", cls="result-list").find_all("li", cls="result")
    for li in items:
        assert li.find("a")["href"].startswith("/instrumenter/")
        assert "Innovasjon Norge" in li.find("p", cls="result-meta").text()
    hrefs = [a["href"] for a in doc.find_all("a")]
    assert "/dekning" in hrefs and "/instrumenter?agency=IN" in hrefs
    assert client.get("/dekning/B1/financial").status_code == 200


def test_unknown_barrier_or_column_is_404(client):
    assert client.get("/dekning/B99").status_code == 404
    assert client.get("/dekning/B1/NOPE").status_code == 404


def test_api_coverage_matches_the_page(client):
    data = client.get("/api/v1/coverage").json()
    doc = html(client.get("/dekning"))
    for matrix in data["matrices"]:
        table = heatmap(doc, matrix["by"])
        page_counts = [int(td["data-count"]) for td in cells(table)]
        api_counts = [c["count"] for row in matrix["rows"] for c in row["cells"]]
        assert page_counts == api_counts
        for row in matrix["rows"]:
            for c in row["cells"]:
                assert len(c["instruments"]) == c["count"]
    assert [c["code"] for c in data["matrices"][1]["columns"]] == list(v.TYPES)
    assert "/api/v1/coverage" in client.get("/api/v1/openapi.json").json()["paths"]
