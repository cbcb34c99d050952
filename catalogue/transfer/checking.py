"""Validation of imported records, batch by batch, remembering across batches what a file-wide rule needs
(slugs already used in the file) and the problems found so far (at most ``MAX_PROBLEMS``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pydantic import ValidationError
from sqlalchemy.orm import Session

from catalogue.errors import Problem, problems_from_validation
from catalogue.instruments.references import ReferenceCodes
from catalogue.instruments.schemas import InstrumentIn
from catalogue.transfer.formats import RawRecord
from catalogue.transfer.stored import Stored

MAX_PROBLEMS = 200  # a file with more is reported in part


def _name_columns(raw: RawRecord, problems: list[Problem]) -> list[Problem]:
    if raw.tabular:
        for p in problems:
            p.kind = "column"
    return problems


def _completed(raw: RawRecord, stored: dict[str, Stored]) -> RawRecord:
    """The record with the stored values of the fields it does not name (an existing instrument only)."""
    slug = raw.data.get("slug")
    base = stored.get(slug.strip()) if isinstance(slug, str) else None
    return raw if base is None else replace(raw, data={**base.record, **raw.data})


@dataclass
class RecordChecker:
    codes: ReferenceCodes
    seen: dict[str, str] = field(default_factory=dict)  # slug: where it was first used in the file
    problems: list[Problem] = field(default_factory=list)
    full: bool = False  # MAX_PROBLEMS reached: the rest of the file is not read

    @classmethod
    def load(cls, session: Session) -> RecordChecker:
        return cls(ReferenceCodes.load(session))

    def check(self, raws: list[RawRecord], stored: dict[str, Stored]) -> list[tuple[RawRecord, InstrumentIn]]:
        """The valid records of a batch, each with the stored values of the fields it does not name."""
        good: list[tuple[RawRecord, InstrumentIn]] = []
        for raw in raws:
            if len(self.problems) >= MAX_PROBLEMS:
                self.problems.append(
                    Problem(raw.file, raw.where(), "(file)", "more problems follow; fix these first")
                )
                self.full = True
                break
            rec = self._one(_completed(raw, stored))
            if rec is not None:
                good.append((raw, rec))
        return good

    def _one(self, raw: RawRecord) -> InstrumentIn | None:
        where = raw.where()
        slug = str(raw.data.get("slug") or "").strip()
        if slug and slug in self.seen:
            self.problems += _name_columns(
                raw, [Problem(raw.file, where, "slug", f"slug also used in {self.seen[slug]}")]
            )
        self.seen.setdefault(slug, raw.label)
        try:
            rec = InstrumentIn.model_validate(raw.data)
        except ValidationError as exc:
            self.problems += _name_columns(raw, problems_from_validation(raw.file, where, exc))
            return None
        ref = _name_columns(raw, self.codes.problems(rec, raw.file, where))
        self.problems += ref
        return None if ref else rec
