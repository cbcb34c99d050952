"""The gap analyser on the seed catalogue: findings a person in the field would recognise."""

from __future__ import annotations

import pytest
from factories import words

from analyser.gaps.analyse import Analysis, analyse
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules


@pytest.fixture(scope="module")
def analysis(seed_snapshot: CatalogueSnapshot) -> Analysis:
    return analyse(seed_snapshot, load_rules("barrier_needs"))


def test_shared_infrastructure_is_weakly_covered(
    analysis: Analysis, seed_snapshot: CatalogueSnapshot
) -> None:
    finding = analysis.finding("barrier-weak:B2") or analysis.finding("barrier-uncovered:B2")
    assert finding is not None and {"NFD", "KLD"} <= set(finding.departments)
    answering = finding.evidence["answering"]
    flagged = [i for i in seed_snapshot.instruments if i.funds_shared_infrastructure and i.status != "closed"]
    assert len(answering) < analysis.spec.rule("B2").min_answering < len(flagged)
    for slug in answering:
        inst = seed_snapshot.instrument(slug)
        assert inst.funds_shared_infrastructure and inst.consortium_eligibility in ("yes", "partial")
    # risk relief and consortium access are far better served than shared infrastructure
    b2 = analysis.figure("barrier", "B2").instruments
    assert b2 < analysis.figure("barrier", "B3").instruments
    assert b2 < analysis.figure("barrier", "B8").instruments


def test_innovation_norway_grants_are_only_partly_open_to_consortia(
    analysis: Analysis, seed_snapshot: CatalogueSnapshot
) -> None:
    finding = analysis.finding("consortium-miss:in-innovasjonstilskudd")
    assert finding is not None
    condition = seed_snapshot.instrument("in-innovasjonstilskudd").consortium_condition
    assert finding.evidence["consortium_eligibility"] == "partial"
    assert finding.evidence["condition"] == condition
    title = words(finding.title, seed_snapshot)
    assert "partly open to consortia" in title and condition.rstrip(".") in title
    assert finding.agencies == ("IN",) and finding.departments == ("NFD",)


def test_no_instrument_open_to_consortia_is_flagged_as_missing_them(
    analysis: Analysis, seed_snapshot: CatalogueSnapshot
) -> None:
    flagged = [f.evidence["instruments"][0] for f in analysis.of_kind("consortium-miss")]
    assert flagged
    assert all(seed_snapshot.instrument(s).consortium_eligibility != "yes" for s in flagged)
    assert all(seed_snapshot.instrument(s).status != "closed" for s in flagged)


def test_power_access_goes_to_the_ministry_of_energy(analysis: Analysis) -> None:
    power = analysis.finding("barrier-unanswerable:B6")
    assert power.departments == ("ED",) and "Statnett" in words(power.recommendation)
    assert power in analysis.for_department("ED")
    regulation = analysis.finding("barrier-unanswerable:B5")
    assert set(regulation.departments) == {"NFD", "KLD", "KDD"}
    assert power.severity_label == "high"


def test_competence_instruments_lack_coordination_and_that_is_for_kd(analysis: Analysis) -> None:
    finding = analysis.finding("barrier-weak:B9") or analysis.finding("barrier-uncovered:B9")
    assert finding is not None and finding.departments == ("KD",)
    assert finding in analysis.for_department("KD")


def test_battery_projects_change_agency_between_research_and_pilot(analysis: Analysis) -> None:
    handoff = analysis.finding("handoff:battery:rnd>pilot")
    assert handoff is not None and {"FR", "ENOVA"} <= set(handoff.agencies)
    pipeline = next(p for p in analysis.pipelines if p.value_chain == "battery")
    steps = {s.step: s for s in pipeline.steps}
    assert steps["rnd"].agencies == ("FR",) and "ENOVA" in steps["pilot"].agencies


def test_some_value_chain_has_a_broken_pipeline(analysis: Analysis) -> None:
    gaps = analysis.of_kind("pipeline-gap")
    assert gaps
    configured = set(analysis.spec.pipeline_value_chains)
    assert all(f.evidence["value_chain"] in configured and f.agencies for f in gaps)


def test_forregion_run_by_both_the_research_council_and_the_counties_overlaps(analysis: Analysis) -> None:
    overlap = analysis.finding("overlap:fk-forregion-mobilisering+fr-forregion")
    assert overlap is not None and set(overlap.agencies) == {"FK", "FR"}
    assert not any(f.kind == "overlap" and f.agencies == ("FR",) for f in analysis.findings)


def test_coverage_matrix_agrees_with_the_barrier_findings(analysis: Analysis) -> None:
    matrix = analysis.coverage["agency"]
    b2 = {slug for col in matrix.columns for slug in matrix.cell("B2", col)}
    assert b2 == set(analysis.finding("barrier-weak:B2").evidence["answering"])
    assert all(matrix.count("B6", col) == 0 for col in matrix.columns)
