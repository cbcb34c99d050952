"""Atom feed of a funded-project search: ``/tildelingar.atom?<the list's query>``, newest projects first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from fastapi.responses import Response

from catalogue.awards.browse import ActivityRow
from catalogue.escaping import xml_text
from web.awards.listing import LIST_PATH, AwardQuery
from web.awards.view import AwardLabels
from web.security.settings import base_url

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def day_of(a: ActivityRow) -> dt.datetime:
    """When the activity was decided or applied for, else the first day of its year."""
    day = a.awarded_on or a.applied_on or (dt.date(a.year, 1, 1) if a.year else None)
    return EPOCH if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def award_feed(query: AwardQuery, items: Sequence[ActivityRow], labels: AwardLabels) -> Response:
    base = base_url()  # the configured address, never the Host header the client sent
    _ = labels.gettext
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": labels.lang})
    _text(feed, "title", _("Verkemiddelkart: funded projects") + (f" – {query.q}" if query.q else ""))
    _text(feed, "id", f"{base}{query.url(LIST_PATH + '.atom', page=1)}")
    _text(feed, "updated", max((day_of(a) for a in items), default=EPOCH).isoformat())
    _link(feed, {"rel": "self", "href": base + query.url(LIST_PATH + ".atom", page=1)})
    _link(feed, {"rel": "alternate", "type": "text/html", "href": base + query.url(page=1)})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Verkemiddelkart")
    for a in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:verkemiddelkart:award:{a.source}:{a.source_ref}")
        _text(entry, "title", a.title or a.acronym or a.source_ref)
        _text(entry, "updated", day_of(a).isoformat())
        _link(
            entry,
            {"rel": "alternate", "type": "text/html", "href": f"{base}{LIST_PATH}/{a.source}/{a.source_ref}"},
        )
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", labels.funder(a.funder))
        leads = ", ".join(name for name, _nr, _key in a.leads)
        summary = " · ".join(
            part
            for part in (
                labels.outcome(a.outcome),
                labels.value("programme", a.programme_code) if a.programme_code else "",
                labels.amount(a.granted_minor, a.currency, "") if a.granted_minor else "",
                leads,
            )
            if part
        )
        _text(entry, "summary", summary)
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": xml_text(a.outcome)})
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = xml_text(text)


def _link(parent: ET.Element, attrs: dict[str, str]) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {k: xml_text(v) for k, v in attrs.items()})
