"""Read an import file as a stream of :class:`RawRecord`, one record at a time.

CSV is read row by row from the file (nothing but the current row is held); XLSX row by row from
openpyxl's read-only sheet, after ``check_xlsx`` has scanned the archive; JSON and YAML are parsed whole
(duplicate keys and nesting are checked over the whole document, ``catalogue/parsing.py``) and then handed
out record by record, each dropped from the parsed list once handed out.

Every limit of ``catalogue/transfer/limits.py`` is checked as the rows go by: a file that breaks one
raises :class:`InputError` (file, row, what) at the row that breaks it. ``RecordStream.done()`` tells how
far the reading has come, in the unit of ``RecordStream.total`` (bytes for CSV, records otherwise), for a
progress bar.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from catalogue.errors import InputError, Problem, shorten
from catalogue.escaping import csv_text_in
from catalogue.parsing import DuplicateKey, ParseProblem, load_json, load_yaml
from catalogue.transfer.formats import COLUMNS, LIST_FIELDS, RawRecord, blank, cell_value, format_of
from catalogue.transfer.limits import ImportLimits, check_size, check_xlsx, file_problem


@dataclass
class RecordStream:
    records: Iterator[RawRecord]
    total: int  # bytes (CSV) or records (XLSX rows, JSON/YAML records)
    done: Callable[[], int]  # how much of ``total`` has been read


@contextmanager
def open_records(
    path: Path, fmt: str | None = None, limits: ImportLimits | None = None
) -> Iterator[RecordStream]:
    """The file's records as a stream; raise InputError when the file itself is unreadable or breaks a
    limit (default limits: :meth:`ImportLimits.from_env`). The file is closed when the block ends."""
    fmt = format_of(path, fmt)
    limits = limits or ImportLimits.from_env()
    name = str(path)
    check_size(path, name, limits)
    if fmt == "csv":
        with _csv_stream(path, name, limits) as stream:
            yield stream
    elif fmt == "xlsx":
        with _xlsx_stream(path, name, limits) as stream:
            yield stream
    else:
        yield _tree_stream(path, name, fmt, limits)


def read_records(path: Path, fmt: str | None = None, limits: ImportLimits | None = None) -> list[RawRecord]:
    """Every record of a file, as a list (small files; imports use :func:`open_records`)."""
    with open_records(path, fmt, limits) as stream:
        return list(stream.records)


# ---- CSV ---------------------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it (progress of a CSV import)."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return int(n or 0)

    def close(self) -> None:
        self.raw.close()
        super().close()


@contextmanager
def _csv_stream(path: Path, name: str, limits: ImportLimits) -> Iterator[RecordStream]:
    try:
        counter = _CountingReader(path.open("rb"))
    except OSError as exc:
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 20), encoding="utf-8-sig", newline="")
    field_limit = csv.field_size_limit(limits.max_cell_chars + 1)  # a longer cell stops the reader at once
    try:
        rows = _bounded_rows(_csv_rows(text, name, limits), name, limits)
        yield RecordStream(_records(rows, name), path.stat().st_size, lambda: counter.count)
    finally:
        csv.field_size_limit(field_limit)
        text.close()


def _csv_rows(text: IO[str], name: str, limits: ImportLimits) -> Iterator[list[str]]:
    reader = csv.reader(text)
    try:
        for row in reader:  # only a cell starting with "'" can carry the formula escape
            yield [csv_text_in(c) if c[:1] == "'" else c for c in row]
    except csv.Error as exc:
        where = f"row {reader.line_num}"
        if "field larger than field limit" in str(exc):
            message = f"a cell holds more than {limits.max_cell_chars} characters"
            raise file_problem(name, message, where, "(cell size)") from exc
        raise file_problem(name, f"not valid CSV: {shorten(str(exc))}", where) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc


# ---- XLSX --------------------------------------------------------------------------------------------


@contextmanager
def _xlsx_stream(path: Path, name: str, limits: ImportLimits) -> Iterator[RecordStream]:
    from openpyxl import load_workbook

    widest = check_xlsx(path, name, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    try:
        sheet = book["instruments"] if "instruments" in book.sheetnames else book.worksheets[0]
        counted = _Counted(sheet.iter_rows(max_col=widest, values_only=True))
        rows = _bounded_rows(counted, name, limits)
        yield RecordStream(_records(rows, name), max((sheet.max_row or 1) - 1, 0), lambda: counted.n)
    finally:
        book.close()


class _Counted:
    def __init__(self, rows: Iterable[Sequence[Any]]):
        self.rows, self.n = iter(rows), -1  # the header row is not a record

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.n += 1
            yield row


# ---- rows (CSV and XLSX) -----------------------------------------------------------------------------


def _bounded_rows(rows: Iterable[Sequence[Any]], name: str, limits: ImportLimits) -> Iterator[list[Any]]:
    """Rows as lists, refusing (with the row number) too many rows, columns, cells or characters."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_records + 1:
            raise file_problem(
                name, f"more than {limits.max_records} rows; split the file", f"row {number}", "(rows)"
            )
        if len(row) > limits.max_columns:
            raise file_problem(name, f"more than {limits.max_columns} columns", f"row {number}", "(columns)")
        if max((len(c) for c in row if isinstance(c, str)), default=0) > limits.max_cell_chars:
            _too_long(row, number, name, limits)
        cells += len(row) - row.count(None) - row.count("")
        if cells > limits.max_cells:
            raise file_problem(
                name, f"more than {limits.max_cells} cells; split the file", f"row {number}", "(cells)"
            )
        yield list(row)


def _too_long(row: Sequence[Any], number: int, name: str, limits: ImportLimits) -> None:
    for col, cell in enumerate(row, start=1):
        if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
            raise file_problem(
                name,
                f"holds {len(cell)} characters; at most {limits.max_cell_chars}",
                f"row {number}",
                f"column {col}",
                "cell",
            )


def _header(first: list[Any] | None, name: str) -> list[str]:
    if first is None:
        raise InputError(
            [Problem(name, "(file)", "(header)", "the file is empty; row 1 must name the columns")]
        )
    header = [str(h).strip() if h is not None else "" for h in first]
    while header and not header[-1]:
        header.pop()  # trailing empty columns (a spreadsheet's padding); a value under one is reported
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
    return header


def _records(rows: Iterator[list[Any]], name: str) -> Iterator[RawRecord]:
    header = _header(next(rows, None), name)
    width = len(header)
    convert = [_list_cell if h in LIST_FIELDS else _scalar_cell for h in header]
    for number, row in enumerate(rows, start=2):
        if all(blank(c) for c in row):
            continue
        cells = row + [None] * (width - len(row))
        extra = [c for c in cells[width:] if not blank(c)]
        data = {h: f(c) for h, f, c in zip(header, convert, cells, strict=False)}
        if extra:
            data["(unnamed column)"] = extra
        yield RawRecord(name, f"row {number}", data, tabular=True)


def _scalar_cell(cell: Any) -> Any:
    if cell.__class__ is str:  # CSV cells, most XLSX cells
        return cell if cell.strip() else None
    return cell_value("", cell)


def _list_cell(cell: Any) -> Any:
    if cell.__class__ is str and not cell.strip():
        return []
    return cell_value(LIST_FIELDS[0], cell)


# ---- JSON and YAML -----------------------------------------------------------------------------------


def _tree_stream(path: Path, name: str, fmt: str, limits: ImportLimits) -> RecordStream:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise file_problem(name, f"cannot read file: {shorten(str(exc))}") from exc
    items = _tree_items(text, name, fmt, limits)
    del text
    handed = [0]

    def records() -> Iterator[RawRecord]:
        for n in range(len(items)):
            raw, items[n] = items[n], None  # the parsed record is freed once handed out
            handed[0] = n + 1
            yield RawRecord(
                name, f"record {n + 1}", dict(raw) if isinstance(raw, dict) else {"(record)": raw}
            )

    return RecordStream(records(), len(items), lambda: handed[0])


def _tree_items(text: str, name: str, fmt: str, limits: ImportLimits) -> list[Any]:
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
    return data


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
