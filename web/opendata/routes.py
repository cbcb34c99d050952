"""Open-data files at stable URLs (docs/open-data.md):

- ``/data/catalogue.ttl``, ``/data/catalogue.jsonld``: the whole catalogue as CPSV-AP-NO;
- ``/data/instrumenter/{slug}.ttl``, ``.jsonld``: one instrument (also by content negotiation on its page);
- ``/data/catalog.ttl``: DCAT-AP-NO description of the project's datasets;
- ``/data/stip-compass.csv``: the STIP Compass mapping.

Every response names its licence (``Link: <…>; rel="license"``) and the date of the data (``Last-Modified``);
the files say the same inside. Built once per catalogue generation (the per-instrument files on demand).
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from catalogue.instruments.snapshot import CatalogueSnapshot
from web.deps import StateDep
from web.opendata.dcat import DCAT_PATH, STIP_CSV_PATH, dataset_catalog_graph
from web.opendata.rdf import CATALOGUE_PATH, catalogue_graph, instrument_graph
from web.opendata.serialise import FORMATS, serialise
from web.opendata.site import Site, current_site, data_date
from web.opendata.stip import stip_csv
from web.opendata.vocab import LICENCE_PAGE
from web.state import CatalogueState

router = APIRouter()
INSTRUMENT_DATA_PATH = "/data/instrumenter"
TITLE = "Verkemiddelkart – CPSV-AP-NO"
DCAT_TITLE = "Verkemiddelkart – DCAT-AP-NO"


def _context(state: CatalogueState) -> tuple[CatalogueSnapshot, Site, dt.datetime | None]:
    snapshot = state.snapshot
    return (
        snapshot,
        current_site(),
        state.cached(("opendata", "date"), lambda: data_date(snapshot.instruments)),
    )


def _key(site: Site, *parts: str) -> tuple[str, ...]:
    return ("opendata", site.base, site.publisher_name, site.publisher_orgnr or "", *parts)


def data_response(body: bytes | str, media_type: str, filename: str, as_of: dt.datetime | None) -> Response:
    headers = {
        "Content-Disposition": f'inline; filename="{filename}"',
        "Link": f'<{LICENCE_PAGE}>; rel="license"',
        "Access-Control-Allow-Origin": "*",
    }
    if as_of is not None:
        headers["Last-Modified"] = format_datetime(as_of.astimezone(dt.UTC), usegmt=True)
    return Response(body, media_type=media_type, headers=headers)


def _rdf_media_type(fmt: str) -> str:
    return FORMATS[fmt] + ("; charset=utf-8" if fmt == "ttl" else "")


def catalogue_file(state: CatalogueState, fmt: str) -> Response:
    snapshot, site, as_of = _context(state)

    def build() -> bytes:
        return serialise(catalogue_graph(snapshot, site, as_of), fmt, title=TITLE, as_of=as_of)

    body = state.cached(_key(site, "catalogue", fmt), build)
    return data_response(body, _rdf_media_type(fmt), f"catalogue.{fmt}", as_of)


def instrument_file(state: CatalogueState, slug: str, fmt: str) -> Response:
    snapshot, site, as_of = _context(state)
    graph = instrument_graph(snapshot, slug, site, as_of)
    if graph is None:
        raise HTTPException(404, "instrument not found")
    body = serialise(graph, fmt, title=f"{TITLE}: {slug}", as_of=as_of)
    return data_response(body, _rdf_media_type(fmt), f"{slug}.{fmt}", as_of)


@router.get(CATALOGUE_PATH + ".ttl", include_in_schema=False)
def catalogue_turtle(state: StateDep) -> Response:
    return catalogue_file(state, "ttl")


@router.get(CATALOGUE_PATH + ".jsonld", include_in_schema=False)
def catalogue_jsonld(state: StateDep) -> Response:
    return catalogue_file(state, "jsonld")


@router.get(INSTRUMENT_DATA_PATH + "/{slug}.ttl", include_in_schema=False)
def instrument_turtle(slug: str, state: StateDep) -> Response:
    return instrument_file(state, slug, "ttl")


@router.get(INSTRUMENT_DATA_PATH + "/{slug}.jsonld", include_in_schema=False)
def instrument_jsonld(slug: str, state: StateDep) -> Response:
    return instrument_file(state, slug, "jsonld")


@router.get(DCAT_PATH + ".ttl", include_in_schema=False)
def dataset_catalog(state: StateDep) -> Response:
    _, site, as_of = _context(state)
    body = state.cached(
        _key(site, "dcat"),
        lambda: serialise(dataset_catalog_graph(site, as_of), "ttl", title=DCAT_TITLE, as_of=as_of),
    )
    return data_response(body, _rdf_media_type("ttl"), "catalog.ttl", as_of)


@router.get(STIP_CSV_PATH, include_in_schema=False)
def stip_mapping(state: StateDep) -> Response:
    snapshot, site, as_of = _context(state)
    body = state.cached(_key(site, "stip"), lambda: stip_csv(snapshot, site, as_of))
    response = data_response(body, "text/csv; charset=utf-8", "stip-compass.csv", as_of)
    response.headers["Content-Disposition"] = 'attachment; filename="stip-compass.csv"'
    return response
