"""Nodes shared by many services: agencies (organisations), places, concepts of our vocabularies and the
publisher. Each function adds the node's own triples (idempotent: adding a node twice adds nothing new) and
returns its IRI.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS, XSD

from catalogue.instruments.snapshot import AgencySnap, CatalogueSnapshot
from web.opendata.site import Site
from web.opendata.text import add_texts, gettexts
from web.opendata.vocab import CV, NORWAY, ORG_CATALOG, PUBLISHER_TYPE
from web.templating import N_

PUBLIC_KINDS = ("state_agency", "county", "joint")  # agency kinds that are public bodies


def is_public(agency: AgencySnap) -> bool:
    return agency.kind in PUBLIC_KINDS


def agency_uri(site: Site, agency: AgencySnap) -> URIRef:
    """The organisation in data.norge.no's organisation catalogue when its number is known, else ours."""
    if agency.org_number:
        return URIRef(ORG_CATALOG + agency.org_number)
    return site.uri(f"/data/aktorar/{agency.code}")


def agency_node(
    g: Graph, site: Site, snapshot: CatalogueSnapshot, agency: AgencySnap, *, public: bool
) -> URIRef:
    """A public body as ``cv:PublicOrganisation``; any other organisation as ``org:Organization``."""
    node = agency_uri(site, agency)
    identifier = agency.org_number or str(node)
    g.add((node, DCTERMS.identifier, Literal(identifier)))
    add_texts(g, node, SKOS.prefLabel, {"nb": agency.name_nb, "nn": agency.name_nn, "en": agency.name_en})
    if public:
        g.add((node, RDF.type, CV.PublicOrganisation))
        g.add((node, DCTERMS.spatial, location_node(g, site, snapshot, agency.county)))
        if agency.kind in PUBLISHER_TYPE:
            g.add((node, DCTERMS.type, PUBLISHER_TYPE[agency.kind]))
    else:
        g.add((node, RDF.type, ORG.Organization))
    return node


def location_node(g: Graph, site: Site, snapshot: CatalogueSnapshot, county: str | None) -> URIRef:
    """A county (2024 county number) or, for ``None``, Norway; typed ``dct:Location``."""
    if county is None:
        g.add((NORWAY, RDF.type, DCTERMS.Location))
        add_texts(g, NORWAY, SKOS.prefLabel, gettexts(N_("Norway")))
        return NORWAY
    node = site.uri(f"/data/fylke/{county}")
    g.add((node, RDF.type, DCTERMS.Location))
    g.add((node, DCTERMS.identifier, Literal(county)))
    name = dict(snapshot.counties).get(county, county)
    add_texts(g, node, SKOS.prefLabel, {"nb": name, "nn": name, "en": name})
    return node


def concept_node(g: Graph, site: Site, scheme: str, code: str, labels: dict[str, str]) -> URIRef:
    """A ``skos:Concept`` of one of our vocabularies (``/data/omgrep/<scheme>/<code>``)."""
    scheme_node = site.uri(f"/data/omgrep/{scheme}")
    node = site.uri(f"/data/omgrep/{scheme}/{code}")
    g.add((scheme_node, RDF.type, SKOS.ConceptScheme))
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, scheme_node))
    g.add((node, SKOS.notation, Literal(code)))
    add_texts(g, node, SKOS.prefLabel, labels)
    return node


def publisher_node(g: Graph, site: Site) -> URIRef:
    """Who publishes the open data (``VK_PUBLISHER_NAME`` / ``VK_PUBLISHER_ORGNR``)."""
    node = URIRef(ORG_CATALOG + site.publisher_orgnr) if site.publisher_orgnr else site.uri("/data/utgjevar")
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, DCTERMS.identifier, Literal(site.publisher_orgnr or str(node))))
    g.add((node, FOAF.name, Literal(site.publisher_name)))
    add_texts(g, node, DCTERMS.title, {"nb": site.publisher_name, "nn": site.publisher_name})
    g.add((node, FOAF.homepage, URIRef(site.base + "/")))
    return node


def date_literal(value: object) -> Literal:
    return Literal(value, datatype=XSD.dateTime if hasattr(value, "hour") else XSD.date)
