"""Linking funded activities to catalogue instruments (seeds/award_programmes.yaml) and organisations to
consortium members and registered symbioses by organisation number."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from awards_support import EU_FILE, SOKNADER_FILE, run_import, seeded_database
from sqlalchemy import select

from catalogue.awards import loader, repository
from catalogue.awards.linking import Linker
from catalogue.awards.links import member_funding
from catalogue.db import engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.models import Consortium, ConsortiumMember
from catalogue.seeding import SEEDS_DIR, load_seeds

SINTEF = "919303808"


def test_the_most_specific_rule_wins() -> None:
    linker = Linker(
        {
            ("FR", None, None, "IPN"): 1,  # variant
            ("FR", "ENERGIX", None, None): 2,  # programme
            ("FR", "DEMO2000", "Innovasjonsprosjekt", None): 3,  # programme and type
            ("FR", None, "Innovasjonsprosjekt", None): 4,  # type
        }
    )
    assert linker.instrument_for("FR", "ENERGIX", "Innovasjonsprosjekt", "IPN") == 2
    assert linker.instrument_for("FR", "PETROMAKS2", "Innovasjonsprosjekt", "IPN") == 1
    assert linker.instrument_for("FR", "DEMO2000", "Innovasjonsprosjekt", None) == 3
    assert linker.instrument_for("FR", "DEMO2000", "Innovasjonsprosjekt", "IPN") == 3
    assert linker.instrument_for("FR", None, "Innovasjonsprosjekt", None) == 4
    assert linker.instrument_for("FR", "NEVRONOR", "Forskerprosjekt", "Fornyelse") is None
    assert linker.instrument_for("EU", "ENERGIX", None, None) is None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, drop = seeded_database(request.param, tmp_path_factory.mktemp("links"))
    run_import(url, SOKNADER_FILE, "fr-soknader")
    run_import(url, EU_FILE, "fr-eu")
    yield url
    drop()


def _instruments_by_programme(url: str) -> dict[str, set[str | None]]:
    with transaction(engine_for(url)) as session:
        snap = loader.build_award_snapshot(session, source_keys=["fr-soknader"])
    out: dict[str, set[str | None]] = {}
    for a in snap.activities:
        out.setdefault(a.programme_code or "", set()).add(a.instrument)
    return out


def test_seeded_rules_link_what_a_person_in_the_field_would(url: str) -> None:
    links = _instruments_by_programme(url)
    assert links["ENERGIX"] == {"fr-energix"}
    assert links["PETROMAKS2"] == {
        "fr-ipn"
    }  # innovation projects for industry, in a programme not catalogued
    assert links["DEMO2000"] == {"fr-ipn"}
    assert links["FORINFRA"] == {"fr-infrastruktur"}
    assert links["NEVRONOR"] == links["NORGLOBAL"] == {None}


def test_unmapped_lists_programmes_outside_the_catalogue_by_money(url: str) -> None:
    with transaction(engine_for(url)) as session:
        totals = loader.programme_totals(session, unmapped_only=True)
    codes = [t.programme_code for t in totals]
    assert {"NEVRONOR", "NORGLOBAL", "POLARPROG", "EU.3.3.", "EU.2.1."} <= set(codes)
    assert "ENERGIX" not in codes and "DEMO2000" not in codes
    nok = [t for t in totals if t.currency == "NOK"]
    assert [t.granted_minor for t in nok] == sorted((t.granted_minor for t in nok), reverse=True)
    polar = next(t for t in totals if t.programme_code == "POLARPROG")
    assert (polar.activities, polar.funded, polar.granted_minor) == (9, 3, 3_199_400_000)


def _edited_seeds(tmp_path: Path, edit: object) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    path = seeds / "award_programmes.yaml"
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(edit(rules), allow_unicode=True), encoding="utf-8")  # type: ignore[operator]
    return seeds


def test_changing_the_mapping_relinks_at_seed_and_seeding_twice_changes_nothing(
    url: str, tmp_path: Path
) -> None:
    seeds = _edited_seeds(tmp_path, lambda rules: [r for r in rules if r.get("programme") != "ENERGIX"])
    try:
        with transaction(engine_for(url)) as session:
            counts = load_seeds(session, seeds)
        assert counts["awards relinked"] == 23
        assert _instruments_by_programme(url)["ENERGIX"] == {"fr-ipn"}  # all 23 are IPN applications
        with transaction(engine_for(url)) as session:
            assert load_seeds(session, seeds)["awards relinked"] == 0
    finally:
        with transaction(engine_for(url)) as session:
            assert load_seeds(session)["awards relinked"] == 23
    assert _instruments_by_programme(url)["ENERGIX"] == {"fr-energix"}


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (
            lambda rules: [*rules, {"funder": "FR", "programme": "X", "instrument": "fr-nope"}],
            "instrument",
            "unknown instrument",
        ),
        (lambda rules: [*rules, rules[0]], "(rule)", "another rule names the same funder and fields"),
        (lambda rules: [*rules, {"funder": "FR", "programme": "X"}], "instrument", "Field required"),
    ],
)
def test_a_broken_mapping_is_rejected_naming_file_record_and_field(
    seeded_sqlite_url: str, tmp_path: Path, edit: object, field: str, message: str
) -> None:
    seeds = _edited_seeds(tmp_path, edit)
    with pytest.raises(InputError) as caught, transaction(engine_for(seeded_sqlite_url)) as session:
        load_seeds(session, seeds)
    problem = caught.value.problems[0]
    assert problem.file == "seeds/award_programmes.yaml"
    assert problem.record.startswith("record 14")
    assert (problem.field, message in problem.message) == (field, True)


def test_members_link_to_funding_by_organisation_number(url: str) -> None:
    with transaction(engine_for(url)) as session:
        hub = session.scalars(select(Consortium).where(Consortium.slug == "sirkular-solor-hub")).one()
        session.add(ConsortiumMember(consortium_id=hub.id, position=99, name="SINTEF", org_number=SINTEF))
    try:
        with transaction(engine_for(url)) as session:
            rows = repository.member_links(session)
            catalogue = build_snapshot(session)
            registered = set(repository.registered_symbioses(session))
            awards = loader.build_award_snapshot(session, orgnrs=[SINTEF])
            funding = loader.organisation_funding(session, SINTEF)
        assert [(r.slug, r.org_number, r.registered_symbiosis) for r in rows] == [
            ("sirkular-solor-hub", SINTEF, True)
        ]
        (link,) = member_funding(catalogue.consortia, registered, awards)
        assert (link.consortium, link.member, link.registered_symbiosis) == (
            "sirkular-solor-hub",
            "SINTEF",
            True,
        )
        assert len(link.activities) == 226 and link.funders == {"EU"}
        assert funding is not None
        assert [(c.slug, c.registered_symbiosis) for c in funding.consortia] == [("sirkular-solor-hub", True)]
    finally:
        with transaction(engine_for(url)) as session:
            session.execute(ConsortiumMember.__table__.delete().where(ConsortiumMember.org_number == SINTEF))
