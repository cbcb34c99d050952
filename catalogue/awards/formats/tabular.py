"""Record streams of the generic award format: CSV, XLSX (openpyxl, read-only) and JSON, each yielding
(label, flat record) with labels a person finds in the file: "row 7 (line 9)" or "record 7".

JSON is read incrementally: a top-level list of grants, or an object whose ``grants`` member is that list
(the 360Giving package shape). Nested objects and lists are flattened to dotted keys,
``recipientOrganization.0.id``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from catalogue.awards.formats.common import input_error

Record = dict[str, Any]
CHUNK = 1 << 20


def csv_records(stream: TextIO, file: str, delimiter: str) -> tuple[list[str], Iterator[tuple[str, Record]]]:
    reader = csv.reader(stream, delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    if not any(header):
        raise input_error(file, "row 1", "(header)", "the file is empty; row 1 must name the columns")

    def rows() -> Iterator[tuple[str, Record]]:
        line = 1
        for number, row in enumerate(reader, start=2):
            label = f"row {number} (line {line + 1})"
            line = reader.line_num
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                raise input_error(
                    file, label, "(row)", f"has {len(row)} columns, the header has {len(header)}"
                )
            yield label, dict(zip(header, row, strict=False))

    return header, rows()


def xlsx_records(
    path: Path, file: str, sheet: str | None
) -> tuple[list[str], Iterator[tuple[str, Record]], int]:
    """(header, records, number of rows) of one sheet (the first unless ``sheet`` names one)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise input_error(file, "(file)", "(xlsx)", f"not a readable XLSX file: {exc}") from exc
    if sheet is not None and sheet not in book.sheetnames:
        raise input_error(
            file, "(file)", "(sheet)", f"no sheet {sheet!r}; the workbook has {book.sheetnames}"
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    if not any(header):
        book.close()
        raise input_error(file, "row 1", "(header)", "the sheet is empty; row 1 must name the columns")

    def records() -> Iterator[tuple[str, Record]]:
        try:
            for number, row in enumerate(rows, start=2):
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
                    continue
                yield f"row {number}", {h: c for h, c in zip(header, row, strict=False) if h}
        finally:
            book.close()

    return header, records(), int(ws.max_row or 0)


def flatten(value: Any, prefix: str = "", out: Record | None = None) -> Record:
    out = {} if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, f"{prefix}{k}.", out)
    elif isinstance(value, list):
        for n, v in enumerate(value):
            flatten(v, f"{prefix}{n}.", out)
    else:
        out[prefix[:-1]] = value
    return out


class _Buffer:
    """Text read from a stream in chunks, decoded one JSON value at a time."""

    def __init__(self, stream: TextIO, file: str):
        self.stream, self.file = stream, file
        self.text, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self._fill():
                return self.text[self.pos : self.pos + 1]

    def expect(self, chars: str, where: str) -> str:
        c = self.peek()
        if not c or c not in chars:
            raise input_error(
                self.file, where, "(json)", f"expected one of {chars!r}, found {c or 'the end'!r}"
            )
        self.pos += 1
        return c

    def value(self, where: str) -> Any:
        self.peek()
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self._fill():
                    continue
                raise input_error(self.file, where, "(json)", f"not valid JSON: {exc.msg}") from None
            if end >= len(self.text) and self._fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return obj


def json_records(stream: TextIO, file: str) -> Iterator[tuple[str, Record]]:
    buf = _Buffer(stream, file)
    first = buf.peek()
    if first == "[":
        yield from _array(buf)
    elif first == "{":
        yield from _package(buf)
    else:
        raise input_error(file, "(file)", "(json)", "must be a list of grants or an object with 'grants'")


def _package(buf: _Buffer) -> Iterator[tuple[str, Record]]:
    buf.expect("{", "(file)")
    found = False
    if buf.peek() == "}":
        buf.pos += 1
    else:
        while True:
            key = buf.value("(file)")
            buf.expect(":", "(file)")
            if key == "grants":
                found = True
                yield from _array(buf)
            else:
                buf.value(f"member {key!r}")
            if buf.expect(",}", "(file)") == "}":
                break
    if not found:
        raise input_error(buf.file, "(file)", "grants", "the object has no 'grants' list")


def _array(buf: _Buffer) -> Iterator[tuple[str, Record]]:
    buf.expect("[", "grants")
    if buf.peek() == "]":
        buf.pos += 1
        return
    number = 0
    while True:
        number += 1
        label = f"record {number}"
        grant = buf.value(label)
        if not isinstance(grant, dict):
            raise input_error(buf.file, label, "(record)", "a grant must be a JSON object")
        yield label, flatten(grant)
        if buf.expect(",]", label) == "]":
            return
