"""Open-data commands: ``export-rdf -o FILE --format ttl|jsonld [--instrument SLUG] [--dcat]``.

The same files the site serves under ``/data/`` (docs/open-data.md), with URIs from ``--base-url`` or
``VK_BASE_URL``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from catalogue.db import database_url, engine_for, transaction
from catalogue.instruments.loader import build_snapshot
from web.opendata.dcat import dataset_catalog_graph
from web.opendata.rdf import catalogue_graph, instrument_graph
from web.opendata.routes import DCAT_TITLE, TITLE
from web.opendata.serialise import FORMATS, serialise
from web.opendata.site import current_site, data_date

SUFFIX_FORMAT = {".ttl": "ttl", ".jsonld": "jsonld", ".json": "jsonld"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rdf = sub.add_parser("export-rdf", help="write the catalogue as CPSV-AP-NO RDF (Turtle or JSON-LD)")
    rdf.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    rdf.add_argument("--format", choices=tuple(FORMATS), help="default: from the file name, else ttl")
    what = rdf.add_mutually_exclusive_group()
    what.add_argument("--instrument", metavar="SLUG", help="only this instrument")
    what.add_argument(
        "--dcat", action="store_true", help="the DCAT-AP-NO description of the datasets instead"
    )
    rdf.add_argument("--base-url", help="base of the URIs (default: $VK_BASE_URL or http://127.0.0.1:8000)")
    rdf.set_defaults(func=cmd_export_rdf)


def cmd_export_rdf(args: argparse.Namespace) -> int:
    fmt = args.format or SUFFIX_FORMAT.get(args.output.suffix.lower() if args.output else "", "ttl")
    with transaction(engine_for(database_url())) as session:
        snapshot = build_snapshot(session)
    site = current_site()
    if args.base_url:
        site = dataclasses.replace(site, base=args.base_url.rstrip("/"))
    as_of = data_date(snapshot.instruments)
    if args.dcat:
        body = serialise(dataset_catalog_graph(site, as_of), fmt, title=DCAT_TITLE, as_of=as_of)
    elif args.instrument:
        graph = instrument_graph(snapshot, args.instrument, site, as_of)
        if graph is None:
            print(f"no instrument {args.instrument!r}", file=sys.stderr)
            return 2
        body = serialise(graph, fmt, title=f"{TITLE}: {args.instrument}", as_of=as_of)
    else:
        body = serialise(catalogue_graph(snapshot, site, as_of), fmt, title=TITLE, as_of=as_of)
    if args.output is None:
        sys.stdout.buffer.write(body)
        return 0
    args.output.write_bytes(body)
    what = "datasets" if args.dcat else f"{1 if args.instrument else len(snapshot.instruments)} instrument(s)"
    print(f"wrote {args.output} ({fmt}, {what}, {len(body):,} bytes)", file=sys.stderr)
    return 0
