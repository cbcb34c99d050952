"""Which department follows which agencies' review items: ``seeds/review_audiences.yaml``, validated with
the other seeds (unknown department or agency, a department twice). A department not listed follows the
agencies it steers (``analyser.reports.model.review_agencies`` falls back to ``audience_agencies``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from catalogue.db import PROJECT_ROOT
from catalogue.errors import InputError, Problem, problems_from_validation

FILE = "seeds/review_audiences.yaml"
DEFAULT = PROJECT_ROOT / FILE


class ReviewAudienceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str = Field(min_length=1, max_length=40)
    agencies: list[str] = Field(min_length=1, max_length=50)


class Coded(Protocol):
    @property
    def code(self) -> str: ...


class SeedData(Protocol):
    """The seed records the audiences refer to (``catalogue.seeding.SeedData`` has them)."""

    @property
    def ministries(self) -> Sequence[Coded]: ...

    @property
    def agencies(self) -> Sequence[Coded]: ...


def _raw(path: Path) -> list[Any]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise InputError([Problem(FILE, "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc
    if not isinstance(data, list):
        raise InputError([Problem(FILE, "(file)", "(top level)", "must be a list of records")])
    return data


def read_review_audiences(seeds_dir: Path, data: SeedData | None = None) -> dict[str, tuple[str, ...]]:
    """Department → agency codes, checked; ``data`` (the seed catalogue) checks the codes."""
    ministries = {m.code for m in data.ministries} if data is not None else None
    agencies = {a.code for a in data.agencies} if data is not None else None
    problems: list[Problem] = []
    out: dict[str, tuple[str, ...]] = {}
    for index, raw in enumerate(_raw(seeds_dir / "review_audiences.yaml"), start=1):
        label = f"record {index}"
        try:
            rec = ReviewAudienceIn.model_validate(raw)
        except ValidationError as exc:
            problems += problems_from_validation(FILE, label, exc)
            continue
        label = f"department {rec.department!r}"
        if rec.department in out:
            problems.append(Problem(FILE, label, "department", "listed twice"))
        if ministries is not None and rec.department not in ministries:
            problems.append(Problem(FILE, label, "department", f"unknown ministry {rec.department!r}"))
        unknown = [a for a in rec.agencies if agencies is not None and a not in agencies]
        problems += [Problem(FILE, label, "agencies", f"unknown agency {a!r}") for a in unknown]
        out[rec.department] = tuple(dict.fromkeys(rec.agencies))
    if problems:
        raise InputError(problems)
    return out


@lru_cache(maxsize=4)
def review_audiences(path: Path = DEFAULT) -> dict[str, tuple[str, ...]]:
    """The rules of the catalogue's seeds (cached; treat as read-only)."""
    return read_review_audiences(path.parent)
