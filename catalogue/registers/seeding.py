"""Read and load ``seeds/registers.yaml``: industrial areas and the status history of industrial symbioses.

The file is a mapping with two lists, ``areas`` and ``symbioses`` (format: docs/seed-format.md). It is
validated with the rest of the seeds before anything is written; a missing file means empty registers.
Loading only adds or corrects rows (status records keyed by consortium/area and date), so seeding twice
gives the same rows and status history written by other means is never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository
from catalogue.instruments.schemas import ConsortiumIn, CountyIn, InstrumentIn, MissionIn
from catalogue.registers import repository as repository_registers
from catalogue.registers.schemas import AreaIn, SymbiosisIn

FILE = "seeds/registers.yaml"


class SeedRecords(Protocol):
    """The seed records the registers refer to (``catalogue.seeding.SeedData`` has them)."""

    @property
    def counties(self) -> Sequence[CountyIn]: ...

    @property
    def consortia(self) -> Sequence[ConsortiumIn]: ...

    @property
    def instruments(self) -> Sequence[InstrumentIn]: ...

    @property
    def missions(self) -> Sequence[MissionIn]: ...


@dataclass
class RegisterData:
    areas: list[AreaIn] = field(default_factory=list)
    symbioses: list[SymbiosisIn] = field(default_factory=list)


def _read_mapping(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError([Problem(FILE, "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"areas", "symbioses"}:
        raise InputError(
            [
                Problem(
                    FILE, "(file)", "(top level)", "must be a mapping with the lists 'areas' and 'symbioses'"
                )
            ]
        )
    return data


def _records(
    data: dict[str, Any], section: str, schema: type[BaseModel], key: str, problems: list[Problem]
) -> list[Any]:
    raw_list = data.get(section) or []
    if not isinstance(raw_list, list):
        problems.append(Problem(FILE, section, "(section)", "must be a list of records"))
        return []
    out: list[Any] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_list, start=1):
        label = f"{section} record {index}"
        if not isinstance(raw, dict):
            problems.append(Problem(FILE, label, "(record)", "must be a mapping"))
            continue
        if raw.get(key):
            label += f" ({key} {raw[key]!r})"
        try:
            item = schema.model_validate(raw)
        except ValidationError as exc:
            problems.extend(problems_from_validation(FILE, label, exc))
            continue
        ident = getattr(item, key)
        if ident in seen:
            problems.append(Problem(FILE, label, key, f"duplicate {key} {ident!r}"))
        seen.add(ident)
        out.append(item)
    return out


def _reference_problems(reg: RegisterData, data: SeedRecords) -> list[Problem]:
    counties = {c.code for c in data.counties}
    consortia = {c.slug for c in data.consortia}
    instruments = {i.slug for i in data.instruments}
    level4 = {m.code for m in data.missions if m.level == 4}
    areas = {a.slug for a in reg.areas}
    out: list[Problem] = []
    for a in reg.areas:
        if a.county not in counties:
            out.append(Problem(FILE, f"area {a.slug!r}", "county", f"unknown county {a.county!r}"))
    for s in reg.symbioses:
        rec = f"symbiosis {s.consortium!r}"
        if s.consortium not in consortia:
            out.append(Problem(FILE, rec, "consortium", f"unknown consortium {s.consortium!r}"))
        out += [
            Problem(FILE, rec, "missions", f"{m!r} is not a level-4 mission")
            for m in s.missions
            if m not in level4
        ]
        out += [
            Problem(FILE, rec, "instruments", f"unknown instrument {u.instrument!r}")
            for u in s.instruments
            if u.instrument not in instruments
        ]
        out += [
            Problem(FILE, f"{rec} on {st.recorded_on}", "area", f"unknown industrial area {st.area!r}")
            for st in s.statuses
            if st.area and st.area not in areas
        ]
    return out


def read_registers(seeds_dir: Path, data: SeedRecords) -> RegisterData:
    """Validate ``registers.yaml`` against the seed data; raise InputError listing every problem."""
    raw = _read_mapping(seeds_dir / "registers.yaml")
    problems: list[Problem] = []
    reg = RegisterData(
        areas=_records(raw, "areas", AreaIn, "slug", problems),
        symbioses=_records(raw, "symbioses", SymbiosisIn, "consortium", problems),
    )
    problems += _reference_problems(reg, data)
    if problems:
        raise InputError(problems)
    return reg


def write_registers(session: Session, reg: RegisterData) -> dict[str, int]:
    """Upsert validated registers in the caller's transaction (after consortia and instruments)."""
    for a in reg.areas:
        repository_registers.upsert_area(session, a)
    session.flush()
    for s in reg.symbioses:
        consortium = repository.consortium_by_slug(session, s.consortium)
        assert consortium is not None, s.consortium  # checked by read_registers
        for mission in s.missions:
            repository_registers.add_mission_project(session, consortium, mission)
        for use in s.instruments:
            repository_registers.set_instrument_use(session, consortium, use)
        for status in s.statuses:
            repository_registers.record_symbiosis_status(session, consortium, status)
    session.flush()
    return {
        "industrial areas": len(reg.areas),
        "symbiosis status records": sum(len(s.statuses) for s in reg.symbioses),
    }
