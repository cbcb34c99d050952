"""DCAT-AP-NO description of the project's own open datasets (``/data/catalog.ttl``): the instrument
catalogue, the STIP Compass mapping and the gap findings, each with its distributions, licence and date of the
data. Funded projects join this list when the catalogue holds them (docs/open-data.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from web.opendata.rdf import CATALOGUE_PATH, new_graph, rights_node
from web.opendata.resources import date_literal, publisher_node
from web.opendata.site import Site
from web.opendata.text import LANGS, add_texts, gettexts
from web.opendata.vocab import (
    ACCESS_PUBLIC,
    CPSV_AP_NO,
    DCAT_AP_NO,
    FILE_TYPE,
    FILE_TYPE_CSV,
    FILE_TYPE_JSON,
    LANGUAGE,
    LICENCE,
    MEDIA_TYPE,
    NORWAY,
    THEME_ECONOMY,
    THEME_SCIENCE,
    VCARD,
)
from web.templating import N_

DCAT_PATH = "/data/catalog"
STIP_CSV_PATH = "/data/stip-compass.csv"
FREQUENCY_IRREGULAR = URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG")


@dataclass(frozen=True)
class Distribution:
    path: str
    file_type: URIRef
    media_type: str
    title: str  # msgid
    conforms_to: URIRef | None = None


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str  # msgid
    description: str  # msgid
    landing_page: str
    distributions: tuple[Distribution, ...]


DATASETS = (
    Dataset(
        "instrumentkatalog",
        N_("Public innovation-support instruments in Norway"),
        N_(
            "Every instrument in the catalogue: who runs it, who may apply and on what conditions (consortia "
            "included), funding forms and amounts, deadlines, places and the source each fact comes from."
        ),
        "/instrumenter",
        (
            Distribution(
                CATALOGUE_PATH + ".ttl",
                FILE_TYPE["ttl"],
                "text/turtle",
                N_("CPSV-AP-NO (Turtle)"),
                CPSV_AP_NO,
            ),
            Distribution(
                CATALOGUE_PATH + ".jsonld",
                FILE_TYPE["jsonld"],
                "application/ld+json",
                N_("CPSV-AP-NO (JSON-LD)"),
                CPSV_AP_NO,
            ),
            Distribution("/instrumenter.csv", FILE_TYPE_CSV, "text/csv", N_("Table (CSV)")),
            Distribution("/instrumenter.json", FILE_TYPE_JSON, "application/json", N_("JSON")),
        ),
    ),
    Dataset(
        "stip-compass",
        N_("Instruments mapped to the EC-OECD STIP Compass"),
        N_("Each instrument with its STIP Compass policy-instrument type and its target groups."),
        "/instrumenter",
        (Distribution(STIP_CSV_PATH, FILE_TYPE_CSV, "text/csv", N_("Table (CSV)")),),
    ),
    Dataset(
        "gapfunn",
        N_("Gaps in the instrument portfolio"),
        N_(
            "Findings of the gap analyser: barriers industrial-symbiosis consortia meet that no instrument "
            "answers, or answers thinly, with severity and the evidence behind each finding."
        ),
        "/gap",
        (
            Distribution("/gap.csv", FILE_TYPE_CSV, "text/csv", N_("Table (CSV)")),
            Distribution("/gap.json", FILE_TYPE_JSON, "application/json", N_("JSON")),
        ),
    ),
)


def dataset_catalog_graph(site: Site, as_of: dt.datetime | None) -> Graph:
    g = new_graph()
    catalog = site.uri(DCAT_PATH)
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.identifier, Literal(str(catalog), datatype=XSD.anyURI)))
    add_texts(g, catalog, DCTERMS.title, gettexts(N_("Verkemiddelkart: open datasets")))
    add_texts(g, catalog, DCTERMS.description, gettexts(N_("The open datasets Verkemiddelkart publishes.")))
    publisher = publisher_node(g, site)
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, URIRef(site.base + "/")))
    g.add((catalog, DCTERMS.license, LICENCE))
    g.add((catalog, DCTERMS.conformsTo, DCAT_AP_NO))
    _common(g, catalog, as_of)
    contact = _contact(g, site)
    for dataset in DATASETS:
        node = _dataset(g, site, dataset, publisher, contact, as_of)
        g.add((catalog, DCAT.dataset, node))
    return g


def _common(g: Graph, node: URIRef, as_of: dt.datetime | None) -> None:
    for lang in LANGS:
        g.add((node, DCTERMS.language, LANGUAGE[lang]))
    g.add((node, DCTERMS.spatial, NORWAY))
    if as_of is not None:
        g.add((node, DCTERMS.modified, date_literal(as_of)))


def _contact(g: Graph, site: Site) -> URIRef:
    node = site.uri(DCAT_PATH + "#kontaktpunkt")
    g.add((node, RDF.type, VCARD.Organization))
    g.add((node, VCARD.fn, Literal(site.publisher_name)))
    g.add((node, VCARD.hasURL, URIRef(site.base + "/")))
    return node


def _dataset(
    g: Graph, site: Site, d: Dataset, publisher: URIRef, contact: URIRef, as_of: dt.datetime | None
) -> URIRef:
    node = site.uri(f"/data/datasett/{d.key}")
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(str(node), datatype=XSD.anyURI)))
    add_texts(g, node, DCTERMS.title, gettexts(d.title))
    add_texts(g, node, DCTERMS.description, gettexts(d.description))
    g.add((node, DCTERMS.publisher, publisher))
    g.add((node, DCAT.contactPoint, contact))
    g.add((node, DCAT.landingPage, site.uri(d.landing_page)))
    g.add((node, DCAT.theme, THEME_ECONOMY))
    g.add((node, DCAT.theme, THEME_SCIENCE))
    g.add((node, DCTERMS.accessRights, ACCESS_PUBLIC))
    g.add((node, DCTERMS.accrualPeriodicity, FREQUENCY_IRREGULAR))
    g.add((node, DCTERMS.rights, rights_node(g, site)))
    _common(g, node, as_of)
    for position, dist in enumerate(d.distributions, start=1):
        g.add((node, DCAT.distribution, _distribution(g, site, node, position, dist)))
    return node


def _distribution(g: Graph, site: Site, dataset: URIRef, position: int, d: Distribution) -> URIRef:
    node = URIRef(f"{dataset}#distribusjon-{position}")
    url = site.uri(d.path)
    g.add((node, RDF.type, DCAT.Distribution))
    add_texts(g, node, DCTERMS.title, gettexts(d.title))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCTERMS.format, d.file_type))
    g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPE + d.media_type)))
    g.add((node, DCTERMS.license, LICENCE))
    if d.conforms_to is not None:
        g.add((node, DCTERMS.conformsTo, d.conforms_to))
    return node
