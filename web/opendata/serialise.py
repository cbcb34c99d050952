"""Graphs to Turtle or JSON-LD. Turtle files start with a comment naming the licence and the date of the
data (the same facts are in the graph, for machines); JSON-LD carries an inline ``@context`` (no network
needed)."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph

from web.opendata.vocab import LICENCE_NAME, LICENCE_PAGE, PREFIXES

FORMATS = {"ttl": "text/turtle", "jsonld": "application/ld+json"}
RDFLIB_FORMAT = {"ttl": "turtle", "jsonld": "json-ld"}
CONTEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def header(title: str, as_of: dt.datetime | None) -> str:
    date = as_of.date().isoformat() if as_of else "unknown"
    return (
        f"# {title}\n"
        f"# Licence: {LICENCE_NAME} <{LICENCE_PAGE}>; third-party facts: see dct:rights.\n"
        f"# Date of the data (newest change): {date}\n\n"
    )


def serialise(g: Graph, fmt: str, *, title: str, as_of: dt.datetime | None) -> bytes:
    if fmt == "ttl":
        return header(title, as_of).encode() + g.serialize(format="turtle", encoding="utf-8")
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=CONTEXT, auto_compact=True, encoding="utf-8")
    raise ValueError(f"unknown RDF format {fmt!r} (one of {', '.join(FORMATS)})")
