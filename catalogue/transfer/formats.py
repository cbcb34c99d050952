"""Read and write instrument records as CSV, XLSX, JSON or YAML, in the shape of ``export.instrument_record``.

JSON and YAML hold either a list of records or an export document (``{"instruments": [...]}``).
CSV and XLSX hold one record per row under a header row of field names; list fields are one cell with the
items separated by ``;`` (a literal ``;`` inside an item is written ``\\;``); an empty cell means null
(or an empty list). Readers return :class:`RawRecord` objects that know their place in the file (row
number as a spreadsheet shows it, or record number), so errors can name file, row and column.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from catalogue.errors import InputError, Problem, shorten
from catalogue.escaping import csv_cell, csv_text_in, xml_text
from catalogue.instruments.repository import INSTRUMENT_SCALARS, TAG_FIELDS
from catalogue.parsing import DuplicateKey, ParseProblem, load_json, load_yaml
from catalogue.transfer.limits import ImportLimits, check_size, check_xlsx, file_problem

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


def read_records(path: Path, fmt: str | None = None, limits: ImportLimits | None = None) -> list[RawRecord]:
    """Read a file into raw (unvalidated) records; raise InputError if the file itself is unreadable or
    larger than ``limits`` allow (default: :meth:`ImportLimits.from_env`)."""
    fmt = format_of(path, fmt)
    limits = limits or ImportLimits.from_env()
    name = str(path)
    check_size(path, name, limits)
    if fmt == "xlsx":
        return _read_xlsx(path, name, limits)
    if fmt == "csv":
        return _read_csv(path, name, limits)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    return _read_tree(text, name, fmt, limits)


# ---- readers -----------------------------------------------------------------------------------------


def _read_tree(text: str, name: str, fmt: str, limits: ImportLimits) -> list[RawRecord]:
    load = load_json if fmt == "json" else load_yaml
    try:
        data, duplicates = load(text, limits.parse)
    except ParseProblem as exc:
        raise file_problem(name, exc.message, _place(exc.line, exc.path), f"({fmt})") from exc
    top: tuple[str | int, ...] = ()
    if isinstance(data, dict) and "instruments" in data:
        data, top = data["instruments"], ("instruments",)
    if not isinstance(data, list):
        raise file_problem(
            name, "must be a list of instruments or an export with 'instruments'", where="(top level)"
        )
    if len(data) > limits.max_records:
        raise file_problem(
            name,
            f"holds {len(data)} records; at most {limits.max_records} can be imported",
            where="(records)",
        )
    problems = [_duplicate_problem(name, d, top) for d in duplicates]
    if problems:
        raise InputError(problems)
    return [
        RawRecord(name, f"record {n}", dict(raw) if isinstance(raw, dict) else {"(record)": raw})
        for n, raw in enumerate(data, start=1)
    ]


def _place(line: int | None, path: tuple[str | int, ...]) -> str:
    """Where in a JSON/YAML file: the record number when the path starts in the list, else the line."""
    rest = path[1:] if path[:1] == ("instruments",) else path
    if rest and isinstance(rest[0], int):
        return f"record {rest[0] + 1}"
    return f"line {line}" if line else "(file)"


def _duplicate_problem(name: str, d: DuplicateKey, top: tuple[str | int, ...]) -> Problem:
    inside = d.path[len(top) :] if d.path[: len(top)] == top else None
    record = f"record {inside[0] + 1}" if inside and isinstance(inside[0], int) else "(file)"
    field = ".".join(str(p) for p in [*(inside or ())[1:], d.key])
    line = f" (line {d.line})" if d.line else ""
    return Problem(name, record, field, f"the key {d.key!r} is given more than once{line}; keep one")


def _read_csv(path: Path, name: str, limits: ImportLimits) -> list[RawRecord]:
    field_limit = csv.field_size_limit(limits.max_cell_chars + 1)  # a longer cell stops the reader at once
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            rows = _bounded_rows(reader, name, limits)
    except csv.Error as exc:
        where = f"row {reader.line_num}" if reader else "(file)"
        if "field larger than field limit" in str(exc):
            message = f"a cell holds more than {limits.max_cell_chars} characters"
            raise file_problem(name, message, where, "(cell size)") from exc
        raise file_problem(name, f"not valid CSV: {shorten(str(exc))}", where) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    finally:
        csv.field_size_limit(field_limit)
    return _from_rows([[csv_text_in(c) for c in row] for row in rows], name)


def _read_xlsx(path: Path, name: str, limits: ImportLimits) -> list[RawRecord]:
    from openpyxl import load_workbook

    widest = check_xlsx(path, name, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    try:
        sheet = book["instruments"] if "instruments" in book.sheetnames else book.worksheets[0]
        rows = _bounded_rows(sheet.iter_rows(max_col=widest, values_only=True), name, limits)
    finally:
        book.close()
    return _from_rows(rows, name)


def _bounded_rows(rows: Iterable[Sequence[Any]], name: str, limits: ImportLimits) -> list[list[Any]]:
    """Rows as lists, refusing (with the row number) too many rows, columns, cells or characters."""
    out: list[list[Any]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_records + 1:
            raise file_problem(
                name, f"more than {limits.max_records} rows; split the file", f"row {number}", "(rows)"
            )
        if len(row) > limits.max_columns:
            raise file_problem(name, f"more than {limits.max_columns} columns", f"row {number}", "(columns)")
        for col, cell in enumerate(row, start=1):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise file_problem(
                    name,
                    f"holds {len(cell)} characters; at most {limits.max_cell_chars}",
                    f"row {number}",
                    f"column {col}",
                    "cell",
                )
        cells += sum(1 for c in row if c is not None and c != "")
        if cells > limits.max_cells:
            raise file_problem(
                name, f"more than {limits.max_cells} cells; split the file", f"row {number}", "(cells)"
            )
        out.append(list(row))
    return out


def _from_rows(rows: list[list[Any]], name: str) -> list[RawRecord]:
    if not rows:
        raise InputError(
            [Problem(name, "(file)", "(header)", "the file is empty; row 1 must name the columns")]
        )
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    while header and not header[-1] and all(len(r) < len(header) or _blank(r[len(header) - 1]) for r in rows):
        header.pop()  # trailing empty columns (a spreadsheet's padding)
    problems = [
        Problem(name, "row 1", h or f"column {n}", "empty or repeated column name", kind="column")
        for n, h in enumerate(header, start=1)
        if not h or header.count(h) > 1
    ]
    problems += [
        Problem(name, "row 1", h, f"unknown column; the columns are: {', '.join(COLUMNS)}", kind="column")
        for h in header
        if h and h not in COLUMNS
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
