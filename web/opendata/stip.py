"""The STIP Compass mapping as CSV: one row per instrument with its EC-OECD STIP Compass policy-instrument
type (``stip_code``) and its target groups (who may apply), plus the licence and the date of the data on every
row.

Spreadsheet-safe: a cell that starts with ``= + - @``, a tab or a carriage return is prefixed with ``'`` so a
spreadsheet shows it as text and never runs it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

from catalogue.instruments.snapshot import CatalogueSnapshot
from web.opendata.site import Site
from web.opendata.text import value_label
from web.opendata.vocab import LICENCE_NAME, LICENCE_PAGE

COLUMNS = (
    "slug",
    "name_nb",
    "name_en",
    "agency",
    "stip_code",
    "stip_type_en",
    "target_groups",
    "target_groups_en",
    "uri",
    "licence",
    "data_date",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def stip_rows(
    snapshot: CatalogueSnapshot, site: Site, as_of: dt.datetime | None
) -> list[Mapping[str, object]]:
    licence = f"{LICENCE_NAME} {LICENCE_PAGE}"
    date = as_of.date().isoformat() if as_of else ""
    return [
        {
            "slug": i.slug,
            "name_nb": i.name_nb,
            "name_en": i.name_en,
            "agency": i.agency,
            "stip_code": i.stip_code,
            "stip_type_en": site.stip_labels.get(i.stip_code, "") if i.stip_code else "",
            "target_groups": "; ".join(i.applicants),
            "target_groups_en": "; ".join(value_label("applicant", a)["en"] for a in i.applicants),
            "uri": str(site.service(i.slug)),
            "licence": licence,
            "data_date": date,
        }
        for i in snapshot.instruments
    ]


def stip_csv(snapshot: CatalogueSnapshot, site: Site, as_of: dt.datetime | None) -> str:
    """UTF-8 with a BOM (spreadsheets then read the letters right), CRLF line ends, unknown as empty."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in stip_rows(snapshot, site, as_of):
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return buf.getvalue()
