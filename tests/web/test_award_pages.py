"""Funded-project pages on Forskningsrådet's real extracts: organisation, instrument, symbiosis, the list with
its facets and downloads, the feed and the API (tests/web/award_helpers.py builds the database)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from award_helpers import FORMULA_TITLE, SINTEF, award_app, award_database, postgres_database
from fastapi.testclient import TestClient
from htmlparse import html

from web.app import create_app
from web.awards import api_schemas as s

ATOM = "{http://www.w3.org/2005/Atom}"
TOTAL = 1957 + 171 + 1  # EU projects, Søknader applications, the formula grant


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(award_app(tmp_path_factory.mktemp("award-pages"))) as c:
        yield c


def facet(doc: object, name: str) -> dict[str, int]:
    """value -> count of one facet of the list, as the checkboxes show it."""
    out = {}
    for box in doc.find_all("input", type="checkbox", name=name):  # type: ignore[attr-defined]
        label = doc.find("label", for_=box["id"])  # type: ignore[attr-defined]
        out[box["value"]] = int(label.find("span", cls="count").text().strip("()"))
    return out


def result_count(doc: object) -> int:
    text = doc.find("p", cls="result-count").text()  # type: ignore[attr-defined]
    return int("".join(ch for ch in text.split()[0] if ch.isdigit()))


# ---- organisation ----------------------------------------------------------------------------------


def test_sintef_page_shows_its_eu_participations_roles_consortia_and_other_funders(
    client: TestClient,
) -> None:
    r = client.get(f"/organisasjonar/{SINTEF}", params={"lang": "en"})
    assert r.status_code == 200
    doc = html(r)
    assert doc.find("h1").text() == "SINTEF AS"
    assert doc.by_id("org-projects").text() == "227"  # 226 EU participations + the support-register grant
    roles = doc.by_id("org-roles").text()
    assert "Coordinator: 55" in roles and "Participant: 171" in roles and "Responsible: 1" in roles
    funders = doc.by_id("org-by-funder").text()
    assert "European Union (framework programmes)" in funders and "226" in funders
    assert "Innovation Norway" in funders
    own = doc.by_id("org-own").text()  # its own EU amounts, and the whole grant it is responsible for
    assert "EUR" in own and "NOK 250,000" in own
    link = doc.by_id("org-consortia").find("a")
    assert link["href"] == "/symbiosar/sirkular-solor-hub"
    assert len(doc.by_id("org-lines").find_all("li", cls="result")) == 50  # first page of 227
    second = html(client.get(f"/organisasjonar/{SINTEF}", params={"page": 5}))
    assert len(second.by_id("org-lines").find_all("li", cls="result")) == 27


def test_an_organisation_published_without_a_number_has_a_page_by_its_key(client: TestClient) -> None:
    r = client.get("/organisasjonar/fr-soknader:HIOA", params={"lang": "en"})
    assert r.status_code == 200
    assert "published this organisation without a number" in html(r).find("dl", cls="details").text()


def test_an_unknown_organisation_is_not_found(client: TestClient) -> None:
    assert client.get("/organisasjonar/999999999").status_code == 404
    assert client.get("/api/v1/organisations/999999999/funding").status_code == 404


# ---- instrument ------------------------------------------------------------------------------------


def test_energix_page_shows_its_funded_projects_and_success_rate(client: TestClient) -> None:
    doc = html(client.get("/instrumenter/fr-energix", params={"lang": "en"}))
    section = doc.by_id("funded-projects")
    assert doc.by_id("success-rate").text() == "43 %"  # 10 funded of 23 decided (13 rejected)
    by_year = doc.by_id("funding-by-year").text()
    assert "2012" in by_year and "23" in by_year and "13" in by_year
    assert "Oslo" in doc.by_id("funding-by-county").text()
    assert "Søknader" in section.text()  # the source the figures rest on
    assert "responsible organisation only" in section.text()
    assert len(section.find_all("li", cls="result")) == 10
    assert section.find("a", href="/tildelingar?instrument=fr-energix") is not None


def test_an_instrument_no_source_covers_says_so(client: TestClient) -> None:
    doc = html(client.get("/instrumenter/in-miljoteknologi", params={"lang": "en"}))
    assert "No imported source covers this instrument" in doc.by_id("no-funding-source").text()
    assert doc.find("table", id="funding-by-year") is None


# ---- symbiosis -------------------------------------------------------------------------------------


def test_a_registered_symbiosis_shows_its_members_funding(client: TestClient) -> None:
    doc = html(client.get("/symbiosar/sirkular-solor-hub", params={"lang": "en"}))
    row = doc.by_id("member-funding").find("a", href=f"/organisasjonar/{SINTEF}").parent.parent  # type: ignore[union-attr]
    cells = [td.text() for td in row.find_all("td")]
    assert cells[0] == "227" and "European Union" in cells[4]
    assert client.get("/symbiosar/no-such-symbiosis").status_code == 404
    assert client.get("/symbiosar/ANY").status_code == 404  # not a slug at all


def test_the_register_of_symbioses_links_to_their_members_funding(client: TestClient) -> None:
    doc = html(client.get("/progress"))
    assert doc.find("a", href="/symbiosar/sirkular-solor-hub") is not None


# ---- the list --------------------------------------------------------------------------------------


def test_list_counts_and_facets_filter_together(client: TestClient) -> None:
    doc = html(client.get("/tildelingar"))
    assert result_count(doc) == TOTAL
    assert facet(doc, "funder") == {"EU": 1957, "FR": 171, "IN": 1}
    chosen = html(client.get("/tildelingar", params={"funder": "FR", "outcome": "rejected"}))
    rejected_fr = facet(html(client.get("/tildelingar", params={"funder": "FR"})), "outcome")["rejected"]
    assert rejected_fr >= 13 and result_count(chosen) == rejected_fr
    assert facet(chosen, "funder") == {"FR": rejected_fr}  # the EU file lists grants only
    energix = html(client.get("/tildelingar", params={"instrument": "fr-energix"}))
    assert result_count(energix) == 23
    assert facet(energix, "sector")["business"] == 22
    assert facet(energix, "outcome") == {"rejected": 13, "finished": 10}
    both = html(client.get("/tildelingar", params={"instrument": "fr-energix", "sector": "business"}))
    assert result_count(both) == 22


def test_a_ticked_facet_keeps_its_other_values_with_counts(client: TestClient) -> None:
    doc = html(client.get("/tildelingar", params={"funder": "FR"}))
    assert facet(doc, "funder") == {"EU": 1957, "FR": 171, "IN": 1}
    assert result_count(doc) == 171


def test_list_pages_and_htmx_fragment(client: TestClient) -> None:
    first = html(client.get("/tildelingar"))
    assert len(first.find_all("li", cls="result")) == 25
    nxt = first.find("a", rel="next")["href"]
    assert "page=2" in nxt
    fragment = client.get(nxt, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="results-heading"' in fragment.text


def test_bad_filter_values_are_named_and_ignored(client: TestClient) -> None:
    doc = html(client.get("/tildelingar", params={"year": "20x1", "outcome": "lost"}))
    assert "year" in doc.find("div", cls="alert").text() and "outcome" in doc.find("div", cls="alert").text()
    assert result_count(doc) == TOTAL


def test_csv_download_is_spreadsheet_safe(client: TestClient) -> None:
    r = client.get("/tildelingar.csv", params={"funder": "IN"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert len(rows) == 1 and rows[0]["title"] == "'" + FORMULA_TITLE
    assert rows[0]["lead_orgnrs"] == SINTEF


def test_json_download_holds_the_filtered_list(client: TestClient) -> None:
    body = client.get("/tildelingar.json", params={"instrument": "fr-energix"}).json()
    assert body["total"] == 23 and len(body["items"]) == 23
    assert {i["programme_code"] for i in body["items"]} == {"ENERGIX"}


def test_atom_feed_parses_and_lists_the_search(client: TestClient) -> None:
    r = client.get("/tildelingar.atom", params={"instrument": "fr-energix"})
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 23
    assert all(e.find(f"{ATOM}link").get("href").split("/tildelingar/")[1] for e in entries)


def test_a_project_page_lists_its_organisations(client: TestClient) -> None:
    doc = html(client.get("/tildelingar/fr-eu/636146", params={"lang": "en"}))
    names = [a.text() for a in doc.by_id("participants").find_all("a")]
    assert names.count("KONGSBERG MARITIME AS") == 2 or len(names) >= 2
    assert client.get("/tildelingar/fr-eu/no-such-project").status_code == 404


def test_navigation_links_to_the_list(client: TestClient) -> None:
    nav = html(client.get("/")).find("nav", cls="main-nav")
    assert nav.find("a", href="/tildelingar") is not None


# ---- API -------------------------------------------------------------------------------------------


def test_api_lists_filters_and_validates(client: TestClient) -> None:
    body = client.get("/api/v1/awards", params={"instrument": "fr-energix", "outcome": "rejected"}).json()
    s.AwardList.model_validate(body)
    assert body["total"] == 13 and all(i["outcome"] == "rejected" for i in body["items"])
    assert client.get("/api/v1/awards", params={"outcome": "lost"}).status_code == 422
    assert client.get("/api/v1/awards", params={"year": "twenty"}).status_code == 422
    assert client.get("/api/v1/awards", params={"per_page": 5000}).status_code == 422
    assert client.get("/api/v1/awards", params={"q": "a\x00b"}).status_code == 422


def test_a_control_character_in_a_path_finds_nothing_without_a_query(client: TestClient) -> None:
    for path in (
        "/organisasjonar/9193%00",
        "/api/v1/organisations/9193%00/funding",
        "/tildelingar/fr-eu/6%00",
    ):
        assert client.get(path).status_code == 404, path


def test_api_one_project_organisation_and_instrument(client: TestClient) -> None:
    project = client.get("/api/v1/awards/fr-eu/636146").json()
    s.AwardDetail.model_validate(project)
    assert project["funder"] == "EU" and len(project["participants"]) >= 2
    org = client.get(f"/api/v1/organisations/{SINTEF}/funding").json()
    s.OrganisationFunding.model_validate(org)
    assert org["roles"]["coordinator"] == 55 and org["roles"]["participant"] == 171
    assert org["consortia"] == [
        {"slug": "sirkular-solor-hub", "name": org["consortia"][0]["name"], "role": None,
         "registered_symbiosis": True}
    ]  # fmt: skip
    energix = client.get("/api/v1/instruments/fr-energix/funding").json()
    s.InstrumentFunding.model_validate(energix)
    assert energix["covered"] and energix["total"]["funded"] == 10 and energix["total"]["rejected"] == 13
    assert client.get("/api/v1/instruments/no-such-instrument/funding").status_code == 404
    assert client.get("/api/v1/awards/fr-eu/0").status_code == 404


def test_the_endpoints_are_in_the_openapi(client: TestClient) -> None:
    paths = json.loads(client.get("/api/v1/openapi.json").text)["paths"]
    for path in (
        "/api/v1/awards",
        "/api/v1/awards/{source}/{ref}",
        "/api/v1/organisations/{key}/funding",
        "/api/v1/instruments/{slug}/funding",
    ):
        assert "200" in paths[path]["get"]["responses"], path


def test_the_same_figures_on_postgresql(tmp_path: object) -> None:
    """The pages' SQL (facet grouping, NULLS LAST, count distinct, ANALYZE) on PostgreSQL."""
    url, drop = postgres_database()
    try:
        with TestClient(create_app(award_database(tmp_path, url))) as pg:  # type: ignore[arg-type]
            org = pg.get(f"/api/v1/organisations/{SINTEF}/funding").json()
            assert (org["roles"]["coordinator"], org["roles"]["participant"]) == (55, 171)
            energix = pg.get("/api/v1/instruments/fr-energix/funding").json()["total"]
            assert (energix["funded"], energix["rejected"]) == (10, 13)
            doc = html(pg.get("/tildelingar", params={"instrument": "fr-energix"}))
            assert result_count(doc) == 23 and facet(doc, "sector")["business"] == 22
            assert facet(html(pg.get("/tildelingar")), "funder") == {"EU": 1957, "FR": 171, "IN": 1}
            assert pg.get(f"/organisasjonar/{SINTEF}").status_code == 200
    finally:
        drop()
