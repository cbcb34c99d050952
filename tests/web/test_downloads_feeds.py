"""CSV/JSON downloads and the Atom feed of a search: same filters, same instruments as the page."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from htmlparse import html

ATOM = "{http://www.w3.org/2005/Atom}"
QUERY = {"q": "hydrogen", "type": "financial"}


def page_slugs(client, params) -> list[str]:  # noqa: ANN001
    doc = html(client.get("/instrumenter", params={**params, "per_page": 500}))
    return [li.find("a")["href"].rsplit("/", 1)[1] for li in doc.find_all("li", cls="result")]


def test_page_links_to_downloads_of_the_same_search(client):
    doc = html(client.get("/instrumenter", params=QUERY))
    links = {a.text(): a["href"] for a in doc.find("div", cls="downloads").find_all("a")}
    assert links["Last ned CSV"] == "/instrumenter.csv?q=hydrogen&type=financial"
    assert links["Last ned JSON"] == "/instrumenter.json?q=hydrogen&type=financial"
    assert links["Følg dette søket (Atom-straum)"] == "/instrumenter.atom?q=hydrogen&type=financial"
    feed_link = doc.find("link", rel="alternate", type="application/atom+xml")
    assert feed_link["href"].startswith("/instrumenter.atom?")


def test_csv_has_every_match_not_one_page(client, app):
    r = client.get("/instrumenter.csv", params=QUERY)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [row["slug"] for row in rows] == page_slugs(client, QUERY)
    everything = list(csv.DictReader(io.StringIO(client.get("/instrumenter.csv").text.lstrip("\ufeff"))))
    assert len(everything) == len(app.state.catalogue.snapshot.instruments)
    assert {
        "name",
        "agency",
        "applicants",
        "consortium_eligibility",
        "next_deadline",
        "source_url",
        "verified_on",
    } <= set(everything[0])


def test_json_download_matches_the_page(client):
    body = client.get("/instrumenter.json", params=QUERY).json()
    assert body["total"] == len(body["items"]) == len(page_slugs(client, QUERY))
    assert [i["slug"] for i in body["items"]] == page_slugs(client, QUERY)


def test_atom_feed_lists_matches_newest_change_first(client):
    r = client.get("/instrumenter.atom", params=QUERY)
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    slugs = [e.find(f"{ATOM}id").text.rsplit(":", 1)[1] for e in entries]
    assert sorted(slugs) == sorted(page_slugs(client, QUERY))
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href").endswith("/instrumenter.atom?q=hydrogen&type=financial")
