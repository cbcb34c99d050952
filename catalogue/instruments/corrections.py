"""Reviewed corrections of the catalogue (``seeds/corrections/*.yaml``), applied with an audit entry each.

A corrections file names who reviewed (``actor``, e.g. "fact-base review"), when (``reviewed_on``) and, per
instrument, the fields that change (``before`` → ``after``), why (``reason``) and the source that says so.
Applying a file (``apply_corrections``) is all or nothing and safe to repeat:

- a field at its ``before`` value is set to ``after``;
- a field already at ``after`` (the seed files carry the corrected values) is left as it is, and the
  correction is still recorded, so the history says what changed in the catalogue and why;
- a field at neither value was changed by someone since: the file stops (``InputError``), nothing written;
- a correction already recorded (same file, same instrument) is skipped.

Like every service here it only flushes; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from catalogue.audit import repository as repository_audit
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.export import instrument_record

ACTION = "correct"
NOTE_LIMIT = 300  # audit_entry.note


class FieldChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: Any = None
    after: Any = None


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    slug: str = Field(min_length=1)
    reason: str = Field(min_length=10)
    source: str = Field(pattern=r"^https?://")
    changes: dict[str, FieldChange] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_fields(self) -> CorrectionIn:
        unknown = sorted(set(self.changes) - set(InstrumentIn.model_fields) - {"slug"})
        if unknown or "slug" in self.changes:
            raise ValueError(f"cannot correct {unknown or ['slug']}: not an instrument field")
        return self


class CorrectionsFileIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reviewed_on: dt.date
    actor: str = Field(min_length=2, max_length=254)
    corrections: list[CorrectionIn] = Field(min_length=1)


@dataclass
class Outcome:
    """What applying one file did, per instrument slug: "applied", "recorded" (values already there) or
    "skipped" (recorded before)."""

    file: str
    done: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        kinds = ("applied", "recorded", "skipped")
        return {k: sum(1 for v in self.done.values() if v == k) for k in kinds}


def read_corrections(path: Path) -> CorrectionsFileIn:
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError([Problem(name, "(file)", "(file)", f"cannot read: {exc}")]) from exc
    try:
        doc = CorrectionsFileIn.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(name, "(file)", exc)) from exc
    long = [c for c in doc.corrections if len(note_of(c, name)) > NOTE_LIMIT]
    if long:
        raise InputError(
            [Problem(name, f"slug {c.slug!r}", "reason", "reason and source are too long") for c in long]
        )
    return doc


def note_of(c: CorrectionIn, file: str) -> str:
    """The audit note: the reason with its source, and which corrections file it came from."""
    return f"{c.reason} Source: {c.source} ({file})"


def apply_corrections(session: Session, path: Path) -> Outcome:
    """Apply one corrections file in the caller's transaction (see the module docstring)."""
    doc = read_corrections(path)
    name = path.name
    plans: list[tuple[CorrectionIn, Any, dict[str, Any]]] = []
    problems: list[Problem] = []
    for c in doc.corrections:
        plan = _plan(session, c, name, problems)
        if plan is not None:
            plans.append(plan)
    if problems:
        raise InputError(problems)
    outcome = Outcome(name)
    for c, row, before in plans:
        if _already_recorded(session, c.slug, note_of(c, name)):
            outcome.done[c.slug] = "skipped"
            continue
        target = {**before, **{k: ch.after for k, ch in c.changes.items()}}
        changes = {k: [ch.before, ch.after] for k, ch in c.changes.items()}
        if target != before:
            rec = InstrumentIn.model_validate({**target, "slug": c.slug})
            repository.apply_instrument(row, rec)
            row.updated_at = dt.datetime.now(dt.UTC)
            session.flush()
        repository_audit.add_entry(
            session,
            slug=c.slug,
            action=ACTION,
            changes=changes,
            user_id=None,
            user_email=doc.actor,
            version=row.version,
            note=note_of(c, name),
        )
        outcome.done[c.slug] = "applied" if target != before else "recorded"
    session.flush()
    return outcome


def _plan(
    session: Session, c: CorrectionIn, file: str, problems: list[Problem]
) -> tuple[CorrectionIn, Any, dict[str, Any]] | None:
    row = repository.instrument_by_slug(session, c.slug)
    where = f"slug {c.slug!r}"
    if row is None:
        problems.append(Problem(file, where, "slug", "no such instrument"))
        return None
    before = instrument_record(row)
    for name, ch in c.changes.items():
        now = before.get(name)
        if now not in (ch.before, ch.after):
            problems.append(
                Problem(
                    file, where, name, f"is {now!r}, neither {ch.before!r} nor {ch.after!r}: changed since"
                )
            )
    return c, row, before


def _already_recorded(session: Session, slug: str, note: str) -> bool:
    return any(e.action == ACTION and e.note == note for e in repository_audit.history(session, slug))


def apply_folder(session: Session, folder: Path) -> list[Outcome]:
    """Apply every ``*.yaml`` file of ``folder`` in name order (dates sort)."""
    return [apply_corrections(session, p) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []
