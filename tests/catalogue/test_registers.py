"""The mission-progress registers: history is kept across status changes, seeding is idempotent, and a bad
registers file is rejected naming file, record and field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from analyser.gaps.mission_tree import mission_tree, walk
from analyser.progress.figures import Targets, compute_progress
from catalogue.accounts import service as accounts
from catalogue.accounts.models import User
from catalogue.audit.models import StatusAudit
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.registers import repository as repository_registers
from catalogue.registers import service as registers_audit
from catalogue.registers.loader import build_register_snapshot
from catalogue.registers.schemas import AreaStatusIn, SymbiosisStatusIn
from catalogue.registers.snapshot import RegisterSnapshot
from catalogue.seeding import SEEDS_DIR, load_seeds, read_seeds


def _registers(url: str) -> tuple[RegisterSnapshot, CatalogueSnapshot, dict[str, int]]:
    with transaction(engine_for(url)) as session:
        return (
            build_register_snapshot(session),
            build_snapshot(session),
            repository_registers.register_counts(session),
        )


def _record(url: str, slug: str, day: dt.date, status: str, **kw: object) -> None:
    with transaction(engine_for(url)) as session:
        consortium = repository.consortium_by_slug(session, slug)
        assert consortium is not None
        repository_registers.record_symbiosis_status(
            session, consortium, SymbiosisStatusIn(recorded_on=day, status=status, **kw)
        )  # type: ignore[arg-type]


def test_seed_registers_hold_the_three_seed_symbioses(seeded_sqlite_url: str) -> None:
    reg, catalogue, counts = _registers(seeded_sqlite_url)
    by_slug = {s.slug: s for s in reg.symbioses}
    assert {slug: [(x.recorded_on, x.status) for x in by_slug[slug].statuses] for slug in by_slug} == {
        "sirkular-solor-hub": [(dt.date(2022, 9, 1), "planned")],
        "finnfjord-smelteverk": [(dt.date(2022, 9, 1), "in_development")],
        "fjord-base": [(dt.date(2022, 9, 1), "in_development")],
    }
    assert by_slug["fjord-base"].statuses[0].area == "fjord-base-floro"
    assert all(s.missions == ("I",) for s in reg.symbioses)
    # unknown access is not guessed
    assert all(
        x.infrastructure_access is None and x.competence_access is None
        for s in reg.symbioses
        for x in s.statuses
    )
    assert counts["industrial_area"] == 1 and reg.areas[0].county == "46" and reg.areas[0].source


def test_seeded_hierarchy_has_all_five_levels(seeded_sqlite_url: str) -> None:
    reg, catalogue, _ = _registers(seeded_sqlite_url)
    nodes = walk(mission_tree(catalogue.missions, reg))
    assert sorted({n.level for n in nodes}) == [1, 2, 3, 4, 5]
    mission_i = next(n for n in nodes if n.code == "I")
    assert {c.code for c in mission_i.children if c.level == 5} == {
        "sirkular-solor-hub",
        "finnfjord-smelteverk",
        "fjord-base",
    }


def test_a_new_status_keeps_the_old_one(seeded_url: str) -> None:
    _record(
        seeded_url, "fjord-base", dt.date(2024, 5, 1), "in_operation", power=True, area="fjord-base-floro"
    )
    reg, catalogue, _ = _registers(seeded_url)
    history = reg.symbiosis("fjord-base").statuses  # type: ignore[union-attr]
    assert [(s.recorded_on, s.status) for s in history] == [
        (dt.date(2022, 9, 1), "in_development"),
        (dt.date(2024, 5, 1), "in_operation"),
    ]
    before = compute_progress(reg, catalogue.counties, Targets(), dt.date(2023, 12, 31)).county("46")
    after = compute_progress(reg, catalogue.counties, Targets(), dt.date(2024, 12, 31)).county("46")
    assert before and after
    assert (before.symbioses_in_operation, after.symbioses_in_operation) == (0, 1)
    assert after.trend.points == ((2022, 0), (2024, 1))

    # Seeding again neither drops the added record nor duplicates the seeded one.
    with transaction(engine_for(seeded_url)) as session:
        load_seeds(session)
    again = _registers(seeded_url)[0].symbiosis("fjord-base").statuses  # type: ignore[union-attr]
    assert [s.recorded_on for s in again] == [dt.date(2022, 9, 1), dt.date(2024, 5, 1)]


def test_a_record_on_the_same_date_is_corrected_not_duplicated(seeded_url: str) -> None:
    _record(seeded_url, "sirkular-solor-hub", dt.date(2022, 9, 1), "in_development", note="corrected")
    history = _registers(seeded_url)[0].symbiosis("sirkular-solor-hub").statuses  # type: ignore[union-attr]
    assert [(s.status, s.note) for s in history] == [("in_development", "corrected")]


def test_seeding_registers_twice_gives_the_same_rows(seeded_url: str, tmp_path: Path) -> None:
    first = _registers(seeded_url)
    with transaction(engine_for(seeded_url)) as session:
        load_seeds(session)
    assert _registers(seeded_url) == first

    # A new dated record in the file adds a row; the older record stays.
    seeds = _copy_seeds(
        tmp_path,
        lambda d: d["symbioses"][2]["statuses"].append(
            {"recorded_on": dt.date(2025, 1, 15), "status": "in_operation", "area": "fjord-base-floro"}
        ),
    )
    for _ in range(2):
        with transaction(engine_for(seeded_url)) as session:
            load_seeds(session, seeds)
    counts = _registers(seeded_url)[2]
    assert counts["symbiosis_status"] == first[2]["symbiosis_status"] + 1


def _status_audit_count(url: str) -> int:
    with transaction(engine_for(url)) as session:
        return session.query(StatusAudit).count()


def test_seeding_writes_no_status_audit(seeded_url: str, tmp_path: Path) -> None:
    assert _status_audit_count(seeded_url) == 0
    # seeds that add a record and correct one (same date, other status) still write none
    seeds = _copy_seeds(
        tmp_path,
        lambda d: (
            d["symbioses"][2]["statuses"].append(
                {"recorded_on": dt.date(2025, 1, 15), "status": "in_operation"}
            ),
            d["symbioses"][2]["statuses"][0].update(status="planned"),
        ),
    )
    with transaction(engine_for(seeded_url)) as session:
        load_seeds(session, seeds)
    statuses = _registers(seeded_url)[0].symbiosis("fjord-base").statuses  # type: ignore[union-attr]
    assert [s.status for s in statuses] == ["planned", "in_operation"]
    assert _status_audit_count(seeded_url) == 0


def test_a_status_and_its_audit_entry_are_one_transaction(seeded_url: str) -> None:
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(seeded_url)) as session:
        user = accounts.create_user(
            session, "ed@example.no", "correct horse battery staple", "admin", None, set()
        )
        session.flush()
        uid = user.id
    day = dt.date(2022, 9, 1)
    with pytest.raises(RuntimeError), transaction(engine_for(seeded_url)) as session:
        registers_audit.record_status(
            session,
            "area",
            "fjord-base-floro",
            AreaStatusIn(recorded_on=day, emissions_status="net_zero"),
            session.get(User, uid),
        )
        session.flush()
        raise RuntimeError("the request fails after the write")
    assert _status_audit_count(seeded_url) == 0
    area = next(a for a in _registers(seeded_url)[0].areas if a.slug == "fjord-base-floro")
    assert [s.emissions_status for s in area.statuses] == [None]

    with transaction(engine_for(seeded_url)) as session:
        entry = registers_audit.record_status(
            session,
            "area",
            "fjord-base-floro",
            AreaStatusIn(recorded_on=day, emissions_status="net_zero"),
            session.get(User, uid),
        )
        assert entry.action == "corrected" and entry.user_email == "ed@example.no"
    with transaction(engine_for(seeded_url)) as session:
        (stored,) = registers_audit.status_history(session, "area", "fjord-base-floro")
        assert stored.before is not None and stored.before["emissions_status"] is None
        assert stored.before["source"] == "seed document" and stored.after["emissions_status"] == "net_zero"


def _copy_seeds(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    path = target / "registers.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _problems(tmp_path: Path, mutate) -> str:  # type: ignore[no-untyped-def]
    seeds = _copy_seeds(tmp_path, mutate)
    with pytest.raises(InputError) as err, transaction(engine_for(f"sqlite:///{tmp_path / 'x.db'}")) as s:
        load_seeds(s, seeds)  # fails in validation, before the (missing) tables are touched
    return str(err.value)


def test_bad_registers_are_named(tmp_path: Path) -> None:
    def bad_status(d: dict) -> None:
        d["symbioses"][0]["statuses"][0]["status"] = "running"

    message = _problems(tmp_path, bad_status)
    assert "seeds/registers.yaml: symbioses record 1 (consortium 'sirkular-solor-hub')" in message
    assert "field 'statuses.0.status'" in message and "'in_operation'" in message


def test_bad_references_are_named(tmp_path: Path) -> None:
    def bad_refs(d: dict) -> None:
        d["symbioses"][0]["consortium"] = "nobody"
        d["symbioses"][2]["statuses"][0]["area"] = "nowhere"
        d["areas"][0]["county"] = "99"

    message = _problems(tmp_path / "a", bad_refs)
    assert "symbiosis 'nobody': field 'consortium': unknown consortium 'nobody'" in message
    assert "area 'fjord-base-floro': field 'county': unknown county '99'" in message
    assert "field 'area': unknown industrial area 'nowhere'" in message


def test_an_area_needs_a_source(tmp_path: Path) -> None:
    def no_source(d: dict) -> None:
        del d["areas"][0]["source"]

    assert "areas record 1 (slug 'fjord-base-floro'): field 'source': Field required" in _problems(
        tmp_path, no_source
    )


def test_a_missing_registers_file_means_empty_registers(tmp_path: Path) -> None:
    from catalogue.registers.seeding import read_registers

    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    (target / "registers.yaml").unlink()
    reg = read_registers(target, read_seeds(target))
    assert reg.areas == [] and reg.symbioses == []
