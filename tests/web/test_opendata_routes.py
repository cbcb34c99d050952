"""Open data over HTTP and the CLI: stable URLs, content negotiation on the instrument page, licence and date
on every file, a DCAT-AP-NO description whose links work, and a STIP Compass CSV a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from catalogue.instruments.snapshot import AgencySnap, CatalogueSnapshot, InstrumentSnap
from web.cli import main
from web.opendata.negotiation import preferred_rdf
from web.opendata.site import Site
from web.opendata.stip import stip_csv
from web.opendata.vocab import CPSV, LICENCE

SLUG = "joint-gronn-plattform"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
LICENCE_LINK = '<https://data.norge.no/nlod/no/2.0>; rel="license"'


def service_iri(slug: str) -> URIRef:
    return URIRef(f"http://127.0.0.1:8000/instrumenter/{slug}")  # VK_BASE_URL unset: the default base


@pytest.mark.parametrize(
    ("path", "media", "fmt"),
    [
        ("/data/catalogue.ttl", "text/turtle", "turtle"),
        ("/data/catalogue.jsonld", "application/ld+json", "json-ld"),
        (f"/data/instrumenter/{SLUG}.ttl", "text/turtle", "turtle"),
        (f"/data/instrumenter/{SLUG}.jsonld", "application/ld+json", "json-ld"),
        ("/data/catalog.ttl", "text/turtle", "turtle"),
    ],
)
def test_data_files_parse_and_state_licence_and_date(client, path: str, media: str, fmt: str) -> None:  # noqa: ANN001
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.headers["link"] == LICENCE_LINK
    g = Graph().parse(data=r.content, format=fmt)
    catalogue = next(g.subjects(RDF.type, DCAT.Catalog))
    assert g.value(catalogue, DCTERMS.license) == LICENCE
    stated = g.value(catalogue, DCTERMS.modified).toPython()
    assert parsedate_to_datetime(r.headers["last-modified"]) == stated.replace(microsecond=0)


def test_one_instrument_file_holds_that_instrument_only(client) -> None:  # noqa: ANN001
    g = Graph().parse(data=client.get(f"/data/instrumenter/{SLUG}.ttl").content, format="turtle")
    assert set(g.subjects(RDF.type, CPSV.PublicService)) == {service_iri(SLUG)}
    assert client.get("/data/instrumenter/no-such-thing.ttl").status_code == 404


def test_instrument_page_answers_turtle_and_json_ld_by_accept_header(client) -> None:  # noqa: ANN001
    page = f"/instrumenter/{SLUG}"
    turtle = client.get(page, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert (service_iri(SLUG), RDF.type, CPSV.PublicService) in Graph().parse(
        data=turtle.content, format="turtle"
    )
    jsonld = client.get(page, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert json.loads(jsonld.content)["@context"]["cpsv"] == str(CPSV)
    html = client.get(page, headers={"Accept": BROWSER_ACCEPT})
    assert html.headers["content-type"].startswith("text/html") and "Grøn plattform" in html.text
    for r in (turtle, jsonld, html, client.get(page)):
        assert "Accept" in [v.strip() for v in r.headers["vary"].split(",")]
    assert f'href="/data/instrumenter/{SLUG}.ttl"' in html.text
    missing = client.get("/instrumenter/no-such-thing", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, None),
        ("*/*", None),
        (BROWSER_ACCEPT, None),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("text/html;q=0.5, text/turtle", "ttl"),
        ("text/turtle;q=0.4, application/ld+json;q=0.9, text/html;q=0.1", "jsonld"),
        ("text/turtle, text/html", None),  # a tie goes to the page
        ("text/turtle;q=0", None),
        ("application/json", None),
        ("text/*;q=0.9, text/html;q=0.1", "ttl"),
        ("text/turtle;q=zzz, */*;q=0.2", None),
    ],
)
def test_preferred_rdf(accept: str | None, expected: str | None) -> None:
    assert preferred_rdf(accept) == expected


def test_dcat_catalog_describes_datasets_whose_files_are_served(client) -> None:  # noqa: ANN001
    g = Graph().parse(data=client.get("/data/catalog.ttl").content, format="turtle")
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 3
    for dataset in datasets:
        assert {lit.language for lit in g.objects(dataset, DCTERMS.title)} == {"nb", "nn", "en"}
        assert g.value(dataset, DCTERMS.publisher) is not None
        for dist in g.objects(dataset, DCAT.distribution):
            assert g.value(dist, DCTERMS.license) == LICENCE and g.value(dist, DCTERMS.format) is not None
            path = str(g.value(dist, DCAT.accessURL)).removeprefix("http://127.0.0.1:8000")
            assert client.get(path).status_code == 200, path


def test_stip_csv_maps_every_instrument_with_licence_and_date(
    client, seed_snapshot: CatalogueSnapshot
) -> None:  # noqa: ANN001
    r = client.get("/data/stip-compass.csv")
    assert r.headers["content-type"].startswith("text/csv") and r.headers["link"] == LICENCE_LINK
    assert r.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert len(rows) == len(seed_snapshot.instruments)
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["stip_code"] == "PI008" and row["stip_type_en"] == "Grants for business R&D and innovation"
    assert "research_org" in row["target_groups"].split("; ")
    assert "Research organisation" in row["target_groups_en"]
    assert all(r["licence"].startswith("NLOD 2.0") and r["data_date"] for r in rows)


def test_stip_csv_cells_never_run_as_formulas() -> None:
    hostile = ('=HYPERLINK("http://x")', "+47 1", "-5", "@SUM(A1)", "\tx", "\rx")
    instruments = tuple(
        InstrumentSnap(id=n, slug=f"s{n}", agency="IN", name_nb=name, name_en="plain")
        for n, name in enumerate(hostile)
    )
    snapshot = CatalogueSnapshot(
        instruments=instruments, agencies=(AgencySnap("IN", "a", "a", "a", "state_agency"),)
    )
    rows = list(
        csv.DictReader(io.StringIO(stip_csv(snapshot, Site(base="https://x"), None).lstrip("\ufeff")))
    )
    assert [r["name_nb"] for r in rows] == ["'" + name for name in hostile]
    assert {r["name_en"] for r in rows} == {"plain"}


def test_cli_export_rdf(
    seeded_sqlite_url: str, seed_snapshot: CatalogueSnapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    ttl, jsonld = tmp_path / "catalogue.ttl", tmp_path / "catalogue.jsonld"
    assert main(["export-rdf", "-o", str(ttl), "--base-url", "https://verkemiddelkart.example/"]) == 0
    g = Graph().parse(ttl, format="turtle")
    assert len(set(g.subjects(RDF.type, CPSV.PublicService))) == len(seed_snapshot.instruments)
    assert URIRef(f"https://verkemiddelkart.example/instrumenter/{SLUG}") in set(g.subjects())
    assert main(["export-rdf", "-o", str(jsonld), "--instrument", SLUG]) == 0
    one = Graph().parse(jsonld, format="json-ld")
    assert set(one.subjects(RDF.type, CPSV.PublicService)) == {service_iri(SLUG)}
    assert main(["export-rdf", "-o", str(ttl), "--instrument", "no-such-thing"]) == 2


def test_uris_follow_the_configured_base_url(client, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VK_BASE_URL", "https://verkemiddelkart.example/")
    g = Graph().parse(data=client.get(f"/data/instrumenter/{SLUG}.ttl").content, format="turtle")
    assert set(g.subjects(RDF.type, CPSV.PublicService)) == {
        URIRef(f"https://verkemiddelkart.example/instrumenter/{SLUG}")
    }
