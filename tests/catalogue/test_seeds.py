"""The seed catalogue is real, complete enough to work with, idempotent, and rejected whole when broken."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.seeding import SEEDS_DIR, load_seeds, read_seeds
from catalogue.transfer.export import export_catalogue


def test_every_instrument_is_usable(seed_snapshot: CatalogueSnapshot) -> None:
    agencies = {a.code for a in seed_snapshot.agencies}
    for i in seed_snapshot.instruments:
        assert i.agency in agencies, i.slug
        assert i.types, f"{i.slug} has no type"
        assert i.applicants, f"{i.slug} has no applicants"
        assert i.consortium_eligibility in ("yes", "no", "partial", None)
        # A date claims someone checked the source; without one, the note must say nobody has (issue 16).
        # compiled_on/compiled_from now say when and from what the facts were gathered (provenance per fact).
        unverified = "not verified" in (i.facts_note or "") or bool(i.compiled_on and i.compiled_from)
        assert i.verified_on is not None or unverified, f"{i.slug} has no verified date and does not say why"
        assert (i.verified_on is None) == (i.verified_by is None), (
            f"{i.slug}: verified without who, or who without when"
        )


def test_catalogue_covers_the_five_agencies(seed_snapshot: CatalogueSnapshot) -> None:
    per_agency = Counter(i.agency for i in seed_snapshot.instruments)
    assert len(seed_snapshot.instruments) >= 60
    for agency in ("IN", "SIVA", "FR", "ENOVA"):
        assert per_agency[agency] >= 8, agency
    assert per_agency["KD"] + per_agency["HKDIR"] >= 8
    slugs = {i.slug for i in seed_snapshot.instruments}
    assert {"joint-climit", "joint-skattefunn", "fk-regionalt-forskningsfond"} <= slugs


def test_catalogue_reaches_every_county(seed_snapshot: CatalogueSnapshot) -> None:
    """Issue 16: at least 150 instruments, an own scheme for each of the 15 counties, 95 % with a source."""
    instruments = seed_snapshot.instruments
    assert len(instruments) >= 150
    assert len(seed_snapshot.counties) == 15
    for code, name in seed_snapshot.counties:
        own = [i for i in instruments if i.agency == f"FK-{code}"]
        assert own, f"no own scheme for county {code} {name}"
        assert all(i.geography == "regional" and code in i.counties for i in own), code
    with_source = sum(1 for i in instruments if i.source_url)
    assert with_source / len(instruments) >= 0.95


def test_unknown_facts_stay_unknown(seed_snapshot: CatalogueSnapshot) -> None:
    """Most amounts are not stated in the sources; the seed must not fill them in."""
    unknown_amounts = sum(1 for i in seed_snapshot.instruments if i.max_amount_nok is None)
    assert unknown_amounts > len(seed_snapshot.instruments) / 2
    skattefunn = seed_snapshot.instrument("joint-skattefunn")
    assert skattefunn and skattefunn.funding_forms == ("tax_deduction",)
    assert skattefunn.partner_agencies == ("SKATTEETATEN",)


def test_reference_data_is_complete(seed_snapshot: CatalogueSnapshot) -> None:
    assert len(seed_snapshot.counties) == 15
    assert [b.code for b in seed_snapshot.barriers] == [f"B{n}" for n in range(1, 10)]
    level4 = {m.code for m in seed_snapshot.missions if m.level == 4}
    assert level4 == {"I", "II", "III"}
    seeded = {c.slug for c in seed_snapshot.consortia}
    assert seeded >= {"sirkular-solor-hub", "finnfjord-smelteverk", "fjord-base"}


def _snapshot_rows(url: str) -> tuple[dict[str, int], list[dict]]:
    with transaction(engine_for(url)) as session:
        data = export_catalogue(session)
        return repository.table_counts(session), data["instruments"]


def test_seeding_twice_gives_the_same_rows(seeded_url: str) -> None:
    before = _snapshot_rows(seeded_url)
    with transaction(engine_for(seeded_url)) as session:
        load_seeds(session)
    assert _snapshot_rows(seeded_url) == before


def _broken_copy(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    path = target / "instruments" / "enova.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return target


def test_broken_seed_is_rejected_and_nothing_changes(seeded_url: str, tmp_path: Path) -> None:
    def mutate(records: list[dict]) -> None:
        records[2]["types"] = ["financial", "magic"]
        records[2]["name_nb"] = "Changed name that must not land"

    seeds = _broken_copy(tmp_path, mutate)
    before = _snapshot_rows(seeded_url)
    with pytest.raises(InputError) as err, transaction(engine_for(seeded_url)) as session:
        load_seeds(session, seeds)
    message = str(err.value)
    assert "seeds/instruments/enova.yaml" in message or "instruments/enova.yaml" in message
    assert "record 3" in message and "field 'types'" in message and "'magic'" in message
    assert _snapshot_rows(seeded_url) == before


def test_unknown_agency_is_named(tmp_path: Path) -> None:
    def mutate(records: list[dict]) -> None:
        records[0]["agency"] = "NOPE"

    with pytest.raises(InputError) as err:
        read_seeds(_broken_copy(tmp_path, mutate))
    assert "field 'agency': unknown agency 'NOPE'" in str(err.value)


def test_agency_organisation_numbers_are_checked(tmp_path: Path) -> None:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    path = target / "agencies.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[0]["org_number"] = "986399446"  # Innovasjon Norge's number with a wrong check digit
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_seeds(target)
    assert "agencies.yaml" in str(err.value) and "field 'org_number'" in str(err.value)
    assert "check digit should be 5" in str(err.value)


def test_agencies_carry_their_organisation_numbers(seed_snapshot: CatalogueSnapshot) -> None:
    numbers = {a.code: a.org_number for a in seed_snapshot.agencies}
    assert numbers["IN"] == "986399445" and numbers["FR"] == "970141669" and numbers["FK-46"] == "821311632"
    assert numbers["FK"] is None  # all county authorities jointly: not one organisation


def test_seed_facts_say_they_were_compiled_not_verified(seed_snapshot: CatalogueSnapshot) -> None:
    """Nobody checked each source when the fact base was compiled: no seed claims a check (issue 16)."""
    compiled = {i.compiled_on for i in seed_snapshot.instruments}
    assert compiled == {dt.date(2026, 11, 28), dt.date(2026, 12, 5)}
    assert all(i.compiled_from for i in seed_snapshot.instruments)
    assert all(i.verified_on is None for i in seed_snapshot.instruments)
    third_party = {i.slug for i in seed_snapshot.instruments if i.max_amount_source_kind == "third_party"}
    assert third_party == {"fr-ipn", "in-innovasjonslan"}
    assert all(seed_snapshot.instrument(s).max_amount_source for s in third_party)  # type: ignore[union-attr]
