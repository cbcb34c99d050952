"""Import instruments from CSV, XLSX, JSON or YAML: every row validated, then all or nothing.

The file is read as a stream (``reading.open_records``) and handled in batches of ``BATCH`` records: the
stored records of the batch's slugs are read in one go (``stored.stored_records``), each record is
validated and planned — it creates, updates or leaves an instrument unchanged, or looks like an
instrument already in the catalogue under another slug (a *merge proposal*: the same source URL, or the
same agency and a close name, found by blocks in ``duplicates.DuplicateIndex``) — and, unless it is a
dry run, the batch is written at once in bulk (``bulkwrite.InstrumentWriter``), with one ``import`` audit
entry per created or changed instrument. A bad record anywhere (or a merge proposal nobody decided on)
stops the writing, the remaining records are still checked (up to ``MAX_PROBLEMS`` problems), and
everything the import wrote is rolled back (a SAVEPOINT inside the caller's transaction) before
:class:`InputError` names every problem by file, row and column: nothing is written.

A record for an instrument already in the catalogue (same slug) changes only the fields it names: a JSON
or YAML record without ``summary_en`` keeps the stored summary, and a CSV/XLSX file without that column
does too. A field named with an empty value (``null``, an empty cell) clears it. A record for a new
instrument must be complete (slug, agency, name_nb, types). A merge proposal is decided once the whole file
is read: an instrument that the file itself names (by slug) is never proposed.

``plan_import`` + ``apply_plan`` (plan kept whole, then written) remain for callers that want to look at
the plan first; ``import_file`` does both in one pass.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.errors import InputError, Problem
from catalogue.instruments.schemas import InstrumentIn
from catalogue.instruments.service import diff_records
from catalogue.transfer.bulkwrite import InstrumentWriter, Write
from catalogue.transfer.checking import RecordChecker
from catalogue.transfer.duplicates import MERGE_THRESHOLD, DuplicateIndex
from catalogue.transfer.formats import RawRecord
from catalogue.transfer.reading import open_records
from catalogue.transfer.stored import Stored, record_of, stored_records

__all__ = ["MERGE_THRESHOLD", "ImportPlan", "apply_plan", "import_file", "plan_import", "run_import"]

BATCH = 2_000  # records read, validated and written together
ACTIONS = ("create", "update", "unchanged", "merge")
Action = Literal["create", "update", "unchanged", "merge"]
OnDuplicate = Literal["stop", "merge", "create"]
Progress = Callable[[int, int, int], None]  # (done, total, records read); done/total in bytes or records


@dataclass
class PlannedRecord:
    action: Action
    where: str  # "row 3 (slug 'x')"
    record: InstrumentIn
    changes: dict[str, list[Any]] = field(default_factory=dict)
    merge_into: str | None = None  # for "merge": the existing slug
    merge_reason: str | None = None

    @property
    def slug(self) -> str:
        return self.merge_into or self.record.slug

    def line(self) -> str | None:
        """What happens to the record, for ``--verbose`` (None when nothing does)."""
        if self.action == "merge":
            return f"merge?   {self.where}: looks like existing {self.merge_into!r} ({self.merge_reason})"
        if self.action == "unchanged":
            return None
        fields = ", ".join(self.changes) if self.action == "update" else ""
        return f"{self.action:<8} {self.where}" + (f": {fields}" if fields else "")


@dataclass
class ImportPlan:
    file: str
    items: list[PlannedRecord] = field(default_factory=list)  # every record, when kept
    tally: Counter[str] = field(default_factory=Counter)
    merge_items: list[PlannedRecord] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # per-record lines, when collected without items
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {a: self.tally.get(a, 0) for a in ACTIONS}

    @property
    def merges(self) -> list[PlannedRecord]:
        return self.merge_items

    def describe(self) -> list[str]:
        if not self.items:
            return list(self.lines)
        return [line for i in self.items if (line := i.line()) is not None]


def _merge_problems(file: str, merges: list[PlannedRecord]) -> InputError:
    return InputError(
        [
            Problem(
                file,
                i.where,
                "slug",
                f"looks like existing instrument {i.merge_into!r} "
                f"({i.merge_reason}); choose --merge to update it or --keep-separate to add a new one",
            )
            for i in merges
        ]
    )


def _check_merge_targets(items: list[PlannedRecord], file: str) -> None:
    taken: dict[str, str] = {}
    problems = []
    for i in items:
        if i.merge_into is None:
            continue
        if i.merge_into in taken:
            problems.append(
                Problem(
                    file,
                    i.where,
                    "slug",
                    f"looks like {i.merge_into!r}, as does "
                    f"{taken[i.merge_into]}; give one of them the slug {i.merge_into!r}",
                )
            )
        taken[i.merge_into] = i.where
    if problems:
        raise InputError(problems)


class _Run:
    """One import as its batches go by: validation state, plan, duplicate index, writer."""

    def __init__(self, session: Session, file: str, *, writer: InstrumentWriter | None, keep: bool):
        self.session, self.file, self.writer, self.keep = session, file, writer, keep
        self.checker = RecordChecker.load(session)
        self.plan = ImportPlan(file)
        self.pending: list[PlannedRecord] = []  # possible merges, decided once every slug is known
        self.index: DuplicateIndex | None = None
        self.collect_lines = False
        self.threshold = MERGE_THRESHOLD

    def batch(self, raws: list[RawRecord]) -> None:
        slugs = [s.strip() for r in raws if isinstance(s := r.data.get("slug"), str)]
        stored = stored_records(self.session, slugs)
        writes = []
        for raw, rec in self.checker.check(raws, stored):
            item = self._plan(raw.where(), rec, stored.get(rec.slug))
            if item.action in ("create", "update"):
                writes.append(Write(rec, stored.get(rec.slug), item.changes))
        if self.writer is not None and writes and not self.checker.problems:
            self.writer.write(writes)

    def _plan(self, where: str, rec: InstrumentIn, stored: Stored | None) -> PlannedRecord:
        if stored is not None:
            changes = diff_records(stored.record, record_of(rec))
            item = PlannedRecord("update" if changes else "unchanged", where, rec, changes)
        elif self._duplicate(rec, ()) is not None:
            item = PlannedRecord("merge", where, rec)  # decided in finish()
            self.pending.append(item)
        else:
            item = PlannedRecord("create", where, rec, created(rec))
        if item.action != "merge":
            self._count(item)
        return item

    def _count(self, item: PlannedRecord) -> None:
        self.plan.tally[item.action] += 1
        if self.keep:
            self.plan.items.append(item)
        elif self.collect_lines and (line := item.line()) is not None:
            self.plan.lines.append(line)

    def _duplicate(self, rec: InstrumentIn, exclude: Any) -> tuple[str, str] | None:
        if self.index is None:
            self.index = DuplicateIndex.load(self.session)
        return self.index.find(rec, exclude, self.threshold)

    def finish(self, on_duplicate: OnDuplicate) -> ImportPlan:
        """Decide the merge proposals; raise InputError on any problem; write what waited for the end."""
        if self.checker.problems:
            raise InputError(self.checker.problems)
        late: list[Write] = []
        for item in self.pending:
            dup = self._duplicate(item.record, self.checker.seen)
            if dup is None:
                item.action, item.changes = "create", created(item.record)
                late.append(Write(item.record, None, item.changes))
            else:
                item.merge_into, item.merge_reason = dup
                self.plan.merge_items.append(item)
            self._count(item)
        _check_merge_targets(self.plan.merge_items, self.file)
        if self.writer is None:
            return self.plan
        if self.plan.merge_items and on_duplicate == "stop":
            raise _merge_problems(self.file, self.plan.merge_items)
        late += _merge_writes(self.session, self.plan, on_duplicate)
        self.writer.write(late)
        self.writer.finish()
        return self.plan


def _merge_writes(session: Session, plan: ImportPlan, on_duplicate: OnDuplicate) -> list[Write]:
    """The writes of decided merge proposals: update the look-alike (``merge``) or add (``create``)."""
    merges = plan.merge_items
    if on_duplicate == "create":
        plan.tally["merge"] -= len(merges)
        plan.tally["create"] += len(merges)
        return [Write(i.record, None, created(i.record)) for i in merges]
    targets = stored_records(session, [i.merge_into for i in merges if i.merge_into])
    out = []
    for i in merges:
        rec = i.record.model_copy(update={"slug": i.merge_into})
        stored = targets[rec.slug]
        out.append(Write(rec, stored, diff_records(stored.record, record_of(rec))))
    return out


def created(rec: InstrumentIn) -> dict[str, list[Any]]:
    """The changes of a new instrument (``diff_records(None, record_of(rec))``, without the detour)."""
    return {k: [None, v] for k, v in record_of(rec).items() if v is not None}


def _batches(records: Iterator[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def run_import(
    session: Session,
    path: Path,
    fmt: str | None = None,
    *,
    dry_run: bool = False,
    on_duplicate: OnDuplicate = "stop",
    user: User | None = None,
    keep_items: bool = True,
    verbose: bool = False,
    threshold: float = MERGE_THRESHOLD,
    progress: Progress | None = None,
    batch_size: int | None = None,
) -> ImportPlan:
    """Read, check and (unless ``dry_run``) write a file in one pass; raise InputError (nothing written)
    on any bad record. ``keep_items``: the plan keeps every record (small files); ``verbose``: it keeps
    the per-record lines instead."""
    start = time.perf_counter()
    writer = None if dry_run else InstrumentWriter(session, f"import of {path}", user)
    with session.begin_nested() if writer else _nothing(), open_records(path, fmt) as stream:
        run = _Run(session, str(path), writer=writer, keep=keep_items)
        run.collect_lines, run.threshold = verbose, threshold
        for raws in _batches(stream.records, batch_size or BATCH):
            run.batch(raws)
            if progress is not None:
                progress(stream.done(), stream.total, len(run.checker.seen))
            if run.checker.full:
                break
        plan = run.finish(on_duplicate)
    plan.seconds = time.perf_counter() - start
    return plan


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def plan_import(
    session: Session, path: Path, fmt: str | None = None, *, threshold: float = MERGE_THRESHOLD
) -> ImportPlan:
    """Read and validate every record and plan what importing it would do. Writes nothing."""
    return run_import(session, path, fmt, dry_run=True, threshold=threshold)


def apply_plan(
    session: Session, plan: ImportPlan, *, on_duplicate: OnDuplicate = "stop", user: User | None = None
) -> dict[str, int]:
    """Write a plan (kept whole) in the caller's transaction. Merge proposals stop the import unless the
    caller decides: ``merge`` updates the existing instrument, ``create`` adds the record under its own
    slug."""
    if plan.merges and on_duplicate == "stop":
        raise _merge_problems(plan.file, plan.merges)
    decided = replace(plan, tally=Counter(plan.tally))
    writes = _merge_writes(session, decided, on_duplicate) if plan.merges else []
    writer = InstrumentWriter(session, f"import of {plan.file}", user)
    todo = [i.record for i in plan.items if i.action in ("create", "update")]
    for start in range(0, len(todo), BATCH):
        recs = todo[start : start + BATCH]
        stored = stored_records(session, [r.slug for r in recs])
        batch = [Write(r, stored.get(r.slug), _changes(stored.get(r.slug), r)) for r in recs]
        writer.write(batch)
    writer.write(writes)
    writer.finish()
    return decided.counts()


def _changes(stored: Stored | None, rec: InstrumentIn) -> dict[str, list[Any]]:
    return diff_records(stored.record if stored else None, record_of(rec))


def import_file(
    session: Session,
    path: Path,
    fmt: str | None = None,
    *,
    dry_run: bool = False,
    on_duplicate: OnDuplicate = "stop",
    user: User | None = None,
) -> ImportPlan:
    """Plan, and unless ``dry_run``, write. Raises InputError (nothing written) on any bad record."""
    return run_import(session, path, fmt, dry_run=dry_run, on_duplicate=on_duplicate, user=user)
