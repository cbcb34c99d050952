"""Importing Forskningsrådet's real award files: the figures a user checks first, re-import, bad rows.

Both fixtures are imported once per backend into a seeded database (module scope); tests that write
either write the same rows again or are rolled back, so they leave that database as they found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from awards_support import EU_FILE, SOKNADER_FILE, dump, rewrite_cell, run_import, seeded_database
from sqlalchemy import func, inspect, select

from catalogue.awards import loader
from catalogue.awards.models import AwardActivity, AwardParticipation, AwardSource
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, drop = seeded_database(request.param, tmp_path_factory.mktemp("awards"))
    run_import(url, EU_FILE, "fr-eu")
    run_import(url, SOKNADER_FILE, "fr-soknader")
    yield url
    drop()


def _source(url: str, key: str) -> AwardSource:
    with transaction(engine_for(url)) as session:
        source = session.scalars(select(AwardSource).where(AwardSource.key == key)).one()
        session.expunge(source)
        return source


def test_eu_file_gives_its_participations_projects_and_consortia(url: str) -> None:
    eu = _source(url, "fr-eu")
    assert (eu.rows_read, eu.participation_count, eu.activity_count) == (2931, 2931, 1957)
    assert (eu.year_from, eu.year_to, eu.shows_partners) == (2014, 2021, True)
    snapshot = _eu_snapshot(url)
    multi = [a for a in snapshot.activities if len(a.organisation_keys) >= 2]
    assert len(multi) == 545


def _eu_snapshot(url: str) -> loader.AwardSnapshot:
    with transaction(engine_for(url)) as session:
        return loader.build_award_snapshot(session, source_keys=["fr-eu"])


def test_sintef_has_226_participations_55_as_coordinator(url: str) -> None:
    with transaction(engine_for(url)) as session:
        sintef = loader.organisation_funding(session, "919303808")
    assert sintef is not None
    assert sintef.organisation.name == "SINTEF AS"
    assert sintef.organisation.county == "50"  # Trøndelag, as published
    assert len(sintef.roles) == 226
    assert sum(r.role == "coordinator" for r in sintef.roles) == 55
    assert set(sintef.granted_by_currency()) == {"EUR"}


def test_soknader_sample_gives_171_applications_and_energix_as_published(url: str) -> None:
    assert _source(url, "fr-soknader").activity_count == 171
    with transaction(engine_for(url)) as session:
        energix = loader.build_award_snapshot(session, instrument_slugs=["fr-energix"]).activities
        snapshot = loader.build_award_snapshot(session, source_keys=["fr-soknader"])
    assert len(energix) == 23
    assert all(a.programme_code == "ENERGIX" for a in energix)
    assert sum(a.outcome == "rejected" for a in energix) == 13
    assert sum(a.outcome == "finished" for a in energix) == 10
    business = [
        a
        for a in energix
        if snapshot.organisation(a.participations[0].organisation).sector_kind == "business"
    ]
    assert len(business) == 22
    assert all(not snapshot.shows_partners(a) for a in energix)  # Søknader names the responsible only


def test_amounts_are_exact_in_minor_units(url: str) -> None:
    with transaction(engine_for(url)) as session:
        soknad = session.scalars(select(AwardActivity).where(AwardActivity.source_ref == "225873")).one()
        assert (soknad.currency, soknad.applied_minor, soknad.granted_minor) == (
            "NOK",
            800_000_000,
            697_812_400,
        )
        # published with float noise: 626199.99999984 EUR -> 626,200.00
        own = session.scalars(
            select(AwardParticipation.amount_minor)
            .join(AwardActivity)
            .where(AwardActivity.source_ref == "883188", AwardParticipation.source_ref == "4")
        ).one()
        assert own == 62_620_000
        project = session.scalars(select(AwardActivity).where(AwardActivity.source_ref == "883188")).one()
        parts = session.scalar(
            select(func.sum(AwardParticipation.amount_minor)).where(
                AwardParticipation.activity_id == project.id
            )
        )
        assert project.granted_minor == parts and project.currency == "EUR"


def test_importing_either_file_again_changes_nothing(url: str) -> None:
    before = dump(url)
    again = run_import(url, EU_FILE, "fr-eu")
    assert (again.activities, again.activities_new, again.organisations_new) == (1957, 0, 0)
    again = run_import(url, SOKNADER_FILE, "fr-soknader")
    assert (again.activities, again.activities_new, again.organisations_new) == (171, 0, 0)
    assert dump(url) == before


def test_a_bad_amount_rejects_the_whole_file_naming_file_row_and_column(url: str, tmp_path: Path) -> None:
    before = dump(url)
    broken = rewrite_cell(
        EU_FILE,
        tmp_path / "bevilgningereu-broken.csv",
        57,
        "Innvilget beløp organisasjon EUR",
        "12 million",
        ";",
    )
    with pytest.raises(InputError) as caught:
        run_import(url, broken, "fr-eu")
    problem = caught.value.problems[0]
    assert problem.file == "bevilgningereu-broken.csv"
    assert problem.record.startswith("row 57 ")
    assert problem.field == "Innvilget beløp organisasjon EUR"
    assert "'12 million' is not an amount" in str(caught.value)
    assert dump(url) == before


def test_a_bad_last_row_rolls_back_the_batches_already_written(db_url: str, tmp_path: Path) -> None:
    """With batches of 50 rows, three batches are written before row 172 is read: nothing stays."""
    broken = rewrite_cell(SOKNADER_FILE, tmp_path / "soknader2.csv", 172, "prosjektfase", "Godkjent", ",")
    with pytest.raises(
        InputError, match=r"soknader2.csv: row 172 .*'prosjektfase': unknown phase 'Godkjent'"
    ):
        run_import(db_url, broken, "fr-soknader", batch_size=50)
    assert all(rows == [] for rows in dump(db_url).values())


def test_dry_run_checks_every_row_and_writes_nothing(url: str) -> None:
    before = dump(url)
    summary = run_import(url, EU_FILE, "fr-eu", dry_run=True)
    assert (summary.rows, summary.activities, summary.participations) == (2931, 1957, 2931)
    assert dump(url) == before


def test_no_person_data_is_stored(url: str) -> None:
    """soknader2 has the project leader's gender and, for personal grants, the holder's name."""
    columns = {
        c["name"]
        for table in ("award_source", "award_organisation", "award_activity", "award_participation")
        for c in inspect(engine_for(url)).get_columns(table)
    }
    assert not {c for c in columns if any(w in c for w in ("kjonn", "gender", "leder", "person", "navn"))}
    stored = repr(dump(url))
    assert "'MANN'" not in stored and "'KVINNE'" not in stored


def _personal_grant(tmp_path: Path, number: str) -> Path:
    copy = rewrite_cell(SOKNADER_FILE, tmp_path / "a.csv", 2, "prosjektansvarlig_type", "Person", ",")
    copy = rewrite_cell(copy, tmp_path / "b.csv", 2, "prosjektansvarlig_navn", "Kari Nordmann", ",")
    copy = rewrite_cell(copy, tmp_path / "c.csv", 2, "kortnavn", "", ",")
    return rewrite_cell(copy, tmp_path / "soknader2.csv", 2, "organisasjonsnummer", number, ",")


@pytest.mark.parametrize("number", ["0", "962986633"])
def test_a_personal_grant_holders_name_is_never_stored(db_url: str, tmp_path: Path, number: str) -> None:
    summary = run_import(db_url, _personal_grant(tmp_path, number), "fr-soknader")
    assert summary.activities == 171
    assert "Kari Nordmann" not in repr(dump(db_url))
    with transaction(engine_for(db_url)) as session:
        snap = loader.build_award_snapshot(session, source_keys=["fr-soknader"])
    grant = next(a for a in snap.activities if a.ref == "225873")
    # without an organisation number the grant keeps no participant; with one, the organisation only
    assert [p.organisation for p in grant.participations] == ([] if number == "0" else [number])


# ---- large files are read in a second process (catalogue.awards.pipeline.read_in_child) -----------------


@pytest.fixture
def child_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large: read in a forked child, written here."""
    from catalogue.awards import service

    monkeypatch.setattr(service, "CHILD_READER_MIN_BYTES", 0)


def test_a_file_read_in_a_child_process_gives_the_same_rows(
    url: str, db_url: str, child_reader: None, tmp_path: Path
) -> None:
    """The same two files, imported with a reading child into an empty seeded database, store exactly
    what the module's database (read in this process) holds."""
    run_import(db_url, EU_FILE, "fr-eu", batch_size=500)
    summary = run_import(db_url, SOKNADER_FILE, "fr-soknader", batch_size=50)
    assert (summary.rows, summary.activities) == (171, 171)
    assert _activities(db_url) == _activities(url)
    assert {name: len(rows) for name, rows in dump(db_url).items()} == {
        name: len(rows) for name, rows in dump(url).items()
    }


def _activities(url: str) -> set[tuple[object, ...]]:
    """Every activity with what a reader checks first, and its participants' organisation keys."""
    with transaction(engine_for(url)) as session:
        rows = session.execute(
            select(AwardActivity.source_ref, AwardActivity.outcome, AwardActivity.granted_minor)
        ).all()
        parts = session.execute(
            select(AwardActivity.source_ref, func.count(AwardParticipation.id))
            .join(AwardParticipation, AwardParticipation.activity_id == AwardActivity.id)
            .group_by(AwardActivity.source_ref)
        ).all()
    counted = dict(parts)
    return {(*row, counted.get(row[0], 0)) for row in rows}


def test_a_bad_row_read_in_a_child_rejects_the_whole_file_and_names_the_row(
    db_url: str, child_reader: None, tmp_path: Path
) -> None:
    broken = rewrite_cell(SOKNADER_FILE, tmp_path / "soknader2.csv", 172, "prosjektfase", "Godkjent", ",")
    with pytest.raises(
        InputError, match=r"soknader2.csv: row 172 .*'prosjektfase': unknown phase 'Godkjent'"
    ) as caught:
        run_import(db_url, broken, "fr-soknader", batch_size=50)
    assert caught.value.problems[0].field == "prosjektfase"
    assert all(rows == [] for rows in dump(db_url).values())
