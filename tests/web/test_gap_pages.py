"""Gap pages (/gap, /gap/{code}): filters in the URL narrow the findings, counts agree, downloads and the
API give the same list, and the detail page shows the evidence with working links."""

from __future__ import annotations

import csv
import io
import json

from htmlparse import html, parse

from web.gaps import view as gap_view


def codes(doc) -> list[str]:  # noqa: ANN001
    return [li.find("a")["href"].removeprefix("/gap/") for li in doc.find_all("li", cls="finding")]


def count(doc) -> int:  # noqa: ANN001
    return int(doc.find("p", cls="result-count").text().split()[0])


def facet_count(doc, facet: str, value: str) -> int:  # noqa: ANN001
    label = doc.find("label", for_=f"g-{facet}-{value}")
    assert label is not None, (facet, value)
    return int(label.find("span", cls="count").text().strip("()"))


def test_list_is_a_get_form_with_every_finding_most_severe_first(client):
    doc = html(client.get("/gap"))
    form = doc.by_id("gap-form")
    assert form["method"] == "get" and form["hx-get"] == "/gap" and form["hx-push-url"] == "true"
    data = client.get("/gap.json").json()
    assert count(doc) == data["total"] > 10
    assert codes(doc) == [item["code"] for item in data["items"]][: gap_view.PER_PAGE]
    severities = [item["severity"] for item in data["items"]]
    assert severities == sorted(severities, reverse=True)
    for box in doc.find("div", id="filters").find_all("input"):
        assert doc.find("label", for_=box["id"]) is not None


def test_each_filter_narrows_to_what_its_count_promised(client):
    whole = html(client.get("/gap"))
    for facet, value in (("kind", "consortium-miss"), ("severity", "medium"), ("department", "KLD")):
        promised = facet_count(whole, facet, value)
        doc = html(client.get("/gap", params={facet: value}))
        assert count(doc) == promised < count(whole), (facet, value)
        assert "checked" in doc.find("input", id=f"g-{facet}-{value}").attrs
    items = client.get("/gap.json", params={"kind": "consortium-miss"}).json()["items"]
    assert items and {i["kind"] for i in items} == {"consortium-miss"}
    items = client.get("/gap.json", params={"department": "KLD"}).json()["items"]
    assert items and all("KLD" in i["departments"] for i in items)


def test_filters_combine_as_and_across_and_or_within(client):
    one = client.get("/gap.json", params={"severity": "high"}).json()["total"]
    two = client.get("/gap.json", params=[("severity", "high"), ("severity", "medium")]).json()["total"]
    assert two > one
    both = client.get("/gap.json", params={"severity": "medium", "department": "NFD"}).json()
    assert all(i["severity_label"] == "medium" and "NFD" in i["departments"] for i in both["items"])
    doc = html(client.get("/gap", params={"severity": "medium", "department": "NFD"}))
    assert count(doc) == both["total"]
    chips = [a["href"] for a in doc.find("ul", cls="chips").find_all("a")]
    assert "/gap?department=NFD" in chips and "/gap?severity=medium" in chips


def test_unknown_filter_values_are_named_and_ignored(client):
    doc = html(client.get("/gap", params={"kind": "nonsense", "severity": "high"}))
    assert "kind=nonsense" in doc.find("div", cls="alert").text()
    assert count(doc) == client.get("/gap.json", params={"severity": "high"}).json()["total"]


def test_htmx_request_gets_the_results_fragment(client):
    r = client.get("/gap", params={"severity": "high"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text and "HX-Request" in r.headers["vary"]
    doc = parse(r.text)
    assert doc.find("ol", cls="finding-list") is not None
    assert doc.by_id("filters")["hx-swap-oob"] == "true" and doc.by_id("gap-status") is not None
    assert doc.by_id("lang-switch") is not None


def test_csv_and_json_downloads_hold_the_filtered_list(client):
    params = {"kind": "consortium-miss", "department": "NFD"}
    page = codes(html(client.get("/gap", params=params)))
    r = client.get("/gap.csv", params=params)
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [row["code"] for row in rows] == page
    assert {"title", "severity", "departments", "recommendation", "instruments"} <= set(rows[0])
    api = client.get("/api/v1/gaps", params=params).json()
    assert [i["code"] for i in api["items"]] == page
    assert api["all_total"] > api["total"] and "kind" in api["facets"]
    assert "/api/v1/gaps" in client.get("/api/v1/openapi.json").json()["paths"]


def test_detail_page_shows_evidence_departments_and_recommendation(client):
    data = client.get("/gap.json", params={"kind": "barrier-weak"}).json()["items"]
    finding = data[0]
    doc = html(client.get(finding["url"]))
    assert doc.find("h1").text() == finding["title"]
    assert doc.find("p", cls="recommendation").text() == " ".join(finding["recommendation"].split())
    responsible = doc.find("section", **{"aria-labelledby": "h-resp"}).text()
    for code in finding["departments"]:
        assert f"({code})" in responsible
    evidence = doc.find("section", cls="evidence")
    links = [a["href"] for a in evidence.find_all("a")]
    for slug in finding["instruments"]:
        assert f"/instrumenter/{slug}" in links
    for code in finding["barriers"]:
        assert f"/dekning/{code}" in links
    for href in links[:5]:
        assert client.get(href).status_code == 200, href


def test_unfunded_needs_of_consortia_are_linked(client):
    items = client.get("/gap.json").json()["items"]
    with_consortia = [i for i in items if i["consortia"]]
    assert with_consortia, "the seeded consortia leave some need unfunded"
    doc = html(client.get(with_consortia[0]["url"]))
    hrefs = [a["href"] for a in doc.find("section", cls="evidence").find_all("a")]
    assert f"/finansieringsveg/{with_consortia[0]['consortia'][0]}" in hrefs


def test_long_lists_are_paged_and_downloads_hold_every_row(client, monkeypatch):
    monkeypatch.setattr(gap_view, "PER_PAGE", 10)
    every = [i["code"] for i in client.get("/gap.json").json()["items"]]
    first = html(client.get("/gap"))
    assert codes(first) == every[:10] and count(first) == len(every)
    next_link = first.find("a", rel="next")
    assert next_link["href"] == "/gap?page=2"
    assert codes(html(client.get(next_link["href"]))) == every[10:20]
    filtered = html(client.get("/gap", params={"severity": "medium", "page": "2"}))
    chip = filtered.find("ul", cls="chips").find("a")["href"]
    assert "page" not in chip  # removing a filter starts again at page 1
    assert len(client.get("/gap.json", params={"page": "2"}).json()["items"]) == len(every)


def test_unknown_gap_is_404(client):
    assert client.get("/gap/no-such:thing").status_code == 404


def test_the_cli_lists_the_same_gaps_as_the_page(client, seeded_sqlite_url, monkeypatch, capsys):
    from web.cli import main

    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    assert main(["gaps", "--json"]) == 0
    cli = [(f["code"], round(f["severity"], 6)) for f in json.loads(capsys.readouterr().out)["findings"]]
    web = [(i["code"], round(i["severity"], 6)) for i in client.get("/gap.json").json()["items"]]
    assert cli == web
