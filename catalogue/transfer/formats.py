"""Read and write instrument records as CSV, XLSX, JSON or YAML, in the shape of ``export.instrument_record``.

JSON and YAML hold either a list of records or an export document (``{"instruments": [...]}``).
CSV and XLSX hold one record per row under a header row of field names; list fields are one cell with the
items separated by ``;`` (a literal ``;`` inside an item is written ``\\;``); an empty cell means null
(or an empty list). Readers return :class:`RawRecord` objects that know their place in the file (row
number as a spreadsheet shows it, or record number), so errors can name file, row and column.
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

from catalogue.errors import InputError, Problem
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
        return f"{self.label} (slug {slug!r})" if isinstance(slug, str) and slug else self.label


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


def read_records(path: Path, fmt: str | None = None) -> list[RawRecord]:
    """Read a file into raw (unvalidated) records; raise InputError if the file itself is unreadable."""
    fmt = format_of(path, fmt)
    name = str(path)
    try:
        if fmt == "xlsx":
            return _read_xlsx(path, name)
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise InputError([Problem(name, "(file)", "(file)", f"cannot read file: {exc}")]) from exc
    if fmt == "csv":
        return _read_csv(text, name)
    return _read_tree(text, name, fmt)


# ---- readers -----------------------------------------------------------------------------------------


def _read_tree(text: str, name: str, fmt: str) -> list[RawRecord]:
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError([Problem(name, "(file)", f"({fmt})", f"not valid {fmt.upper()}: {exc}")]) from exc
    if isinstance(data, dict) and "instruments" in data:
        data = data["instruments"]
    if not isinstance(data, list):
        raise InputError(
            [
                Problem(
                    name,
                    "(file)",
                    "(top level)",
                    "must be a list of instruments or an export with 'instruments'",
                )
            ]
        )
    return [
        RawRecord(name, f"record {n}", raw if isinstance(raw, dict) else {"(record)": raw})
        for n, raw in enumerate(data, start=1)
    ]


def _read_csv(text: str, name: str) -> list[RawRecord]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return _from_rows(rows, name)


def _read_xlsx(path: Path, name: str) -> list[RawRecord]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book["instruments"] if "instruments" in book.sheetnames else book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _from_rows(rows, name)


def _from_rows(rows: list[list[Any]], name: str) -> list[RawRecord]:
    if not rows:
        raise InputError(
            [Problem(name, "(file)", "(header)", "the file is empty; row 1 must name the columns")]
        )
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    problems = [
        Problem(name, "row 1", h or f"column {n}", "empty or repeated column name")
        for n, h in enumerate(header, start=1)
        if not h or header.count(h) > 1
    ]
    if problems:
        raise InputError(problems)
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in row):
            continue
        cells = list(row) + [None] * (len(header) - len(row))
        extra = [c for c in cells[len(header) :] if not _blank(c)]
        data = {h: _cell(h, c) for h, c in zip(header, cells, strict=False)}
        if extra:
            data["(unnamed column)"] = extra
        out.append(RawRecord(name, f"row {number}", data, tabular=True))
    return out


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell(column: str, cell: Any) -> Any:
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if column in LIST_FIELDS:
        if _blank(cell):
            return []
        return [p.strip().replace("\\;", ";") for p in _SPLIT.split(str(cell)) if p.strip()]
    return None if _blank(cell) else cell


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
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for rec in records:
            writer.writerow(["" if (v := _flat(rec, c)) is None else _csv_value(v) for c in COLUMNS])
        return buf.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx_bytes(records)
    raise ValueError(f"unknown format {fmt!r}")


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
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=col_number, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even when the text starts with "="
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
