"""EEA R&D aid-intensity ceilings (GBER art. 25, seeds/aid_ceilings.yaml) and the stacking check."""

from __future__ import annotations

import pytest

from analyser.paths.ceilings import (
    check_stacking,
    effective_collaboration,
    intensity_parts,
    max_intensity,
    stage_activity,
    worked_examples,
)
from catalogue.instruments.snapshot import MemberSnap
from catalogue.rules import load_rules

AID = load_rules("aid_ceilings")
CEILINGS = load_rules("path_rules")["ceilings"]


@pytest.mark.parametrize(
    "example", AID["worked_examples"], ids=lambda e: f"{e['size']}-{e['activity']}-{e['collaboration']}"
)
def test_worked_examples_of_the_rule_file(example):
    got = max_intensity(example["size"], example["activity"], example["collaboration"], AID)
    assert got == example["expected_pct"]


def test_named_cases():
    assert max_intensity("small", "industrial_research", True, AID) == 80  # 85 capped at 80
    assert max_intensity("large", "experimental_development", False, AID) == 25
    assert max_intensity("medium", "industrial_research", False, AID) == 60
    assert max_intensity("small", "experimental_development", True, AID) == 60
    assert all(ok == ex["expected_pct"] for ex, ok in worked_examples(AID))


def test_small_firms_get_more_than_large_and_collaboration_adds():
    for activity in ("industrial_research", "experimental_development"):
        small = max_intensity("small", activity, False, AID)
        medium = max_intensity("medium", activity, False, AID)
        large = max_intensity("large", activity, False, AID)
        assert small - large == 20 and medium - large == 10
        assert max_intensity("large", activity, True, AID) == large + 15
    assert max_intensity("large", "industrial_research", True, AID) == 65
    assert max_intensity("medium", "experimental_development", True, AID) == 50


def test_feasibility_studies_have_size_but_no_collaboration_bonus():
    assert max_intensity("small", "feasibility_studies", True, AID) == 70
    assert max_intensity("small", "feasibility_studies", False, AID) == 70
    assert max_intensity("large", "feasibility_studies", True, AID) == 50


def test_fundamental_research_has_no_bonus_and_is_not_capped():
    parts = intensity_parts("small", "fundamental_research", True, AID)
    assert parts.size_bonus == 0 and parts.collaboration_bonus == 0
    assert max_intensity("small", "fundamental_research", True, AID) == 100


def test_unknown_size_uses_the_large_firm_ceiling_and_says_so():
    parts = intensity_parts(None, "industrial_research", False, AID)
    assert parts.size_class == "large" and parts.size_assumed and parts.total == 50
    assert max_intensity("huge", "experimental_development", True, AID) == max_intensity(
        "large", "experimental_development", True, AID
    )
    assert not intensity_parts("small", "industrial_research", False, AID).size_assumed


def test_unknown_activity_is_an_error():
    with pytest.raises(ValueError, match="unknown R&D activity 'marketing'"):
        max_intensity("small", "marketing", False, AID)


def test_stage_activity_mapping_is_data():
    assert stage_activity("feasibility", AID) == "feasibility_studies"
    assert stage_activity("rnd", AID) == "industrial_research"
    assert stage_activity("pilot", AID) == "experimental_development"
    assert stage_activity("full_scale", AID) is None


def test_stacking_sums_all_agencies_against_one_ceiling():
    check = check_stacking(
        "Sag AS", "rnd", 65, 4_800_000, [("FR", 1_600_000), ("IN", 1_500_000), ("FR", 500_000)]
    )
    assert check.max_public_nok == 3_120_000
    assert check.planned_nok == 3_600_000 and check.planned_by_agency == {"FR": 2_100_000, "IN": 1_500_000}
    assert check.exceeds
    within = check_stacking("Sag AS", "rnd", 65, 4_800_000, [("ENOVA", 1_000_000), ("FK-34", 2_000_000)])
    assert within.planned_nok == 3_000_000 and not within.exceeds


def test_stacking_without_costs_states_only_the_percentage():
    check = check_stacking("Sag AS", "rnd", 65, None, [("FR", 9_000_000)])
    assert check.max_public_nok is None and not check.exceeds
    assert check_stacking("Sag AS", "rnd", 65, 1_000_000).planned_nok is None


def _m(name, role="partner", size=None):
    return MemberSnap(name=name, role=role, size_class=size)


def test_effective_collaboration_conditions():
    with_research = [_m("A", "lead", "large"), _m("R", "research_partner")]
    assert effective_collaboration(with_research, CEILINGS).effective
    assert not effective_collaboration(with_research, CEILINGS, cost_shares={"A": 95, "R": 5}).effective
    smes = [_m("A", "lead", "large"), _m("B", "partner", "small")]
    assert effective_collaboration(smes, CEILINGS).basis == "sme_firms"
    too_big = effective_collaboration(smes, CEILINGS, cost_shares={"A": 80, "B": 20})
    assert not too_big.effective and too_big.basis == "share_too_high" and too_big.params["member"] == "A"
    large_only = [_m("A", "lead", "large"), _m("B", "partner", "large")]
    assert not effective_collaboration(large_only, CEILINGS).effective
    unknown = [_m("A", "lead"), _m("B")]
    assert not effective_collaboration(unknown, CEILINGS).effective
    assert effective_collaboration(large_only, CEILINGS, declared=True).effective
