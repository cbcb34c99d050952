"""What the RDF builders need to know besides the catalogue: the base URL, the publisher, the STIP labels.

``Site`` is plain data, so the builders in this package stay pure functions over a ``CatalogueSnapshot``;
``current_site()`` fills it from the settings and ``seeds/stip_types.yaml`` (the only I/O).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef

from catalogue.instruments.snapshot import InstrumentSnap
from catalogue.rules import load_rules
from web import settings

INSTRUMENT_PATH = "/instrumenter"  # the page of an instrument is also the IRI of its public service


@dataclass(frozen=True)
class Site:
    base: str
    publisher_name: str = settings.DEFAULT_PUBLISHER_NAME
    publisher_orgnr: str | None = None
    stip_labels: Mapping[str, str] = field(default_factory=dict)  # STIP code → English label

    def uri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def service(self, slug: str) -> URIRef:
        return self.uri(f"{INSTRUMENT_PATH}/{slug}")

    def part(self, slug: str, fragment: str) -> URIRef:
        """A node that belongs to one instrument's description (contact point, requirement, ...)."""
        return self.uri(f"{INSTRUMENT_PATH}/{slug}#{fragment}")


def current_site() -> Site:
    return Site(
        base=settings.base_url(),
        publisher_name=settings.publisher_name(),
        publisher_orgnr=settings.publisher_orgnr(),
        stip_labels={r["code"]: r["label_en"] for r in load_rules("stip_types") or []},
    )


def changed_at(i: InstrumentSnap) -> dt.datetime | None:
    """When the instrument's row last changed (UTC), or None (hand-built snapshots)."""
    if i.updated_at is None:
        return None
    return i.updated_at if i.updated_at.tzinfo else i.updated_at.replace(tzinfo=dt.UTC)


def data_date(instruments: Iterable[InstrumentSnap]) -> dt.datetime | None:
    """The date of the data: the newest ``updated_at`` (None when no instrument has one)."""
    return max((t for i in instruments if (t := changed_at(i)) is not None), default=None)
