"""The catalogue as CPSV-AP-NO: a ``dcat:Catalog`` that contains every instrument as a
``cpsv:PublicService``, with one ``dcat:CatalogRecord`` per instrument. Pure functions from a
``CatalogueSnapshot`` to an rdflib graph.

    site, as_of = current_site(), data_date(snapshot.instruments)
    g = catalogue_graph(snapshot, site, as_of)                          # /data/catalogue.ttl
    g = instrument_graph(snapshot, "in-miljoteknologi", site, as_of)    # /data/instrumenter/<slug>.ttl

Every graph carries the catalogue node with its licence (NLOD 2.0), rights statement and date of the data (the
newest ``updated_at`` of the whole catalogue), so each file states its own terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap
from web.opendata.resources import date_literal, location_node, publisher_node
from web.opendata.service import add_service
from web.opendata.site import Site, changed_at
from web.opendata.text import LANGS, add_texts, gettexts
from web.opendata.vocab import CPSV_AP_NO, CV, DCATNO, LANGUAGE, LICENCE, PREFIXES
from web.templating import N_

CATALOGUE_PATH = "/data/catalogue"


def new_graph() -> Graph:
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g


def catalogue_graph(snapshot: CatalogueSnapshot, site: Site, as_of: dt.datetime | None) -> Graph:
    """``as_of``: the date of the data, ``data_date(snapshot.instruments)``."""
    return _graph(snapshot, snapshot.instruments, site, as_of)


def instrument_graph(
    snapshot: CatalogueSnapshot, slug: str, site: Site, as_of: dt.datetime | None
) -> Graph | None:
    instrument = snapshot.instrument(slug)
    return None if instrument is None else _graph(snapshot, [instrument], site, as_of)


def _graph(
    snapshot: CatalogueSnapshot, instruments: Iterable[InstrumentSnap], site: Site, as_of: dt.datetime | None
) -> Graph:
    g = new_graph()
    catalogue = catalogue_node(g, snapshot, site, as_of)
    for i in instruments:
        service = add_service(g, snapshot, i, site)
        g.add((catalogue, DCATNO.containsService, service))
        g.add((catalogue, DCAT.record, _record(g, i, site, service)))
    return g


def catalogue_node(g: Graph, snapshot: CatalogueSnapshot, site: Site, as_of: dt.datetime | None) -> URIRef:
    node = site.uri(CATALOGUE_PATH)
    g.add((node, RDF.type, DCAT.Catalog))
    g.add((node, DCTERMS.identifier, Literal(str(node), datatype=XSD.anyURI)))
    add_texts(
        g,
        node,
        DCTERMS.title,
        gettexts(N_("Verkemiddelkart: public innovation-support instruments in Norway")),
    )
    add_texts(g, node, DCTERMS.description, gettexts(CATALOGUE_DESCRIPTION))
    g.add((node, DCTERMS.publisher, publisher_node(g, site)))
    contact = site.uri(CATALOGUE_PATH + "#kontaktpunkt")
    g.add((contact, RDF.type, CV.ContactPoint))
    g.add((contact, CV.contactPage, URIRef(site.base + "/")))
    g.add((node, CV.contactPoint, contact))
    g.add((node, FOAF.homepage, URIRef(site.base + "/")))
    g.add((node, DCTERMS.license, LICENCE))
    g.add((node, DCTERMS.rights, rights_node(g, site)))
    g.add((node, DCTERMS.spatial, location_node(g, site, snapshot, None)))
    g.add((node, DCTERMS.conformsTo, CPSV_AP_NO))
    for lang in LANGS:
        g.add((node, DCTERMS.language, LANGUAGE[lang]))
    if as_of is not None:
        g.add((node, DCTERMS.modified, date_literal(as_of)))
    return node


CATALOGUE_DESCRIPTION = N_(
    "Norway's public support instruments for innovation and green industry (grants, loans, guarantees, "
    "advice and networks from Innovation Norway, Siva, the Research Council, Enova, HK-dir and the county "
    "authorities), described from the agencies' public pages, with who may apply and on what conditions."
)
RIGHTS = N_(
    "Licensed under NLOD 2.0. The summaries are written in our own words. Names, amounts, deadlines and "
    "conditions are facts taken from the agencies' public pages, linked from each instrument (homepage and "
    "channel): check them there before applying. Organisation numbers come from Enhetsregisteret "
    "(Brønnøysundregistrene)."
)


def rights_node(g: Graph, site: Site) -> URIRef:
    """What applies to the data and to the third-party facts in it."""
    node = site.uri(CATALOGUE_PATH + "#rettar")
    g.add((node, RDF.type, DCTERMS.RightsStatement))
    add_texts(g, node, RDFS.label, gettexts(RIGHTS))
    return node


def _record(g: Graph, i: InstrumentSnap, site: Site, service: URIRef) -> URIRef:
    node = site.part(i.slug, "katalogpost")
    g.add((node, RDF.type, DCAT.CatalogRecord))
    g.add((node, FOAF.primaryTopic, service))
    g.add((node, DCTERMS.conformsTo, CPSV_AP_NO))
    changed = changed_at(i)
    if changed is not None:
        g.add((node, DCTERMS.modified, date_literal(changed)))
    if i.verified_on is not None:
        add_texts(
            g,
            node,
            RDFS.comment,
            gettexts(N_("Facts last checked against the source on %(date)s"), date=i.verified_on.isoformat()),
        )
    for url in i.other_sources:
        g.add((node, RDFS.seeAlso, URIRef(url)))
    return node
