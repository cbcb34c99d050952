"""Import instruments from CSV, XLSX, JSON or YAML: all rows validated first, then all or nothing.

``plan_import`` reads and validates the whole file and works out, for every record, whether it creates,
updates or leaves an instrument unchanged, or looks like an instrument already in the catalogue under
another slug (a *merge proposal*: same agency and a close name, or the same source URL). It writes nothing.
``apply_plan`` writes the plan in the caller's transaction (the caller commits or rolls back), recording
an ``import`` audit entry per changed instrument.

A record for an instrument already in the catalogue (same slug) changes only the fields it names: a JSON
or YAML record without ``summary_en`` keeps the stored summary, and a CSV/XLSX file without that column
does too. A field named with an empty value (``null``, an empty cell) clears it. A record for a new
instrument must be complete (slug, agency, name_nb, types).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from catalogue.accounts.models import User
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository
from catalogue.instruments.models import Instrument
from catalogue.instruments.references import ReferenceCodes
from catalogue.instruments.schemas import InstrumentIn
from catalogue.instruments.service import diff_records, record_change, write_record
from catalogue.transfer.export import instrument_record
from catalogue.transfer.formats import RawRecord, read_records

MERGE_THRESHOLD = 90.0  # rapidfuzz token_set_ratio on names within one agency
MAX_PROBLEMS = 200  # a file with more is reported in part
Action = Literal["create", "update", "unchanged", "merge"]
OnDuplicate = Literal["stop", "merge", "create"]


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


@dataclass
class ImportPlan:
    file: str
    items: list[PlannedRecord]

    def counts(self) -> dict[str, int]:
        found = Counter(i.action for i in self.items)
        return {a: found.get(a, 0) for a in ("create", "update", "unchanged", "merge")}

    @property
    def merges(self) -> list[PlannedRecord]:
        return [i for i in self.items if i.action == "merge"]

    def describe(self) -> list[str]:
        lines = []
        for i in self.items:
            if i.action == "merge":
                lines.append(f"merge?   {i.where}: looks like existing {i.merge_into!r} ({i.merge_reason})")
            elif i.action != "unchanged":
                fields = ", ".join(i.changes) if i.action == "update" else ""
                lines.append(f"{i.action:<8} {i.where}" + (f": {fields}" if fields else ""))
        return lines


def _name_columns(raw: RawRecord, problems: list[Problem]) -> list[Problem]:
    if raw.tabular:
        for p in problems:
            p.kind = "column"
    return problems


def _completed(raw: RawRecord, stored: dict[str, dict[str, Any]]) -> RawRecord:
    """The record with the stored values of the fields it does not name (an existing instrument only)."""
    slug = raw.data.get("slug")
    base = stored.get(slug.strip()) if isinstance(slug, str) else None
    return raw if base is None else replace(raw, data={**base, **raw.data})


def _validate(
    raws: list[RawRecord], codes: ReferenceCodes, stored: dict[str, dict[str, Any]]
) -> tuple[list[tuple[RawRecord, InstrumentIn]], list[Problem]]:
    problems: list[Problem] = []
    good: list[tuple[RawRecord, InstrumentIn]] = []
    seen: dict[str, str] = {}
    for raw in raws:
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(raw.file, raw.where(), "(file)", "more problems follow; fix these first"))
            break
        raw = _completed(raw, stored)
        where = raw.where()
        slug = str(raw.data.get("slug") or "").strip()
        if slug and slug in seen:
            problems += _name_columns(
                raw, [Problem(raw.file, where, "slug", f"slug also used in {seen[slug]}")]
            )
        seen.setdefault(slug, raw.label)
        try:
            rec = InstrumentIn.model_validate(raw.data)
        except ValidationError as exc:
            problems += _name_columns(raw, problems_from_validation(raw.file, where, exc))
            continue
        ref = _name_columns(raw, codes.problems(rec, raw.file, where))
        problems += ref
        if not ref:
            good.append((raw, rec))
    return good, problems


def find_duplicate(
    rec: InstrumentIn, existing: list[Instrument], threshold: float = MERGE_THRESHOLD
) -> tuple[Instrument, str] | None:
    """An instrument already in the catalogue that ``rec`` most likely describes, with the reason."""
    best: tuple[float, Instrument, str] | None = None
    for row in existing:
        if rec.source_url and row.source_url and rec.source_url.rstrip("/") == row.source_url.rstrip("/"):
            return row, f"same source_url {rec.source_url}"
        if row.agency_code != rec.agency:
            continue
        score = max(
            fuzz.token_set_ratio(a.casefold(), b.casefold())
            for a in _names(rec.name_nb, rec.name_nn, rec.name_en)
            for b in _names(row.name_nb, row.name_nn, row.name_en)
        )
        if score >= threshold and (best is None or score > best[0]):
            best = (score, row, f"name similarity {score:.0f} within agency {row.agency_code}")
    return (best[1], best[2]) if best else None


def _names(*names: str | None) -> list[str]:
    return [n for n in names if n] or [""]


def plan_import(
    session: Session, path: Path, fmt: str | None = None, *, threshold: float = MERGE_THRESHOLD
) -> ImportPlan:
    """Read and validate every record and plan what importing it would do. Writes nothing."""
    raws = read_records(path, fmt)
    rows = list(repository.list_instruments(session))
    by_slug = {r.slug: r for r in rows}
    stored = {r.slug: instrument_record(r) for r in rows}
    good, problems = _validate(raws, ReferenceCodes.load(session), stored)
    if problems:
        raise InputError(problems)
    in_file = {rec.slug for _, rec in good}
    items: list[PlannedRecord] = []
    for raw, rec in good:
        where = raw.where()
        row = by_slug.get(rec.slug)
        if row is not None:
            changes = diff_records(stored[rec.slug], _as_record(rec))
            items.append(PlannedRecord("update" if changes else "unchanged", where, rec, changes))
            continue
        dup = find_duplicate(rec, [r for r in rows if r.slug not in in_file], threshold)
        if dup is None:
            items.append(PlannedRecord("create", where, rec, diff_records(None, _as_record(rec))))
        else:
            items.append(PlannedRecord("merge", where, rec, merge_into=dup[0].slug, merge_reason=dup[1]))
    _check_merge_targets(items, str(path))
    return ImportPlan(str(path), items)


def _check_merge_targets(items: list[PlannedRecord], file: str) -> None:
    taken: dict[str, str] = {}
    problems = []
    for i in items:
        if i.action != "merge" or i.merge_into is None:
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


def _as_record(rec: InstrumentIn) -> dict[str, Any]:
    """The record as export.instrument_record would show it once stored (sorted lists, ISO dates)."""
    row = Instrument(slug=rec.slug, other_sources=[], tags=[], partners=[], counties=[], ministries=[])
    repository.apply_instrument(row, rec)
    return instrument_record(row)


def apply_plan(
    session: Session, plan: ImportPlan, *, on_duplicate: OnDuplicate = "stop", user: User | None = None
) -> dict[str, int]:
    """Write a plan in the caller's transaction. Merge proposals stop the import unless the caller
    decides: ``merge`` updates the existing instrument, ``create`` adds the record under its own slug."""
    if plan.merges and on_duplicate == "stop":
        raise InputError(
            [
                Problem(
                    plan.file,
                    i.where,
                    "slug",
                    f"looks like existing instrument {i.merge_into!r} "
                    f"({i.merge_reason}); choose --merge to update it or --keep-separate to add a new one",
                )
                for i in plan.merges
            ]
        )
    counts = plan.counts()
    for item in plan.items:
        if item.action == "unchanged":
            continue
        rec = item.record
        if item.action == "merge" and on_duplicate == "merge":
            rec = rec.model_copy(update={"slug": item.merge_into})
        elif item.action == "merge":
            counts["merge"] -= 1
            counts["create"] += 1
        row = repository.instrument_by_slug(session, rec.slug)
        if row is None:
            row = repository.upsert_instrument(session, rec)
            session.flush()
            changes = diff_records(None, instrument_record(row))
        else:
            changes = write_record(session, row, rec)
        if changes:
            record_change(
                session, row.slug, "import", changes, user, row.version, note=f"import of {plan.file}"
            )
    session.flush()
    return counts


def import_file(
    session: Session,
    path: Path,
    fmt: str | None = None,
    *,
    dry_run: bool = False,
    on_duplicate: OnDuplicate = "stop",
    user: User | None = None,
) -> ImportPlan:
    """Plan, and unless ``dry_run``, apply. Raises InputError (nothing written) on any bad record."""
    plan = plan_import(session, path, fmt)
    if not dry_run:
        apply_plan(session, plan, on_duplicate=on_duplicate, user=user)
    return plan
