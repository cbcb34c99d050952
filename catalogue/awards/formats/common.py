"""What every award reader shares: row errors that name file, row and column; exact amounts in minor
units; dates; counties; FoU sectors; organisation keys with the MOD11 check.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from typing import Any, BinaryIO

from catalogue.errors import InputError, Problem
from catalogue.orgnumber import orgnumber_problem

# Norwegian FoU sectors as Forskningsrådet publishes them -> a kind the analysis can count on.
SECTOR_KINDS = {
    "næringsliv": "business",
    "uoh-sektor": "higher_education",
    "instituttsektor": "institute",
    "helseforetak": "health",
    "offentlig sektor": "public",
    "norges forskningsråd": "public",
    "øvrige": "other",
    "utlandet": "abroad",
}
SECTOR_KIND_VALUES = ("business", "higher_education", "institute", "health", "public", "other", "abroad")
NO_ORGNUMBER = ("", "0")
REMEMBERED = 100_000  # participations remembered by ReadContext before it forgets them all
CENT = Decimal(1)


class RowError(Exception):
    """A bad cell; the reader turns it into an :class:`InputError` naming file, row and column."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def input_error(file: str, label: str, column: str, message: str) -> InputError:
    return InputError([Problem(file, label, column, message, kind="column")])


@dataclass
class ReadContext:
    """What a reader needs from the database: the county codes of the catalogue (2024 numbers)."""

    file: str
    counties: frozenset[str] = frozenset()
    county_names: dict[str, str] = field(default_factory=dict)  # lower-case name (nn, nb) -> code
    _orgnumbers: dict[str, str | None] = field(default_factory=dict)
    # Participations or organisations already built, by the cells they were built from (a file names the same
    # organisation in the same way again and again); bounded, so that memory stays flat.
    remembered: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def orgnumber_problem(self, number: str) -> str | None:
        """The MOD11 check, remembered per number (a file names the same organisations again and again)."""
        try:
            return self._orgnumbers[number]
        except KeyError:
            problem = self._orgnumbers[number] = orgnumber_problem(number)
            return problem

    def county(self, number: str) -> str | None:
        """A published county number as a catalogue county code ("3" -> "03"); None for a county that
        is not one of today's (e.g. Viken, 30, in files from 2020-2023) or for no county."""
        code = number.strip().zfill(2) if number.strip() else ""
        return code if code in self.counties else None

    def county_from(self, value: str) -> str | None:
        """A county given by number or by name (nynorsk or bokmål)."""
        value = value.strip()
        return self.county(value) if value.isdigit() else self.county_names.get(value.lower())


class CountingReader(io.RawIOBase):
    """A raw binary file that counts the bytes read, for the progress bar."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return int(n or 0)


def header_index(header: Sequence[str], required: Sequence[str], file: str) -> dict[str, int]:
    """Column positions by name; every column in ``required`` must be there (else row 1 is named)."""
    index = {name.strip(): n for n, name in enumerate(header)}
    missing = [c for c in required if c not in index]
    if missing:
        raise input_error(file, "row 1", ", ".join(missing), "missing column(s); is this the right --format?")
    return index


class Columns:
    """The columns a reader uses: picked from each row and stripped in one pass, their positions in the
    picked list (``at``), and their length limits (checked in detail only when a cell is long)."""

    def __init__(self, header: Sequence[str], used: Sequence[str], limits: dict[str, int], file: str):
        index = header_index(header, used, file)
        self.width = len(header)
        self.at = {name: n for n, name in enumerate(used)}
        self._pick = itemgetter(*(index[name] for name in used))
        self._limits = tuple((self.at[name], limit, name) for name, limit in limits.items())
        self._limited = itemgetter(*(self.at[name] for name in limits))
        self._shortest = min(limits.values())

    def cells(self, row: list[str]) -> list[str]:
        if len(row) != self.width:
            raise RowError("(row)", f"has {len(row)} columns, the header has {self.width}")
        cells = list(map(str.strip, self._pick(row)))
        if max(map(len, self._limited(cells))) > self._shortest:
            for position, limit, name in self._limits:
                if len(cells[position]) > limit:
                    raise RowError(name, f"longer than {limit} characters")
        return cells


def text_or_none(value: str, column: str, max_length: int | None = None) -> str | None:
    value = value.strip()
    if not value:
        return None
    if max_length is not None and len(value) > max_length:
        raise RowError(column, f"longer than {max_length} characters")
    return value


def required_text(value: str, column: str, max_length: int) -> str:
    out = text_or_none(value, column, max_length)
    if out is None:
        raise RowError(column, "must not be empty")
    return out


def amount_minor(value: str | float | int | None, column: str, decimal_comma: bool = False) -> int | None:
    """An amount as an exact integer in minor units (øre, cent), rounded half up to two decimals.

    Empty means not stated (None). Published floats such as ``626199.99999984`` become 62620000."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value * 100
    text = str(value).strip()
    if not text:
        return None
    whole = text[:-2] if text.endswith(".0") else text
    if whole.isascii() and whole.isdigit():  # the common case, without Decimal
        return int(whole) * 100
    if decimal_comma:
        text = text.replace(" ", "").replace("\u00a0", "").replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowError(column, f"{text!r} is not an amount") from None
    if not number.is_finite():
        raise RowError(column, f"{text!r} is not an amount")
    if number < 0:
        raise RowError(column, f"amount {text} is negative")
    return int((number * 100).quantize(CENT, ROUND_HALF_UP))


@lru_cache(maxsize=1 << 16)
def _iso(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


@lru_cache(maxsize=1 << 16)
def _dotted(day: str) -> dt.date:
    if len(day) < 10 or day[2] != "." or day[5] != ".":
        raise ValueError(day)
    return dt.date(int(day[6:10]), int(day[3:5]), int(day[0:2]))


def iso_date(value: str, column: str) -> dt.date | None:
    """``2012-10-17`` or ``2012-10-17 13:00:00`` (time dropped)."""
    value = value.strip()
    if not value:
        return None
    try:
        return _iso(value[:10])
    except ValueError:
        raise RowError(column, f"{value!r} is not a date (YYYY-MM-DD)") from None


def dotted_date(value: str, column: str) -> dt.date | None:
    """``25.05.2020 00:00`` or ``25.05.2020`` (time dropped)."""
    value = value.strip()
    if not value:
        return None
    try:
        return _dotted(value[:10])
    except ValueError:
        raise RowError(column, f"{value!r} is not a date (dd.mm.yyyy)") from None


def year_or_none(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not (len(value) == 4 and value.isdigit()):
        raise RowError(column, f"{value!r} is not a year")
    return int(value)


def municipality_code(value: str, column: str) -> str | None:
    """A municipality number, zero-padded to four digits ("301" -> "0301")."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 4:
        raise RowError(column, f"{value!r} is not a municipality number")
    return value.zfill(4)


def sector_kind(sector: str | None) -> str | None:
    """The kind of a published FoU sector ("Næringsliv" -> business); a kind given as such is kept."""
    if not sector:
        return None
    lower = sector.strip().lower()
    return lower if lower in SECTOR_KIND_VALUES else SECTOR_KINDS.get(lower)


def organisation(
    ctx: ReadContext, source_key: str, number: str, name: str | None, column: str
) -> tuple[str, str | None]:
    """(key, organisation number or None). ``0`` or empty means none: the key is then the source's name."""
    number = number.strip()
    if number in NO_ORGNUMBER:
        if not name:
            raise RowError(column, "neither an organisation number nor a name")
        return f"{source_key}:{name}", None
    problem = ctx.orgnumber_problem(number)
    if problem:
        raise RowError(column, f"organisation number {number!r} {problem}")
    return number, number
