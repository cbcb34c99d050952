"""The catalogue as CPSV-AP-NO: the official SHACL shapes report nothing, the files parse, and the facts a
harvester shows (authority, languages, eligibility, places, licence, date) are where the profile puts them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

from catalogue.instruments.snapshot import AgencySnap, CatalogueSnapshot, InstrumentSnap
from web.opendata.rdf import catalogue_graph, instrument_graph
from web.opendata.serialise import serialise
from web.opendata.site import Site, data_date
from web.opendata.vocab import CPSV, CV, LICENCE, NORWAY, ORG_CATALOG

SHAPES = Path(__file__).resolve().parent.parent / "fixtures" / "cpsv-ap-no" / "CPSV-AP-NO_shacl_shapes_v1.ttl"
SITE = Site(base="https://vk.example", stip_labels={"PI008": "Grants for business R&D and innovation"})
BASE = SITE.base


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def as_of(seed_snapshot: CatalogueSnapshot) -> dt.datetime | None:
    return data_date(seed_snapshot.instruments)


@pytest.fixture(scope="module")
def turtle(seed_snapshot: CatalogueSnapshot, as_of: dt.datetime | None) -> bytes:
    return serialise(catalogue_graph(seed_snapshot, SITE, as_of), "ttl", title="test", as_of=as_of)


@pytest.fixture(scope="module")
def graph(turtle: bytes) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every result the validator reports (warnings included)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    return [
        (
            str(report.value(r, SH.resultSeverity)),
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]


def test_whole_seeded_catalogue_has_zero_shacl_results(
    seed_snapshot: CatalogueSnapshot, graph: Graph, shapes: Graph
) -> None:
    assert len(set(graph.subjects(RDF.type, CPSV.PublicService))) == len(seed_snapshot.instruments)
    assert results(graph, shapes) == []


def test_validator_reports_a_service_without_description_or_authority(
    seed_snapshot: CatalogueSnapshot, shapes: Graph
) -> None:
    """Guards the test above: the official shapes do target our services."""
    broken = instrument_graph(seed_snapshot, "in-miljoteknologi", SITE, None)
    assert broken is not None and results(broken, shapes) == []
    service = URIRef(f"{BASE}/instrumenter/in-miljoteknologi")
    broken.remove((service, DCTERMS.description, None))
    broken.remove((service, CV.hasCompetentAuthority, None))
    found = results(broken, shapes)
    assert {(sev.rsplit("#", 1)[1], focus) for sev, focus, _ in found} == {("Violation", str(service))}
    assert len(found) == 2


def test_instrument_with_many_nulls_conforms_and_invents_nothing(shapes: Graph) -> None:
    bare = InstrumentSnap(id=1, slug="bare", agency="NGO", name_nb="Ordning uten fakta")
    snapshot = CatalogueSnapshot(
        instruments=(bare,),
        agencies=(AgencySnap("NGO", "Forening", "Foreining", "Association", "other"),),
    )
    g = instrument_graph(snapshot, "bare", SITE, None)
    assert g is not None
    assert results(g, shapes) == []
    service = URIRef(f"{BASE}/instrumenter/bare")
    for absent in (CV.hasChannel, DCTERMS.spatial, CV.holdsRequirement, DCTERMS.audience):
        assert g.value(service, absent) is None, absent
    descriptions = {lit.language: str(lit) for lit in g.objects(service, DCTERMS.description)}
    assert descriptions["nn"] == "Det er ikkje registrert noka skildring av dette verkemiddelet enno."
    authority = g.value(service, CV.hasCompetentAuthority)  # the only agency, though not public
    assert authority == URIRef(f"{BASE}/data/aktorar/NGO")
    assert g.value(None, DCTERMS.modified) is None  # no date known: none stated


def test_turtle_and_jsonld_hold_the_same_graph(
    seed_snapshot: CatalogueSnapshot, graph: Graph, as_of: dt.datetime | None
) -> None:
    jsonld = serialise(catalogue_graph(seed_snapshot, SITE, as_of), "jsonld", title="test", as_of=as_of)
    assert set(Graph().parse(data=jsonld, format="json-ld")) == set(graph)  # no blank nodes: plain equality


def test_titles_and_descriptions_are_language_tagged(graph: Graph) -> None:
    service = URIRef(f"{BASE}/instrumenter/joint-gronn-plattform")
    titles = {lit.language: str(lit) for lit in graph.objects(service, DCTERMS.title)}
    assert titles == {"nb": "Grønn plattform", "nn": "Grøn plattform", "en": "Green Platform Initiative"}
    descriptions = {lit.language for lit in graph.objects(service, DCTERMS.description)}
    assert descriptions == {"nn", "en"}  # no bokmål summary exists: none is made up


def test_competent_authority_is_the_agency_by_organisation_number(graph: Graph) -> None:
    service = URIRef(f"{BASE}/instrumenter/in-miljoteknologi")
    innovation_norway = URIRef(ORG_CATALOG + "986399445")
    assert set(graph.objects(service, CV.hasCompetentAuthority)) == {innovation_norway}
    assert graph.value(innovation_norway, DCTERMS.identifier) == Literal("986399445")
    assert (innovation_norway, RDF.type, CV.PublicOrganisation) in graph
    siva = URIRef(f"{BASE}/data/aktorar/SIVA")  # organisation number not confirmed: our own IRI
    assert siva in set(
        graph.objects(URIRef(f"{BASE}/instrumenter/siva-norsk-katapult"), CV.hasCompetentAuthority)
    )
    lup = URIRef(f"{BASE}/instrumenter/joint-lup")  # run by NHO and KS with IN and FR
    assert set(graph.objects(lup, CV.hasCompetentAuthority)) == {
        innovation_norway,
        URIRef(ORG_CATALOG + "970141669"),
    }
    participants = {graph.value(p, CV.hasParticipant) for p in graph.objects(lup, CV.hasParticipation)}
    assert participants == {URIRef(ORG_CATALOG + "955600436"), URIRef(ORG_CATALOG + "971032146")}


def test_eligibility_and_consortium_conditions_are_requirements(graph: Graph) -> None:
    service = URIRef(f"{BASE}/instrumenter/joint-gronn-plattform")
    requirements = {str(r).rsplit("#", 1)[1]: r for r in graph.objects(service, CV.holdsRequirement)}
    assert set(requirements) == {"krav-sokjarar", "krav-konsortium"}
    who = {
        lit.language: str(lit) for lit in graph.objects(requirements["krav-sokjarar"], DCTERMS.description)
    }
    assert "Research organisation" in who["en"] and "Forskingsorganisasjon" in who["nn"]
    consortium = {
        lit.language: str(lit) for lit in graph.objects(requirements["krav-konsortium"], DCTERMS.description)
    }
    assert "Consortia may apply: Yes" in consortium["en"]
    assert "backed by a broad consortium anchored in business" in consortium["en"]
    assert "Krev forskingspartnar: Nei" in consortium["nn"]
    assert (requirements["krav-konsortium"], RDF.type, CV.Criterion) in graph


def test_funding_forms_and_channel(graph: Graph) -> None:
    service = URIRef(f"{BASE}/instrumenter/joint-gronn-plattform")
    output = graph.value(service, URIRef("https://data.norge.no/vocabulary/cpsvno#hasPossibleOutput"))
    text = {lit.language: str(lit) for lit in graph.objects(output, DCTERMS.description)}
    assert text["nb"].startswith("Finansieringsform: Tilskudd\nMaks per prosjekt: 80\xa0000\xa0000 kr")
    channel = graph.value(service, CV.hasChannel)
    assert str(graph.value(channel, URIRef("http://www.w3.org/2006/vcard/ns#hasURL"))).startswith(
        "https://www.forskningsradet.no/utlysninger/2023/gronn-plattform"
    )


def test_spatial_coverage_is_the_counties_or_norway(seed_snapshot: CatalogueSnapshot, graph: Graph) -> None:
    national = next(i for i in seed_snapshot.instruments if i.geography == "national")
    assert set(graph.objects(URIRef(f"{BASE}/instrumenter/{national.slug}"), DCTERMS.spatial)) == {NORWAY}
    local = InstrumentSnap(
        id=1, slug="local", agency="FR", name_nb="Lokal", geography="regional", counties=("46", "50")
    )
    snapshot = CatalogueSnapshot(
        instruments=(local,), agencies=seed_snapshot.agencies, counties=seed_snapshot.counties
    )
    g = instrument_graph(snapshot, "local", SITE, None)
    assert g is not None
    places = set(g.objects(URIRef(f"{BASE}/instrumenter/local"), DCTERMS.spatial))
    assert {str(g.value(p, DCTERMS.identifier)) for p in places} == {"46", "50"}
    assert {str(lit) for p in places for lit in g.objects(p, SKOS.prefLabel)} == {"Vestland", "Trøndelag"}


def test_catalogue_states_licence_rights_and_date_of_the_data(
    seed_snapshot: CatalogueSnapshot, graph: Graph, turtle: bytes
) -> None:
    catalogue = URIRef(f"{BASE}/data/catalogue")
    assert graph.value(catalogue, DCTERMS.license) == LICENCE
    rights = graph.value(catalogue, DCTERMS.rights)
    assert "Enhetsregisteret" in " ".join(str(x) for x in graph.objects(rights, None))
    newest = max(i.updated_at for i in seed_snapshot.instruments if i.updated_at)
    stated = graph.value(catalogue, DCTERMS.modified).toPython()
    assert stated.replace(tzinfo=None) == newest.replace(tzinfo=None)
    header = turtle.decode().split("\n\n", 1)[0]
    assert "NLOD 2.0" in header and newest.date().isoformat() in header
    records = set(graph.objects(catalogue, URIRef("http://www.w3.org/ns/dcat#record")))
    assert len(records) == len(seed_snapshot.instruments)
