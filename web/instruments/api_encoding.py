"""JSON bodies of the instrument list API, encoded with orjson.

``/api/v1/instruments`` answers many requests a second, each with up to 500 instrument records and the
counts of eleven facets. Building the records is most of the work, so each instrument's JSON is
encoded once per language and kept (``InstrumentJsonCache``) for as long as that exact snapshot object
is the current one: an edit replaces the snapshot object, so an edited instrument can never be served
from an old encoding. The body is checked against ``web.instruments.api_schemas.InstrumentList`` in the tests.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson

from catalogue.instruments.snapshot import InstrumentSnap
from web.instruments.listing import instrument_record
from web.lists import FacetGroup


class InstrumentJsonCache:
    """Encoded ``instrument_record(snap, lang)`` per (snapshot object, language), at most ``limit``."""

    def __init__(self, limit: int = 30_000) -> None:
        self.limit = limit
        self._entries: dict[tuple[int, str], tuple[InstrumentSnap, orjson.Fragment]] = {}
        self._lock = threading.Lock()

    def fragment(self, snap: InstrumentSnap, lang: str) -> orjson.Fragment:
        key = (id(snap), lang)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is snap:  # the same object, not a new one at a reused id
            return entry[1]
        fragment = orjson.Fragment(orjson.dumps(instrument_record(snap, lang)))
        with self._lock:
            if len(self._entries) >= self.limit:
                self._entries.clear()  # simple bound; refills from the pages people ask for
            self._entries[key] = (snap, fragment)
        return fragment


def facet_json(groups: list[FacetGroup]) -> dict[str, list[dict[str, Any]]]:
    return {
        g.name: [
            {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in g.values
        ]
        for g in groups
    }


def instrument_list_body(context: dict[str, Any], lang: str, cache: InstrumentJsonCache) -> bytes:
    """The ``InstrumentList`` body for one ``instrument_list_context``."""
    page = context["page"]
    return orjson.dumps(
        {
            "total": context["total"],
            "page": page.number,
            "pages": page.pages,
            "per_page": page.size,
            "items": [cache.fragment(i, lang) for i in context["items"]],
            "facets": facet_json(context["facets"]),
            "suggestions": context["suggestions"],
        }
    )
