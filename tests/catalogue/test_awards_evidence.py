"""The evidence snapshot and the gap findings on Forskningsrådet's real extracts (both backends): the
grouped counts match the files, example awards are capped, and the findings name their sources and
years; the consortium share is "not measurable" for instruments only Søknader links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from awards_support import EU_FILE, SOKNADER_FILE, run_import, seeded_database

from catalogue.awards.evidence_loader import ROWS
from catalogue.awards.snapshot import AwardEvidence
from catalogue.db import engine_for, transaction
from catalogue.instruments.loader import build_snapshot
from web.analysis import award_evidence, run_analysis


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, drop = seeded_database(request.param, tmp_path_factory.mktemp("evidence"))
    run_import(url, EU_FILE, "fr-eu")
    run_import(url, SOKNADER_FILE, "fr-soknader")
    yield url
    drop()


@pytest.fixture(scope="module")
def evidence(url: str) -> AwardEvidence:
    with transaction(engine_for(url)) as session:
        return award_evidence(session)


def test_grouped_counts_match_the_files(evidence: AwardEvidence) -> None:
    energix = next(d for d in evidence.decisions if d.programme_code == "ENERGIX")
    # 23 ENERGIX applications: 13 rejected, 10 finished; 22 from business, Statnett the 23rd
    assert (energix.business_decided + energix.other_decided) == 23
    assert (energix.business_rejected + energix.other_rejected) == 13
    assert (energix.business_decided, energix.other_decided) == (22, 1)
    assert evidence.rejecting_sources == {"fr-soknader"}
    eu = next(f for f in evidence.funders if f.funder == "EU")
    assert (eu.funded, eu.unmapped_funded, len(eu.unmapped_rows)) == (1957, 1957, ROWS)
    assert all(len(c.rows) <= ROWS for c in evidence.cells)
    assert {(p.instrument, p.source) for p in evidence.partners} >= {("fr-energix", "fr-soknader")}


def test_findings_on_the_real_extracts_name_their_sources_and_years(
    url: str, evidence: AwardEvidence
) -> None:
    with transaction(engine_for(url)) as session:
        snapshot = build_snapshot(session)
    analysis = run_analysis(snapshot, today=dt.date(2026, 12, 5), with_paths=False, awards=evidence).analysis
    money = analysis.finding("unmapped-money:FR:NOK")
    assert money is not None and money.agencies == ("FR",)
    assert [(s["source"], s["year_from"], s["year_to"]) for s in money.evidence["sources"]] == [
        ("fr-soknader", 2012, 2012)
    ]
    assert money.evidence["programmes"][0]["programme"] == "POLARPROG"  # 31,994,000 NOK, the largest
    assert len(money.evidence["awards"]) == ROWS
    eu = analysis.finding("unmapped-money:EU:EUR")
    assert eu is not None and eu.evidence["sources"][0]["year_from"] == 2014
    blind = analysis.finding("not-measurable:consortia")
    assert blind is not None
    energix = next(i for i in blind.evidence["not_measurable"] if i["instrument"] == "fr-energix")
    assert energix["reason"] == "no-partners"
    assert analysis.finding("consortia-in-practice:fr-energix") is None
