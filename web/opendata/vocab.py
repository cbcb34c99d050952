"""Namespaces, fixed IRIs from the EU and Norwegian controlled vocabularies, the licence of the open data."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, RDFS, SKOS, XSD

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
CPSVNO = Namespace("https://data.norge.no/vocabulary/cpsvno#")
DCATNO = Namespace("https://data.norge.no/vocabulary/dcatno#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU = "http://publications.europa.eu/resource/authority/"
NORWAY = URIRef(EU + "country/NOR")
LANGUAGE = {
    "nb": URIRef(EU + "language/NOB"),
    "nn": URIRef(EU + "language/NNO"),
    "en": URIRef(EU + "language/ENG"),
}
STATUS = {  # instrument status → EU distribution-status (the list CPSV-AP-NO's adms:status draws from)
    "active": URIRef(EU + "distribution-status/COMPLETED"),
    "closed": URIRef(EU + "distribution-status/WITHDRAWN"),
}
FILE_TYPE = {"ttl": URIRef(EU + "file-type/RDF_TURTLE"), "jsonld": URIRef(EU + "file-type/JSON_LD")}
FILE_TYPE_CSV = URIRef(EU + "file-type/CSV")
FILE_TYPE_JSON = URIRef(EU + "file-type/JSON")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
ACCESS_PUBLIC = URIRef(EU + "access-right/PUBLIC")
THEME_ECONOMY = URIRef(EU + "data-theme/ECON")
THEME_SCIENCE = URIRef(EU + "data-theme/TECH")
PUBLISHER_TYPE = {
    "state_agency": URIRef("http://purl.org/adms/publishertype/NationalAuthority"),
    "joint": URIRef("http://purl.org/adms/publishertype/NationalAuthority"),
    "county": URIRef("http://purl.org/adms/publishertype/RegionalAuthority"),
}
ROLE_SERVICE_PROVIDER = URIRef("https://data.norge.no/vocabulary/role-type#service-provider")
ORG_CATALOG = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
CPSV_AP_NO = URIRef("https://data.norge.no/specification/cpsv-ap-no")
DCAT_AP_NO = URIRef("https://data.norge.no/specification/dcat-ap-no")

# The licence of everything under /data: NLOD 2.0. ``LICENCE`` is the EU licence authority's IRI (what
# CPSV-AP-NO and DCAT-AP-NO ask for in dct:license); the pages are the licence text in Norwegian and English.
LICENCE = URIRef(EU + "licence/NLOD_2_0")
LICENCE_PAGE = "https://data.norge.no/nlod/no/2.0"
LICENCE_PAGE_EN = "https://data.norge.no/nlod/en/2.0"
LICENCE_NAME = "NLOD 2.0 (Norsk lisens for offentlige data)"

PREFIXES = {
    "cpsv": CPSV,
    "cv": CV,
    "cpsvno": CPSVNO,
    "dcatno": DCATNO,
    "adms": ADMS,
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "rdfs": RDFS,
    "skos": SKOS,
    "vcard": VCARD,
    "xsd": XSD,
}
