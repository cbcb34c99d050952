"""How much an import file may hold, and the check that an XLSX file keeps to it before it is opened.

A small file must not be able to expand into gigabytes or minutes of work: an XLSX file is a zip archive
of XML, and its sheet may declare a million rows or put one cell at XFD1048576. ``check_xlsx`` reads the
archive's table of contents and streams every XML part through expat (nothing is built) and refuses it,
naming the row, as soon as a limit is passed; only then does openpyxl open it, in read-only mode.
Defaults suit a catalogue of some thousand instruments; ``VK_IMPORT_MAX_MB`` and ``VK_IMPORT_MAX_RECORDS``
change the two that a large, honest file could reach; the number of cells and of JSON/YAML values allowed
grows with ``VK_IMPORT_MAX_RECORDS`` (50 cells and 100 values a record).
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.parsers import expat

from catalogue.errors import InputError, Problem
from catalogue.parsing import ParseLimits

MB = 2**20
EXCEL_CELL_MAX = 32_767  # characters in one spreadsheet cell (Excel's own limit)
CELLS_PER_RECORD = 50  # a full record fills about 30 of the 45 columns
VALUES_PER_RECORD = 100  # the default limits' ratio (1 000 000 JSON/YAML values for 10 000 records)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 50 * MB  # the file; for XLSX also its unpacked content
    max_records: int = 10_000  # rows (CSV/XLSX) or records (JSON/YAML)
    max_columns: int = 100
    max_cells: int = 200_000  # cells with a value (CSV/XLSX)
    max_cell_chars: int = EXCEL_CELL_MAX
    parse: ParseLimits = field(default_factory=ParseLimits)  # JSON/YAML: nesting and number of values

    @classmethod
    def from_env(cls) -> ImportLimits:
        mb = os.environ.get("VK_IMPORT_MAX_MB", "").strip()
        records = os.environ.get("VK_IMPORT_MAX_RECORDS", "").strip()
        if not records:
            return cls(max_bytes=int(float(mb) * MB) if mb else cls.max_bytes)
        n = int(records)  # cells and values grow with the records allowed (20 cells, 100 values each)
        return cls(
            max_bytes=int(float(mb) * MB) if mb else cls.max_bytes,
            max_records=n,
            max_cells=max(cls.max_cells, n * CELLS_PER_RECORD),
            parse=ParseLimits(max_values=max(ParseLimits.max_values, n * VALUES_PER_RECORD)),
        )

    def size_text(self) -> str:
        return size_text(self.max_bytes)


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} kB"


def file_problem(
    name: str, message: str, record: str = "(file)", where: str = "(file)", kind: str = "field"
) -> InputError:
    """A problem with the file itself (``where`` names what: "(size)", "(rows)", a cell "A2" with kind
    "cell", ...)."""
    return InputError([Problem(name, record, where, message, kind=kind)])


def check_size(path: Path, name: str, limits: ImportLimits) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise file_problem(name, f"cannot read file: {exc.strerror}") from exc
    if size > limits.max_bytes:
        raise file_problem(
            name,
            f"the file holds {size_text(size)}; at most {limits.size_text()} can be imported",
            where="(size)",
        )


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _SheetScan:
    """Expat handlers over one XML part: counts rows, cells, shared strings, and text per element."""

    def __init__(self, name: str, limits: ImportLimits) -> None:
        self.name, self.limits = name, limits
        self.rows = self.cells = self.row_cells = self.strings = self.text = 0
        self.row = self.widest = 0
        self.ref: str | None = None

    def fail(self, message: str, where: str, cell: str | None = None) -> None:
        record = f"row {self.row}" if self.row else "(file)"
        raise file_problem(self.name, message, record, cell or where, "cell" if cell else "field")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.text = 0
        local = tag.rsplit(" ", 1)[-1]
        if local == "row":
            self._row(attrs.get("r"))
        elif local == "c":
            self._cell(attrs.get("r"))
        elif local == "si":
            self.strings += 1
            if self.strings > self.limits.max_cells:
                self.fail(f"more than {self.limits.max_cells} texts in the shared-strings part", "(cells)")
        elif local == "dimension":
            self._dimension(attrs.get("ref", ""))

    def _row(self, ref: str | None) -> None:
        self.rows += 1
        self.row = int(ref) if ref and ref.isdigit() else self.row + 1
        self.row_cells = 0
        if self.row > self.limits.max_records + 1:
            self.fail(f"more than {self.limits.max_records} rows; split the file", "(rows)")

    def _cell(self, ref: str | None) -> None:
        self.cells += 1
        self.row_cells += 1
        found = _CELL_REF.match(ref or "")
        col = column_number(found.group(1)) if found else self.row_cells
        if found and int(found.group(2)) > self.limits.max_records + 1:
            self.row = int(found.group(2))
            self.fail(f"more than {self.limits.max_records} rows; split the file", "(rows)")
        if col > self.limits.max_columns:
            self.fail(f"lies beyond column {self.limits.max_columns}", "(columns)", ref)
        self.widest = max(self.widest, col)
        self.ref = ref
        if self.cells > self.limits.max_cells:
            self.fail(f"more than {self.limits.max_cells} cells; split the file", "(cells)")

    def _dimension(self, ref: str) -> None:
        last = _CELL_REF.match(ref.split(":")[-1].replace("$", ""))
        if last is None:
            return
        cols, rows = column_number(last.group(1)), int(last.group(2))
        if rows > self.limits.max_records + 1 or cols > self.limits.max_columns:
            raise file_problem(
                self.name,
                f"the sheet declares the range {ref} ({rows} rows, {cols} columns); at most "
                f"{self.limits.max_records} rows and {self.limits.max_columns} columns can be imported",
                where="(dimension)",
            )

    def chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.max_cell_chars:
            self.fail(f"holds more than {self.limits.max_cell_chars} characters", "(cell size)", self.ref)

    def end(self, tag: str) -> None:
        self.text = 0


def _refuse_dtd(*_: object) -> None:
    raise ValueError("declares a DTD or entities, which spreadsheets never do")


def _scan_part(stream: IO[bytes], scan: _SheetScan) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    while chunk := stream.read(64 * 1024):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def check_xlsx(path: Path, name: str, limits: ImportLimits) -> int:
    """Refuse an XLSX file that breaks a limit, naming the row; return the widest column used."""
    part_name = "(archive)"
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > limits.max_bytes:
                raise file_problem(
                    name,
                    f"the workbook unpacks to {size_text(unpacked)}; at most {limits.size_text()} "
                    "can be imported",
                    where="(size)",
                )
            widest = 1
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    part_name = part.filename
                    scan = _SheetScan(name, limits)
                    with archive.open(part) as stream:
                        _scan_part(stream, scan)
                    widest = max(widest, scan.widest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise file_problem(name, f"cannot read file: not an XLSX workbook ({exc})") from exc
    except (expat.ExpatError, ValueError) as exc:
        raise file_problem(name, f"cannot read file: {part_name} {exc}") from exc
    return widest
