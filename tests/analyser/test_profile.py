"""Consortium profiles: valid files load; bad profiles are refused with the source, record and field named."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from analyser.paths.profile import ConsortiumProfile, parse_profile
from catalogue.errors import InputError
from web.paths.service import read_profile_file

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
COUNTIES = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}


@pytest.fixture
def solor() -> dict:
    return yaml.safe_load((EXAMPLES / "solor-hub.yaml").read_text(encoding="utf-8"))


def problems(data, source="profile.yaml") -> dict[str, str]:
    with pytest.raises(InputError) as info:
        parse_profile(data, source=source, known_counties=COUNTIES)
    for p in info.value.problems:
        assert p.file == source
    return {p.field: p.message for p in info.value.problems}


def test_example_files_load():
    solor = read_profile_file(EXAMPLES / "solor-hub.yaml", COUNTIES)
    assert isinstance(solor, ConsortiumProfile)
    assert solor.slug == "solor-hub-example" and solor.county == "34"
    assert [m.size_class for m in solor.members] == ["small", "medium", "large", "small"]
    assert solor.plan is not None and solor.plan.cost_shares["Eksempel Plate AS"] == 40
    assert solor.plan.work_starts["rnd"] == dt.date(2026, 9, 1)
    assert {s.instrument for s in solor.plan.support} == {"fr-ipn", "in-biookonomi", "joint-skattefunn"}
    fjord = read_profile_file(EXAMPLES / "fjord-base.json", COUNTIES)
    assert fjord.value_chains == ("hydrogen", "aquaculture", "biogas", "maritime") and fjord.plan is None
    finnfjord = read_profile_file(EXAMPLES / "finnfjord.yaml", COUNTIES)
    assert finnfjord.members[1].role == "research_partner"


def test_unknown_county_names_the_field(solor):
    solor["county"] = "99"
    found = problems(solor)
    assert "unknown county '99'" in found["county"]
    solor["county"] = "34"
    solor["members"][2]["county"] = "12"
    assert "unknown county '12'" in problems(solor)["members.2.county"]


def test_wrong_organisation_number_names_the_member(solor):
    solor["members"][1]["org_number"] = "934567812"
    assert "check digit should be 1, not 2" in problems(solor)["members.1.org_number"]
    solor["members"][1]["org_number"] = "12345"
    assert "must be 9 digits" in problems(solor)["members.1.org_number"]


def test_target_stage_before_current_stage_names_target_stage(solor):
    solor["current_stage"], solor["target_stage"] = "pilot", "rnd"
    assert "target_stage 'rnd' comes before current_stage 'pilot'" in problems(solor)["target_stage"]


def test_all_problems_are_reported_together(solor):
    solor["county"] = "99"
    solor["members"][0]["org_number"] = "923456780"
    solor["target_stage"] = "idea"
    solor["members"][3]["size_class"] = "huge"
    found = problems(solor, source="request body")
    assert set(found) >= {"county", "members.0.org_number", "target_stage", "members.3.size_class"}
    with pytest.raises(InputError) as info:
        parse_profile(solor, source="request body", known_counties=COUNTIES)
    first = info.value.problems[0]
    assert first.record == "consortium 'solor-hub-example'"
    assert "request body: consortium 'solor-hub-example': field 'county'" in str(info.value)


def test_unknown_vocabulary_values(solor):
    solor["needs"] = ["rnd", "money"]
    solor["value_chains"] = ["forest_bio", "timber"]
    solor["current_stage"] = "sketch"
    found = problems(solor)
    assert "unknown need ['money']" in found["needs"]
    assert "unknown value chain ['timber']" in found["value_chains"]
    assert "unknown stage 'sketch'" in found["current_stage"]


def test_plan_problems_name_their_field(solor):
    bad = copy.deepcopy(solor)
    bad["plan"]["cost_shares"]["Nobody AS"] = 0
    assert "no member is named 'Nobody AS'" in problems(bad)["plan.cost_shares.Nobody AS"]
    bad = copy.deepcopy(solor)
    bad["plan"]["cost_shares"]["Eksempel Hub AS"] = 50
    assert "add up to 140 %" in problems(bad)["plan.cost_shares"]
    bad = copy.deepcopy(solor)
    bad["plan"]["support"][0] = {"stage": "rnd", "amount_nok": 10}
    assert "give the instrument" in problems(bad)["plan.support.0"]
    bad = copy.deepcopy(solor)
    bad["plan"]["support"][1]["member"] = "Ghost AS"
    assert "Ghost AS" in problems(bad)["plan.support.1.member"]
    bad = copy.deepcopy(solor)
    bad["plan"]["work_starts"]["launch"] = "2026-01-01"
    assert "unknown stage 'launch'" in problems(bad)["plan.work_starts"]
    bad = copy.deepcopy(solor)
    bad["plan"]["support"][0]["amount_nok"] = -1
    assert "plan.support.0.amount_nok" in problems(bad)


def test_shape_fixes_and_minimal_profile():
    p = parse_profile(
        {"name": "Grøn Øy Symbiose", "county": "46", "members": [{"name": "A", "org_number": 923456783}]},
        source="x",
        known_counties=COUNTIES,
    )
    assert p.slug == "gron-oy-symbiose"
    assert p.members[0].org_number == "923456783"
    assert p.plan is None and p.needs == ()


def test_duplicate_member_names_are_refused(solor):
    solor["members"][1]["name"] = solor["members"][0]["name"]
    assert "duplicate member name" in problems(solor)["members.1.name"]


def test_not_a_mapping():
    assert problems(["a", "b"]) == {"(profile)": "a consortium profile must be a mapping of fields"}


def test_extra_fields_are_refused(solor):
    solor["budget"] = 5
    assert "budget" in problems(solor)


def test_file_errors_name_the_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_profile_file(tmp_path / "missing.yaml", COUNTIES)
    assert info.value.problems[0].file.endswith("missing.yaml")
    assert info.value.problems[0].field == "(file)"
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": ', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_profile_file(broken, COUNTIES)
    assert info.value.problems[0].field == "(json)"
    listed = tmp_path / "one.json"
    listed.write_text(json.dumps([{"slug": "x", "name": "X", "county": "77"}]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_profile_file(listed, COUNTIES)
    assert info.value.problems[0].file == str(listed) and info.value.problems[0].field == "county"
