"""Read and write instrument records as CSV, XLSX, JSON or YAML, in the shape of ``export.instrument_record``.

JSON and YAML hold either a list of records or an export document (``{"instruments": [...]}``).
CSV and XLSX hold one record per row under a header row of field names; list fields are one cell with the
items separated by ``;`` (a literal ``;`` inside an item is written ``\\;``); an empty cell means null
(or an empty list). Readers (``catalogue/transfer/reading.py``) return :class:`RawRecord` objects that
know their place in the file (row number as a spreadsheet shows it, or record number), so errors can name
file, row and column.

Reading is bounded (``catalogue/transfer/limits.py``): file size, rows, columns, cells, characters per cell,
JSON/YAML nesting and values; YAML aliases and keys given twice are refused (``catalogue/parsing.py``).
A CSV cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written
with a leading ``'`` and read back without it (``catalogue/escaping.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from catalogue.errors import InputError, Problem, shorten
from catalogue.escaping import csv_cell, xml_text
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS

FORMATS = ("json", "yaml", "csv", "xlsx")
LIST_FIELDS = ("partner_agencies", "owner_ministry", *TAG_FIELDS, "counties", "other_sources")
# Column order of CSV/XLSX files: the order of export.instrument_record.
COLUMNS = (
    "slug",
    "agency",
    "partner_agencies",
    "owner_ministry",
    *TAG_FIELDS,
    *INSTRUMENT_SCALARS,
    "counties",
    "other_sources",
)
_SPLIT = re.compile(r"(?<!\\);")


@dataclass(frozen=True)
class RawRecord:
    file: str
    label: str  # "row 3" (CSV/XLSX, header is row 1) or "record 2" (JSON/YAML)
    data: dict[str, Any]
    tabular: bool = False  # True when fields are spreadsheet columns

    def where(self) -> str:
        slug = self.data.get("slug")
        return f"{self.label} (slug {shorten(slug)})" if isinstance(slug, str) and slug else self.label


def format_of(path: Path, explicit: str | None = None) -> str:
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    fmt = {"yml": "yaml"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise InputError(
            [
                Problem(
                    str(path),
                    "(file)",
                    "(format)",
                    f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}",
                )
            ]
        )
    return fmt


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_value(column: str, cell: Any) -> Any:
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if column in LIST_FIELDS:
        if blank(cell):
            return []
        return [p.strip().replace("\\;", ";") for p in _SPLIT.split(str(cell)) if p.strip()]
    return None if blank(cell) else cell


# ---- writers -----------------------------------------------------------------------------------------


def _flat(record: dict[str, Any], column: str) -> Any:
    value = record.get(column)
    if column in LIST_FIELDS:
        return ";".join(str(x).replace(";", "\\;") for x in value or [])
    return value


def dump_records(
    records: Iterable[dict[str, Any]], fmt: str, *, document: dict[str, Any] | None = None
) -> bytes:
    """Serialise instrument records. For JSON/YAML, ``document`` (an export) is written whole if given."""
    records = list(records)
    if fmt in ("json", "yaml"):
        data: Any = document if document is not None else records
        if fmt == "json":
            return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for rec in records:
            writer.writerow(
                ["" if (v := _flat(rec, c)) is None else csv_cell(_csv_value(v)) for c in COLUMNS]
            )
        return buf.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx_bytes(records)
    raise ValueError(f"unknown format {fmt!r}")


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice out twice: our import refuses YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xlsx_bytes(records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "instruments"
    sheet.append(list(COLUMNS))
    for row_number, rec in enumerate(records, start=2):
        for col_number, column in enumerate(COLUMNS, start=1):
            value = _flat(rec, column)
            if isinstance(value, str):
                value = xml_text(value)  # openpyxl refuses what XML forbids
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=col_number, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even when the text starts with "="
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
