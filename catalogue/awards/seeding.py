"""Load ``seeds/award_programmes.yaml`` (the programme → instrument rules) with the other seeds.

The file is validated against the seed catalogue before anything is written (unknown instrument, two
rules with the same fields). When the rules differ from the stored ones they are replaced and every stored
activity is linked again; seeding twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from catalogue.awards import repository, service
from catalogue.awards.schemas import ProgrammeLinkIn
from catalogue.errors import InputError, Problem, problems_from_validation
from catalogue.instruments import repository as instruments
from catalogue.instruments.schemas import InstrumentIn


class SeedData(Protocol):
    """The seed records the programme links refer to (``catalogue.seeding.SeedData`` has them)."""

    @property
    def instruments(self) -> Sequence[InstrumentIn]: ...


FILE = "seeds/award_programmes.yaml"
LINK_FIELDS = ("funder_code", "programme_code", "application_type", "application_variant", "note")


def _label(index: int, raw: object) -> str:
    label = f"record {index}"
    if isinstance(raw, dict):
        label += (
            f" ({raw.get('funder')} {raw.get('programme') or raw.get('application_variant') or ''})".rstrip()
        )
    return label


def read_programme_links(seeds_dir: Path, data: SeedData | None = None) -> list[ProgrammeLinkIn]:
    """The rules, validated; ``data`` (the seed catalogue) checks the instrument slugs."""
    path = seeds_dir / "award_programmes.yaml"
    if not path.exists():
        return []
    try:
        raw_list = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise InputError([Problem(FILE, "(file)", "(yaml)", f"not valid YAML: {exc}")]) from exc
    if not isinstance(raw_list, list):
        raise InputError([Problem(FILE, "(file)", "(top level)", "must be a list of rules")])
    problems: list[Problem] = []
    out: list[ProgrammeLinkIn] = []
    seen: set[tuple[str, str | None, str | None, str | None]] = set()
    slugs = {i.slug for i in data.instruments} if data is not None else None
    for index, raw in enumerate(raw_list, start=1):
        label = _label(index, raw)
        try:
            rule = ProgrammeLinkIn.model_validate(raw)
        except ValidationError as exc:
            problems.extend(problems_from_validation(FILE, label, exc))
            continue
        if rule.match_key() in seen:
            problems.append(Problem(FILE, label, "(rule)", "another rule names the same funder and fields"))
        if slugs is not None and rule.instrument not in slugs:
            problems.append(Problem(FILE, label, "instrument", f"unknown instrument {rule.instrument!r}"))
        seen.add(rule.match_key())
        out.append(rule)
    if problems:
        raise InputError(problems)
    return out


def _rows(session: Session, rules: list[ProgrammeLinkIn]) -> list[dict[str, Any]]:
    rows = []
    for position, r in enumerate(rules, start=1):
        instrument = instruments.instrument_by_slug(session, r.instrument)
        if instrument is None:
            raise InputError([Problem(FILE, f"record {position}", "instrument", f"unknown {r.instrument!r}")])
        rows.append(
            {
                "position": position,
                "funder_code": r.funder,
                "programme_code": r.programme,
                "application_type": r.application_type,
                "application_variant": r.application_variant,
                "instrument_id": instrument.id,
                "note": r.note,
            }
        )
    return rows


def write_programme_links(session: Session, rules: list[ProgrammeLinkIn]) -> dict[str, int]:
    """Store the rules (in the caller's transaction) and relink the activities when they changed."""
    rows = _rows(session, rules)
    stored = [
        {
            "position": link.position,
            "instrument_id": link.instrument_id,
            **{k: getattr(link, k) for k in LINK_FIELDS},
        }
        for link, _slug in repository.list_programme_links(session)
    ]
    relinked = 0
    if stored != rows:
        repository.replace_programme_links(session, rows)
        session.flush()
        relinked = service.relink(session)
    return {"award programme rules": len(rows), "awards relinked": relinked}
