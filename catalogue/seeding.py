"""Load the seed files in ``seeds/`` into the database: validated first, then written in one transaction.

Seeding is get-or-create by natural key (code or slug) and updates changed fields, so running it twice
gives the same rows. A bad file raises :class:`InputError` naming file, record and field, before any row
is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from catalogue.awards.seeding import read_programme_links, write_programme_links
from catalogue.consortia import repository as repository_consortia
from catalogue.db import PROJECT_ROOT
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository
from catalogue.instruments.schemas import (
    AgencyIn,
    BarrierIn,
    ConsortiumIn,
    CountyIn,
    InstrumentIn,
    MinistryIn,
    MissionIn,
)
from catalogue.registers.seeding import read_registers, write_registers
from catalogue.reviews.audiences import read_review_audiences

SEEDS_DIR = PROJECT_ROOT / "seeds"
M = TypeVar("M", bound=BaseModel)


@dataclass
class SeedData:
    ministries: list[MinistryIn] = field(default_factory=list)
    counties: list[CountyIn] = field(default_factory=list)
    agencies: list[AgencyIn] = field(default_factory=list)
    barriers: list[BarrierIn] = field(default_factory=list)
    missions: list[MissionIn] = field(default_factory=list)
    instruments: list[InstrumentIn] = field(default_factory=list)
    consortia: list[ConsortiumIn] = field(default_factory=list)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def read_yaml_list(path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError([Problem(_rel(path), "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc
    if not isinstance(data, list):
        raise InputError([Problem(_rel(path), "(file)", "(top level)", "must be a list of records")])
    return data


def _parse(path: Path, schema: type[M], key: str, problems: list[Problem]) -> list[M]:
    out: list[M] = []
    seen: set[str] = set()
    for index, raw in enumerate(read_yaml_list(path), start=1):
        label = f"record {index}"
        if isinstance(raw, dict) and raw.get(key):
            label += f" ({key} {raw[key]!r})"
        if not isinstance(raw, dict):
            problems.append(Problem(_rel(path), label, "(record)", "must be a mapping"))
            continue
        try:
            item = schema.model_validate(raw)
        except ValidationError as exc:
            problems.extend(problems_from_validation(_rel(path), label, exc))
            continue
        ident = getattr(item, key)
        if ident in seen:
            problems.append(Problem(_rel(path), label, key, f"duplicate {key} {ident!r}"))
        seen.add(ident)
        out.append(item)
    return out


def read_seeds(seeds_dir: Path = SEEDS_DIR) -> SeedData:
    """Read and validate every seed file; raise InputError listing all problems found."""
    problems: list[Problem] = []
    data = SeedData(
        ministries=_parse(seeds_dir / "ministries.yaml", MinistryIn, "code", problems),
        counties=_parse(seeds_dir / "counties.yaml", CountyIn, "code", problems),
        agencies=_parse(seeds_dir / "agencies.yaml", AgencyIn, "code", problems),
        barriers=_parse(seeds_dir / "barriers.yaml", BarrierIn, "code", problems),
        missions=_parse(seeds_dir / "missions.yaml", MissionIn, "code", problems),
        consortia=_parse(seeds_dir / "consortia.yaml", ConsortiumIn, "slug", problems),
    )
    slugs: dict[str, str] = {}
    for path in sorted((seeds_dir / "instruments").glob("*.yaml")):
        for item in _parse(path, InstrumentIn, "slug", problems):
            if item.slug in slugs:
                problems.append(
                    Problem(_rel(path), f"slug {item.slug!r}", "slug", f"also defined in {slugs[item.slug]}")
                )
                continue
            slugs[item.slug] = _rel(path)
            data.instruments.append(item)
    problems.extend(_reference_problems(data, slugs))
    if problems:
        raise InputError(problems)
    return data


def _reference_problems(data: SeedData, instrument_files: dict[str, str]) -> list[Problem]:
    ministries = {m.code for m in data.ministries}
    counties = {c.code for c in data.counties}
    agencies = {a.code for a in data.agencies}
    missions = {m.code for m in data.missions}
    out: list[Problem] = []

    def check(ok: bool, file: str, record: str, fld: str, msg: str) -> None:
        if not ok:
            out.append(Problem(file, record, fld, msg))

    for a in data.agencies:
        check(
            a.ministry is None or a.ministry in ministries,
            "seeds/agencies.yaml",
            f"code {a.code!r}",
            "ministry",
            f"unknown ministry {a.ministry!r}",
        )
        check(
            a.county is None or a.county in counties,
            "seeds/agencies.yaml",
            f"code {a.code!r}",
            "county",
            f"unknown county {a.county!r}",
        )
    for m in data.missions:
        check(
            m.parent is None or m.parent in missions,
            "seeds/missions.yaml",
            f"code {m.code!r}",
            "parent",
            f"unknown mission {m.parent!r}",
        )
    for i in data.instruments:
        f = instrument_files[i.slug]
        rec = f"slug {i.slug!r}"
        check(i.agency in agencies, f, rec, "agency", f"unknown agency {i.agency!r}")
        for p in i.partner_agencies:
            check(p in agencies, f, rec, "partner_agencies", f"unknown agency {p!r}")
        for code in i.owner_ministry:
            check(code in ministries, f, rec, "owner_ministry", f"unknown ministry {code!r}")
        for c in i.counties:
            check(c in counties, f, rec, "counties", f"unknown county {c!r}")
    for cons in data.consortia:
        check(
            cons.county is None or cons.county in counties,
            "seeds/consortia.yaml",
            f"slug {cons.slug!r}",
            "county",
            f"unknown county {cons.county!r}",
        )
    return out


def load_seeds(session: Session, seeds_dir: Path = SEEDS_DIR) -> dict[str, int]:
    """Validate all seed files, then upsert them in the caller's transaction. Returns counts."""
    data = read_seeds(seeds_dir)
    registers = read_registers(seeds_dir, data)
    programme_links = read_programme_links(seeds_dir, data)
    read_review_audiences(seeds_dir, data)  # used as read (web), checked here so a bad file stops seeding
    for m in data.ministries:
        repository.upsert_ministry(session, m)
    for c in data.counties:
        repository.upsert_county(session, c)
    session.flush()
    for a in data.agencies:
        repository.upsert_agency(session, a)
    for b_index, b in enumerate(data.barriers, start=1):
        repository.upsert_barrier(session, b, position=b_index)
    for mission in sorted(data.missions, key=lambda x: x.level):
        repository.upsert_mission(session, mission)
        session.flush()
    session.flush()
    for i in data.instruments:
        repository.upsert_instrument(session, i)
    for cons in data.consortia:
        repository_consortia.upsert_consortium(session, cons)
    session.flush()
    register_counts = write_registers(session, registers)
    award_counts = write_programme_links(session, programme_links)
    return {
        "ministries": len(data.ministries),
        "counties": len(data.counties),
        "agencies": len(data.agencies),
        "barriers": len(data.barriers),
        "missions": len(data.missions),
        "instruments": len(data.instruments),
        "consortia": len(data.consortia),
        **register_counts,
        **award_counts,
    }
