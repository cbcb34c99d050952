"""Read a backup file line by line, checking every line, and hand out its rows in batches.

Any fault — not gzip, cut short, a line changed, a value of the wrong type, a table this version does not
know — raises ``BackupError`` naming the line. ``restore`` reads the whole file once before it writes
anything, and again while writing (in one transaction), so a bad file never leaves rows behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table

from catalogue.transfer.backup_format import (
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    Codec,
    backup_tables,
    codecs,
    table_named,
)

BATCH_ROWS = 1000  # rows handed out (and inserted) at a time
MAX_LINE = 64 * 1024 * 1024  # a longer line is a damaged file, not a row
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Header:
    revision: str
    created_at: str
    with_accounts: bool
    tables: tuple[str, ...]


@dataclass(frozen=True)
class Batch:
    table: Table
    rows: list[dict[str, Any]]
    last: bool  # the table's last batch (possibly with no rows)


def _header(value: Any) -> Header:
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise BackupError("line 1: not a verkemiddelkart backup")
    version = value.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"line 1: backup format version {version!r}; this version of verkemiddelkart reads "
            f"version {FORMAT_VERSION}"
        )
    revision, tables = value.get("alembic_revision"), value.get("tables")
    if not isinstance(revision, str) or not isinstance(tables, list):
        raise BackupError("line 1: the header lacks the database revision or the list of tables")
    header = Header(revision, str(value.get("created_at")), bool(value.get("with_accounts")), tuple(tables))
    for name in header.tables:
        table_named(str(name))
    expected = tuple(t.name for t in backup_tables(header.with_accounts))
    if header.tables != expected:
        raise BackupError(
            "line 1: the backup's tables differ from this version's "
            f"(missing: {sorted(set(expected) - set(header.tables))}, "
            f"extra: {sorted(set(header.tables) - set(expected))})"
        )
    return header


class BackupReader:
    """``with BackupReader(path) as reader:`` then ``reader.header`` and ``for batch in reader.batches()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.line_no = 0
        self._file: gzip.GzipFile | None = None
        self._digest = hashlib.sha256()

    def __enter__(self) -> BackupReader:
        try:
            self._file = gzip.open(self.path, "rb")
        except OSError as exc:
            raise BackupError(f"cannot open {self.path}: {exc}") from exc
        self.header = _header(self._next(hashed=False))
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._file is not None:
            self._file.close()

    def _raw(self, last: bool = False) -> bytes:
        """The next line as bytes (``b""`` at the end, if ``last`` allows it); ``BackupError`` if damaged."""
        assert self._file is not None
        self.line_no += 1
        try:
            data = self._file.readline(MAX_LINE + 1)
        except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
            raise BackupError(f"line {self.line_no}: the file is damaged or cut short ({exc})") from exc
        if not data.endswith(b"\n") and not (last and data == b""):
            what = "too long" if len(data) > MAX_LINE else "cut short"
            raise BackupError(f"line {self.line_no}: the file is damaged ({what})")
        return data

    def _parse(self, data: bytes) -> Any:
        try:
            return _DECODER.decode(data.decode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError is a ValueError
            raise BackupError(f"line {self.line_no}: not valid JSON ({exc})") from exc

    def _next(self, hashed: bool = True) -> Any:
        """The next line, parsed; ``BackupError`` if the file is damaged or ends here."""
        data = self._raw()
        if hashed:
            self._digest.update(data)
        return self._parse(data)

    def check_sum(self) -> None:
        """Read the rest of the file without decoding it: is it whole, and does its checksum match? (A
        quick first pass before anything is written; ``batches`` checks every line in detail.)"""
        previous = b""
        while data := self._raw(last=True):
            self._digest.update(previous)
            previous = data
        self.line_no -= 1
        self._trailer_matches(self._parse(previous), None)

    def _expect(self, key: str, name: str) -> dict[str, Any]:
        value = self._next()
        if not isinstance(value, dict) or value.get(key) != name:
            raise BackupError(f"line {self.line_no}: expected the {key!r} line of table {name!r}")
        return value

    def batches(self) -> Iterator[Batch]:
        """Every table's rows, decoded to Python values, in batches; then the trailer is checked."""
        total = 0
        for name in self.header.tables:
            table = table_named(name)
            names = [c.name for c in table.columns]
            if self._expect("table", name).get("columns") != names:
                raise BackupError(
                    f"line {self.line_no}: the columns of {name!r} differ from this version's: the backup "
                    "was made by another version of the database (see docs/maintenance.md)"
                )
            count = yield from self._table_rows(table, names)
            total += count
        self._trailer(total)

    def _table_rows(self, table: Table, names: list[str]) -> Generator[Batch, None, int]:
        coders = codecs(table)
        rows: list[dict[str, Any]] = []
        count = 0
        while True:
            value = self._next()
            if isinstance(value, dict):
                if value.get("end") != table.name or value.get("rows") != count:
                    raise BackupError(
                        f"line {self.line_no}: expected the end of table {table.name!r} after {count} rows"
                    )
                yield Batch(table, rows, last=True)
                return count
            rows.append(self._decoded(table, names, coders, value))
            count += 1
            if len(rows) >= BATCH_ROWS:
                yield Batch(table, rows, last=False)
                rows = []

    def _decoded(self, table: Table, names: list[str], coders: list[Codec], value: Any) -> dict[str, Any]:
        if not isinstance(value, list) or len(value) != len(names):
            raise BackupError(f"line {self.line_no}: expected a row of {len(names)} values of {table.name!r}")
        row = dict(zip(names, value, strict=True))
        for name, codec, cell in zip(names, coders, value, strict=True):
            if cell is None or (codec.plain and (not codec.kinds or type(cell) in codec.kinds)):
                continue  # the common case, kept quick: text, numbers, booleans and JSON as they are
            try:
                row[name] = codec.decode(cell)
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise BackupError(f"line {self.line_no}: {table.name}.{name}: {exc}") from exc
        return row

    def _trailer_matches(self, value: Any, total: int | None) -> None:
        if not isinstance(value, dict) or value.get("end_of_backup") is not True:
            raise BackupError(f"line {self.line_no}: expected the end of the backup (is the file cut short?)")
        if value.get("sha256") != self._digest.hexdigest() or total not in (None, value.get("rows")):
            raise BackupError("the backup's checksum does not match its contents: the file was altered")

    def _trailer(self, total: int) -> None:
        self._trailer_matches(self._next(hashed=False), total)
        assert self._file is not None
        try:
            extra = self._file.read(1)
        except (OSError, EOFError, zlib.error) as exc:
            raise BackupError(f"the file is damaged after its last line ({exc})") from exc
        if extra:
            raise BackupError(f"line {self.line_no + 1}: unexpected data after the end of the backup")
