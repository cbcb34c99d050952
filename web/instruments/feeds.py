"""Atom feed of a saved search: ``/instrumenter.atom?<the list's query>``.

Entries are the matching instruments, newest change first; an entry's ``updated`` moves whenever the
instrument is edited, so a feed reader tells the user about new and changed instruments.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request
from fastapi.responses import Response

from catalogue.escaping import xml_text
from catalogue.instruments.snapshot import InstrumentSnap
from web.deps import LangDep, StateDep
from web.i18n.catalogues import translator
from web.instruments.listing import LIST_PATH, ListQuery, instrument_list_context
from web.security.settings import base_url

router = APIRouter()
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def changed_at(i: InstrumentSnap) -> dt.datetime:
    if i.updated_at is not None:
        return i.updated_at if i.updated_at.tzinfo else i.updated_at.replace(tzinfo=dt.UTC)
    if i.verified_on is not None:
        return dt.datetime.combine(i.verified_on, dt.time(), tzinfo=dt.UTC)
    return EPOCH


@router.get(LIST_PATH + ".atom", include_in_schema=False)
def instrument_feed(request: Request, state: StateDep, lang: LangDep) -> Response:
    query, _ = ListQuery.from_params(request.query_params)
    items = instrument_list_context(state, query, lang, all_rows=True)["items"]
    items = sorted(items, key=changed_at, reverse=True)[:MAX_ENTRIES]
    base = base_url()  # the configured address, never the Host header the client sent
    _ = translator(lang).gettext
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    title = _("Verkemiddelkart: instruments") + (f" – {query.q}" if query.q else "")
    _text(feed, "title", title)
    _text(feed, "id", f"{base}{query.url(LIST_PATH + '.atom', page=1)}")
    _text(feed, "updated", max((changed_at(i) for i in items), default=EPOCH).isoformat())
    _link(feed, {"rel": "self", "href": base + query.url(LIST_PATH + ".atom")})
    _link(feed, {"rel": "alternate", "type": "text/html", "href": base + query.url(page=1)})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Verkemiddelkart")
    snapshot = state.snapshot
    for i in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:verkemiddelkart:instrument:{i.slug}")
        _text(entry, "title", i.name(lang))
        _text(entry, "updated", changed_at(i).isoformat())
        _link(entry, {"rel": "alternate", "type": "text/html", "href": f"{base}{LIST_PATH}/{i.slug}"})
        agency = snapshot.agency(i.agency)
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", agency.name(lang) if agency else i.agency)
        _text(entry, "summary", i.summary(lang))
        for t in i.types:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": xml_text(t)})
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """A text element; characters XML forbids (from a query or old data) are left out, so the feed is
    always well-formed."""
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = xml_text(text)
    return el


def _link(parent: ET.Element, attrs: dict[str, str]) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {k: xml_text(v) for k, v in attrs.items()})
