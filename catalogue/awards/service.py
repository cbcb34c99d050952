"""Import a published award file: read it as a stream, check every row, write in batches of 5,000 with
upserts, in the caller's transaction (the next batch is read while the last is written:
:mod:`catalogue.awards.pipeline`). The first bad row raises :class:`InputError` naming file, row,
column and problem; the caller then rolls back, so nothing of the file is written.

``dry_run`` reads and checks the whole file and counts what it holds, writing nothing. ``relink`` applies
the programme → instrument rules again to every stored activity.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from sqlalchemy.orm import Session

from catalogue.awards import bulk, repository
from catalogue.awards.formats.common import ReadContext
from catalogue.awards.linking import Linker
from catalogue.awards.pipeline import read_in_child, run_pipelined
from catalogue.awards.reading import FORMATS, open_rows, read_column_map
from catalogue.awards.records import AwardRow, SourceInfo

Progress = Callable[[int, int], None]  # (done, total), in bytes or rows
BATCH = 5_000
# Files of at least this size are read in a second process (catalogue.awards.pipeline.read_in_child):
# starting it costs a few milliseconds, and small files gain nothing.
CHILD_READER_MIN_BYTES = 4 << 20


class _ProgressRelay:
    """The reader's last progress figures, kept where the reading happens and handed on with each batch
    (a reading child cannot draw the parent's progress bar)."""

    def __init__(self) -> None:
        self.last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        self.last = (done, total)


@dataclass
class ImportSummary:
    file: str
    format: str
    source: str
    dry_run: bool
    rows: int = 0
    activities: int = 0  # in the file (dry run) or stored from the source
    activities_new: int = 0
    participations: int = 0
    organisations_new: int = 0
    linked: int = 0  # activities linked to a catalogue instrument
    years: tuple[int | None, int | None] = (None, None)

    def line(self) -> str:
        if self.dry_run:
            return (
                f"{self.file}: checked {self.rows:,} rows, nothing written (dry run): {self.activities:,} "
                f"activities, {self.participations:,} participations, {self.linked:,} activities linked"
            )
        first, last = self.years
        span = f", years {first}-{last}" if first is not None else ""
        return (
            f"{self.file}: {self.rows:,} rows imported into source {self.source!r}: {self.activities:,} "
            f"activities ({self.activities_new:,} new), {self.participations:,} participations, "
            f"{self.organisations_new:,} new organisations, {self.linked:,} activities linked{span}"
        )


def _context(session: Session, file: str) -> ReadContext:
    counties, names = repository.county_lookup(session)
    return ReadContext(file=file, counties=counties, county_names=names)


def _batches(rows: Iterator[AwardRow], size: int) -> Iterator[list[AwardRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def import_awards(
    session: Session,
    path: Path,
    fmt: str,
    *,
    column_map: Path | None = None,
    dry_run: bool = False,
    fetched_on: dt.date | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH,
) -> ImportSummary:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    cmap = read_column_map(column_map, path) if fmt == "generic" else None
    linker = Linker(repository.programme_rules(session))
    in_child = not dry_run and _size(path) >= CHILD_READER_MIN_BYTES
    relay = _ProgressRelay() if in_child else None
    with open_rows(path, fmt, _context(session, path.name), cmap, relay or progress) as (info, rows):
        if fetched_on is not None:
            info = dataclasses.replace(info, fetched_on=fetched_on)
        summary = ImportSummary(file=path.name, format=fmt, source=info.key, dry_run=dry_run)
        if dry_run:
            _check_only(rows, linker, summary)
        else:
            batches = _batches(rows, batch_size)
            if relay is not None:
                batches = _relayed(read_in_child(_with_progress(batches, relay)), progress)
            _write(session, info, batches, linker, summary)
    return summary


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # open_rows names the file it cannot read


def _with_progress(
    batches: Iterator[list[AwardRow]], relay: _ProgressRelay
) -> Iterator[tuple[list[AwardRow], tuple[int, int] | None]]:
    for batch in batches:
        yield batch, relay.last


def _relayed(
    items: Iterator[tuple[list[AwardRow], tuple[int, int] | None]], progress: Progress | None
) -> Iterator[list[AwardRow]]:
    for batch, last in items:
        if progress is not None and last is not None:
            progress(*last)
        yield batch


def _link(linker: Linker, row: AwardRow) -> int | None:
    a = row.activity
    return linker.instrument_for(a.funder_code, a.programme_code, a.application_type, a.application_variant)


def _check_only(rows: Iterator[AwardRow], linker: Linker, summary: ImportSummary) -> None:
    refs: set[str] = set()
    linked: set[str] = set()
    for row in rows:
        summary.rows += 1
        refs.add(row.activity.source_ref)
        summary.participations += len(row.participations)
        if _link(linker, row) is not None:
            linked.add(row.activity.source_ref)
    summary.activities, summary.linked = len(refs), len(linked)


def _write(
    session: Session,
    info: SourceInfo,
    batches: Iterator[list[AwardRow]],
    linker: Linker,
    summary: ImportSummary,
) -> None:
    source = repository.upsert_source(session, info)
    activities_before = repository.count_activities(session, source.id)
    orgs_before = repository.count_organisations(session)
    writer = bulk.BulkWriter(
        session,
        source.id,
        names_organisations=info.format != "fr-soknader",
        derived=("granted_minor",) if info.granted_from_participations else (),
    )

    def counted(batches: Iterator[list[AwardRow]]) -> Iterator[list[AwardRow]]:
        for batch in batches:
            summary.rows += len(batch)
            yield batch

    try:
        run_pipelined(counted(batches), lambda batch: _write_batch(writer, linker, batch))
    finally:
        writer.close()
    if info.granted_from_participations:
        repository.granted_from_participations(session, source.id)
    repository.refresh_source(session, source, rows_read=summary.rows, file_name=summary.file)
    summary.activities, summary.participations = source.activity_count, source.participation_count
    summary.activities_new = source.activity_count - activities_before
    summary.organisations_new = repository.count_organisations(session) - orgs_before
    summary.linked = repository.count_linked(session, source.id)
    summary.years = (source.year_from, source.year_to)


def _write_batch(writer: bulk.BulkWriter, linker: Linker, batch: list[AwardRow]) -> None:
    writer.organisations(p.org for row in batch for p in row.participations)
    writer.activities([(row.activity, _link(linker, row)) for row in batch])
    writer.participations(
        (row.activity.source_ref, p.source_ref, p.org.key, p.role, p.amount_minor)
        for row in batch
        for p in row.participations
    )


def relink(session: Session) -> int:
    """Apply the stored programme rules to every activity again; returns how many links changed."""
    linker = Linker(repository.programme_rules(session))
    changes = [
        (ident, new)
        for ident, funder, programme, app_type, variant, current in repository.link_keys(session)
        if (new := linker.instrument_for(funder, programme, app_type, variant)) != current
    ]
    repository.set_instruments(session, changes)
    return len(changes)
