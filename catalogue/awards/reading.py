"""Open an award file as a stream of :class:`AwardRow` in one of the three formats, reporting progress
by bytes read (CSV, JSON) or rows read (XLSX). The column map of the generic format is read here too."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from pydantic import ValidationError

from catalogue.awards.formats import fr_eu, fr_soknader, generic, tabular
from catalogue.awards.formats.common import CountingReader, ReadContext, input_error
from catalogue.awards.records import AwardRow, SourceInfo
from catalogue.awards.schemas import ColumnMapIn
from catalogue.errors import InputError, Problem, problems_from_validation

FORMATS = ("fr-soknader", "fr-eu", "generic")
Progress = Callable[[int, int], None]
EVERY = 2_000  # rows between progress reports


def read_column_map(map_path: Path | None, data_path: Path) -> ColumnMapIn:
    """The column map in ``map_path``; without one, the file's own 360Giving names and its name as source."""
    if map_path is None:
        key = "".join(c if c.isalnum() or c in "._-" else "-" for c in data_path.stem.lower()).strip("-._")
        return ColumnMapIn(source=key or "generic", name=data_path.name)
    try:
        raw = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError([Problem(map_path.name, "(file)", "(file)", f"cannot read: {exc}")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(map_path.name, "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc
    if not isinstance(raw, dict):
        raise InputError([Problem(map_path.name, "(file)", "(top level)", "must be a mapping")])
    try:
        return ColumnMapIn.model_validate(raw)
    except ValidationError as exc:
        raise InputError(problems_from_validation(map_path.name, "column map", exc)) from exc


def _counted(
    rows: Iterator[AwardRow], done: Callable[[int], int], total: int, progress: Progress | None
) -> Iterator[AwardRow]:
    """``rows``, calling ``progress(done(rows so far), total)`` every few thousand rows and at the end."""
    if progress is None:
        yield from rows
        return
    for n, row in enumerate(rows, start=1):
        yield row
        if n % EVERY == 0:
            progress(done(n), total)
    progress(total, total)


@contextmanager
def open_rows(
    path: Path, fmt: str, ctx: ReadContext, cmap: ColumnMapIn | None, progress: Progress | None
) -> Iterator[tuple[SourceInfo, Iterator[AwardRow]]]:
    """(what the source is, its rows) of the file at ``path``; the file is closed on leaving."""
    if fmt == "generic" and cmap is not None and path.suffix.lower() in (".xlsx", ".xlsm"):
        header, records, total = tabular.xlsx_records(path, ctx.file, cmap.sheet)
        generic.check_header(header, cmap, ctx.file)
        rows = generic.GenericReader(cmap, ctx, header).read(records)
        yield generic.source_info(cmap), _counted(rows, lambda n: n, total, progress)
        return
    try:
        raw = open(path, "rb", buffering=0)  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise input_error(ctx.file, "(file)", "(file)", f"cannot read: {exc}") from exc
    counting = CountingReader(raw)
    encoding = cmap.encoding if cmap is not None else "utf-8-sig"
    stream = io.TextIOWrapper(io.BufferedReader(counting, 1 << 20), encoding=encoding, newline="")
    total = path.stat().st_size
    try:
        try:
            info, rows = _rows(stream, fmt, ctx, cmap, path)
        except UnicodeDecodeError as exc:
            raise input_error(
                ctx.file, "(file)", "(encoding)", f"not {encoding} text: {exc.reason}"
            ) from None
        yield info, _counted(_decoded(rows, ctx), lambda n: counting.count, total, progress)
    finally:
        stream.close()


def _decoded(rows: Iterator[AwardRow], ctx: ReadContext) -> Iterator[AwardRow]:
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise input_error(ctx.file, "(file)", "(encoding)", f"not UTF-8 text: {exc.reason}") from None


def _rows(
    stream: io.TextIOWrapper, fmt: str, ctx: ReadContext, cmap: ColumnMapIn | None, path: Path
) -> tuple[SourceInfo, Iterator[AwardRow]]:
    if fmt == "fr-soknader":
        return fr_soknader.SOURCE, fr_soknader.read(stream, ctx)
    if fmt == "fr-eu":
        return fr_eu.SOURCE, fr_eu.read(stream, ctx)
    assert cmap is not None
    if path.suffix.lower() == ".json":
        reader = generic.GenericReader(cmap, ctx)
        return generic.source_info(cmap), reader.read(tabular.json_records(stream, ctx.file))
    header, records = tabular.csv_records(stream, ctx.file, cmap.delimiter)
    generic.check_header(header, cmap, ctx.file)
    return generic.source_info(cmap), generic.GenericReader(cmap, ctx, header).read(records)
