"""GBER article 25(6) as amended by Regulation (EU) 2023/1315, as far as verified: at most one of the
increases (b), (c), (d) on top of the size increase, capped at 80 %; the assisted-area increase, whose size
is not verified, is never added but marks the ceiling as a lower bound; the rules end on 31 December 2026,
after which a ceiling is a warning, not a number."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from analyser.paths.ceilings import intensity_parts, rules_validity
from analyser.paths.finder import find_path
from analyser.paths.profile import parse_profile
from catalogue.errors import InputError
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap, MemberSnap
from catalogue.rules import load_rules
from web.i18n.labels import Labeller

AID = load_rules("aid_ceilings")
RULES = {"paths": load_rules("path_rules"), "aid_ceilings": AID}
BEFORE_END, AFTER_END = dt.date(2026, 12, 5), dt.date(2027, 1, 2)


def test_the_rule_file_states_what_is_and_is_not_verified() -> None:
    assert AID["overall_cap_pct"] == 80 and AID["valid_until"] == dt.date(2026, 12, 31)
    increases = {i["key"]: i for i in AID["exclusive_increases"]}
    assert increases["collaboration"] == {"key": "collaboration", "point": "b", "pct": 15, "verified": True}
    assert increases["assisted_area"]["pct"] is None and increases["assisted_area"]["verified"] is False
    assert all(v["source"].startswith("https://") for v in AID["verified"])
    assert "assisted" in AID["not_verified_en"] and AID["not_verified_nn"] and AID["not_verified_nb"]


def test_the_assisted_area_increase_is_not_added_and_marks_a_lower_bound() -> None:
    no = intensity_parts("small", "experimental_development", False, AID, assisted_area="no")
    yes = intensity_parts("small", "experimental_development", False, AID, assisted_area="yes")
    unknown = intensity_parts("small", "experimental_development", False, AID, assisted_area=None)
    assert no.total == yes.total == unknown.total == 45  # 25 + 20: the unverified increase is never added
    assert (no.lower_bound, yes.lower_bound, unknown.lower_bound) == (False, True, True)
    assert unknown.assisted_area == "unknown"
    capped = intensity_parts("small", "industrial_research", True, AID, assisted_area="yes")
    assert capped.total == 80 and not capped.lower_bound  # at the cap nothing can raise it
    feasibility = intensity_parts("small", "feasibility_studies", False, AID, assisted_area="yes")
    assert not feasibility.lower_bound  # art. 25(6) increases are for industrial research / exp. development


def test_increases_b_c_d_are_not_combined() -> None:
    rules = copy.deepcopy(AID)
    for inc in rules["exclusive_increases"]:
        if inc["key"] == "assisted_area":
            inc["pct"] = 10  # were its size known: the larger of (b) and (c/d), never their sum
    both = intensity_parts("large", "experimental_development", True, rules, assisted_area="yes")
    assert both.total == 25 + 15 and both.collaboration_bonus == 15
    only_area = intensity_parts("large", "experimental_development", False, rules, assisted_area="yes")
    assert only_area.total == 35 and not only_area.lower_bound


def _profile(*members: MemberSnap) -> ConsortiumSnap:
    return ConsortiumSnap(
        slug="test-hub",
        name="Test hub",
        county="34",
        value_chains=("biogas",),
        current_stage="rnd",
        target_stage="pilot",
        needs=("rnd", "pilot"),
        budget_per_stage={"rnd": 10_000_000, "pilot": 20_000_000},
        members=members,
    )


MEMBERS = (
    MemberSnap("Biogass AS", size_class="small", role="lead", in_assisted_area="yes"),
    MemberSnap("Stor Industri ASA", size_class="large", role="partner", in_assisted_area="no"),
    MemberSnap("Ukjent AS", size_class="medium", role="partner"),
)


def test_unknown_assisted_area_status_is_warned_about_and_named(seed_snapshot: CatalogueSnapshot) -> None:
    path = find_path(seed_snapshot, _profile(*MEMBERS), RULES, today=BEFORE_END)
    words = Labeller(seed_snapshot, "en").text
    [warning] = [w for w in path.warnings if w.code == "assisted_area_unknown"]
    assert "Ukjent AS" in words(warning.text) and "Biogass AS" not in words(warning.text)
    rnd = {c.member: c for c in path.step("rnd").ceilings}  # type: ignore[union-attr]
    assert rnd["Ukjent AS"].lower_bound and rnd["Ukjent AS"].assisted_area == "unknown"
    assert not rnd["Stor Industri ASA"].lower_bound
    assert rnd["Biogass AS"].max_pct == 80 and rnd["Stor Industri ASA"].max_pct == 65
    assert "assisted" in words(path.ceiling_caveat) and path.rules_valid_until == dt.date(2026, 12, 31)


def test_after_the_rules_end_ceilings_are_a_warning_not_a_number(seed_snapshot: CatalogueSnapshot) -> None:
    assert not rules_validity(AID, dt.date(2026, 12, 31)).expired
    assert rules_validity(AID, AFTER_END).expired
    current = find_path(seed_snapshot, _profile(*MEMBERS), RULES, today=BEFORE_END)
    later = find_path(seed_snapshot, _profile(*MEMBERS), RULES, today=AFTER_END)
    assert all(c.max_pct is not None and not c.rules_expired for c in current.ceilings)
    assert later.ceilings and all(c.max_pct is None and c.rules_expired for c in later.ceilings)
    assert all(c.max_public_nok is None and not c.exceeds for c in later.ceilings)
    assert "31 December 2026" in Labeller(seed_snapshot, "en").text(later.ceilings[0].note)
    assert [w.code for w in later.warnings].count("rules_expired") == 1
    assert "rules_expired" not in [w.code for w in current.warnings]


def test_a_profile_gives_in_assisted_area_per_member() -> None:
    data = {"name": "A", "members": [{"name": "X AS", "size_class": "small", "in_assisted_area": "yes"}]}
    assert parse_profile(data, source="test", known_counties=()).members[0].in_assisted_area == "yes"
    with pytest.raises(InputError) as err:
        parse_profile(
            {"name": "A", "members": [{"name": "X AS", "in_assisted_area": "maybe"}]},
            source="form",
            known_counties=(),
        )
    assert "members.0.in_assisted_area" in str(err.value)
