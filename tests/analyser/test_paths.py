"""Funding paths: the seed's three consortia, reasons for leaving instruments out, stage order, ceilings,
incentive-effect warnings and unfunded needs (issue 4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from analyser.paths.finder import REASON_CODES, find_path, unfunded_needs
from analyser.paths.index import PathIndex
from catalogue.instruments.snapshot import CatalogueSnapshot, ConsortiumSnap, InstrumentSnap, MemberSnap
from catalogue.rules import load_rules
from web.i18n.labels import Labeller
from web.paths.service import read_profile_file

RULES = {"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}
TODAY = dt.date(2026, 1, 15)
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
COUNTIES = (("34", "Innlandet"), ("46", "Vestland"), ("50", "Trøndelag"), ("55", "Troms"))


@pytest.fixture(scope="module")
def seed_paths(seed_snapshot):
    return {c.slug: find_path(seed_snapshot, c, RULES, today=TODAY) for c in seed_snapshot.consortia}


def words(text, snap=None, lang="en") -> str:
    """A path text as the reader sees it (web/i18n/wording.py)."""
    return Labeller(snap or CatalogueSnapshot(instruments=(), counties=COUNTIES), lang).text(text)


def slugs(rows) -> set[str]:
    return {r.slug for r in rows}


# ---- the seed's three example consortia ----------------------------------------------------------


def test_fjord_base_reaches_enova_for_hydrogen_at_full_scale(seed_paths, seed_snapshot):
    path = seed_paths["fjord-base"]
    full = path.step("full_scale")
    enova_h2 = [
        c
        for c in full.candidates
        if c.agency == "ENOVA" and "hydrogen" in seed_snapshot.instrument(c.slug).value_chains
    ]
    assert enova_h2, "an Enova hydrogen/industry instrument at full scale"
    assert enova_h2[0].level == "consortium" and "hydrogen" in words(enova_h2[0].why)
    assert any(c.agency == "ENOVA" for c in path.step("pilot").candidates)
    assert path.need("full_scale").status == "strong"


def test_finnfjord_rnd_reaches_a_research_council_innovation_project(seed_paths):
    path = seed_paths["finnfjord-smelteverk"]
    rnd = path.step("rnd")
    ipn = [c for c in rnd.candidates if c.slug == "fr-ipn"]
    assert ipn and ipn[0].agency == "FR" and ipn[0].level == "consortium"
    assert ipn[0].member == "Finnfjord AS"  # the firm leads the IPN application
    kpn = [c for c in rnd.candidates if c.slug == "fr-kpn"]
    assert kpn and kpn[0].member == "Algae research partner (unnamed in source)"
    assert path.need("rnd").status == "strong"
    assert path.collaboration  # a research partner takes part
    ceiling = {c.member: c for c in rnd.ceilings}
    assert ceiling["Finnfjord AS"].max_pct == 65  # large, industrial research, collaboration
    assert ceiling["Algae research partner (unnamed in source)"].max_pct == 100


def test_solor_shared_recycled_wood_facility_shows_the_financing_gap(seed_paths):
    path = seed_paths["sirkular-solor-hub"]
    shared = path.need("shared_infrastructure")
    assert shared.status in ("weak", "none")
    assert "shared_infrastructure" in [u.need for u in path.unfunded]
    assert "sirkular-solor-hub" in unfunded_needs(seed_paths.values())["shared_infrastructure"]
    assert path.step("full_scale").needs[0] == "shared_infrastructure"


def test_seed_paths_have_tracks_beside_the_stages(seed_paths):
    assert [t.need for t in seed_paths["fjord-base"].tracks] == ["facilitation", "competence"]
    assert [t.need for t in seed_paths["finnfjord-smelteverk"].tracks] == ["competence"]
    facilitation = seed_paths["sirkular-solor-hub"].track("facilitation")
    assert facilitation.candidates and all(c.slug != "fr-ipn" for c in facilitation.candidates)


def test_every_instrument_of_a_stage_is_ranked_counted_or_left_out_with_a_reason(seed_paths, seed_snapshot):
    index = PathIndex.build(seed_snapshot)
    for path in seed_paths.values():
        for step in path.steps:
            shown = slugs(step.candidates)
            left = slugs(step.excluded)
            assert not shown & left
            assert len(shown) + step.more_eligible + len(left) == len(index.by_stage[step.stage])
            assert all(e.reason in REASON_CODES and e.reason_text for e in step.excluded)
        on_path = {i.slug for i in seed_snapshot.instruments if set(i.stages) & {s.stage for s in path.steps}}
        assert all(e.reason == "stage" and e.slug not in on_path for e in path.excluded)


def test_ranked_by_fit_consortium_level_first_on_ties(seed_paths):
    for path in seed_paths.values():
        for step in path.steps:
            fits = [c.fit for c in step.candidates]
            assert fits == sorted(fits, reverse=True)
            assert all(0 <= f <= 100 for f in fits)


# ---- stage order and the incentive effect --------------------------------------------------------


def test_stages_follow_one_another(seed_paths):
    solor = seed_paths["sirkular-solor-hub"]
    assert [s.stage for s in solor.steps] == ["feasibility", "rnd", "pilot", "demonstration", "full_scale"]
    assert [s.position for s in solor.steps] == [1, 2, 3, 4, 5]
    assert [s.apply_during for s in solor.steps] == [None, "feasibility", "rnd", "pilot", "demonstration"]
    finnfjord = seed_paths["finnfjord-smelteverk"]
    assert [s.stage for s in finnfjord.steps] == ["rnd", "pilot", "demonstration", "full_scale"]


def test_apply_before_work_starts_and_grants_before_skattefunn(seed_paths):
    path = seed_paths["fjord-base"]
    codes = [(w.code, w.stage) for w in path.warnings]
    assert ("current_stage", "feasibility") in codes
    assert all(("apply_before_work", s.stage) in codes for s in path.steps if s.candidates)
    for step in path.steps:
        if "joint-skattefunn" in step.application_order:
            assert step.application_order[-1] == "joint-skattefunn"
            assert ("grants_before_skattefunn", step.stage) in codes
    rnd = path.step("rnd")
    assert "joint-skattefunn" in slugs(rnd.candidates)


# ---- reasons an instrument is left out (small hand-made catalogue) -------------------------------


def inst(slug: str, **kw) -> InstrumentSnap:
    base = dict(
        id=abs(hash(slug)) % 10_000,
        slug=slug,
        agency="IN",
        name_nb=slug,
        types=("financial",),
        funding_forms=("grant",),
        applicants=("consortium", "sme", "large_firm"),
        consortium_eligibility="yes",
        stages=("rnd",),
        value_chains=("any",),
        geography="national",
        status="active",
    )
    base.update(kw)
    return InstrumentSnap(**base)


CATALOGUE = (
    inst("ok-any"),
    inst("ok-hydrogen", value_chains=("hydrogen",), agency="ENOVA"),
    inst("x-closed", status="closed"),
    inst("x-deadline", deadline_kind="calls", next_deadline=dt.date(2025, 12, 1)),
    inst("ok-deadline-ahead", deadline_kind="calls", next_deadline=dt.date(2026, 3, 1)),
    inst("x-county", geography="regional", counties=("50",), agency="FK"),
    inst("x-county-agency", agency="FK-50", geography="regional"),
    inst("ok-own-county", agency="FK-46", geography="regional"),
    inst("x-chain", value_chains=("offshore_wind",)),
    inst("x-stage", stages=("operation",)),
    inst("x-startups", applicants=("startup",), consortium_eligibility="no"),
    inst("x-municipal", applicants=("municipality",), consortium_eligibility="no"),
    inst("x-advice", types=("competence",), funding_forms=("advisory",)),
    inst("x-min-partners", consortium_min_partners=6),
    inst("x-research-led", consortium_lead="research_org", applicants=("research_org",)),
    inst("ok-single-firms", applicants=("single_firm", "sme"), consortium_eligibility="no", agency="FR"),
    inst(
        "ok-shared",
        stages=("full_scale",),
        funds_shared_infrastructure=True,
        value_chains=("hydrogen",),
        risk_relief=True,
    ),
    inst("ok-competence", types=("competence",), funding_forms=("advisory",), stages=("operation",)),
    inst(
        "ok-skattefunn",
        funding_forms=("tax_deduction",),
        consortium_eligibility="partial",
        applicants=("single_firm",),
        agency="FR",
        partner_agencies=("SKATTEETATEN",),
    ),
)


def snapshot(*instruments: InstrumentSnap) -> CatalogueSnapshot:
    return CatalogueSnapshot(instruments=instruments or CATALOGUE, counties=COUNTIES)


def consortium(**kw) -> ConsortiumSnap:
    base = dict(
        slug="test-hub",
        name="Test hub",
        county="46",
        value_chains=("hydrogen", "maritime"),
        current_stage="rnd",
        target_stage="full_scale",
        needs=("rnd", "shared_infrastructure"),
        members=(
            MemberSnap("Lead AS", size_class="medium", role="lead"),
            MemberSnap("Partner AS", size_class="small", role="partner"),
            MemberSnap("Uni", role="research_partner"),
        ),
    )
    base.update(kw)
    return ConsortiumSnap(**base)


def reasons(path) -> dict[str, str]:
    out = {}
    for rows in [*(s.excluded for s in path.steps), *(t.excluded for t in path.tracks), path.excluded]:
        for e in rows:
            out.setdefault(e.slug, e.reason)
    return out


def test_each_reason_for_leaving_an_instrument_out():
    path = find_path(snapshot(), consortium(), RULES, today=TODAY)
    got = reasons(path)
    assert got["x-closed"] == "closed"
    assert got["x-deadline"] == "deadline_passed"
    assert got["x-county"] == "county" and got["x-county-agency"] == "county"
    assert got["x-chain"] == "value_chain"
    assert got["x-stage"] == "stage"
    assert got["x-startups"] == "single_firms_only"
    assert got["x-municipal"] == "not_relevant"
    assert got["x-advice"] == "not_relevant"
    assert got["x-min-partners"] == "not_relevant"
    shown = slugs(path.step("rnd").candidates)
    assert {
        "ok-any",
        "ok-hydrogen",
        "ok-deadline-ahead",
        "ok-own-county",
        "ok-single-firms",
        "x-research-led",
        "ok-skattefunn",
    } <= shown
    texts = {e.slug: words(e.reason_text) for s in path.steps for e in s.excluded}
    assert "Trøndelag" in texts["x-county"]
    assert "offshore wind" in texts["x-chain"]  # the label, never the code offshore_wind
    assert "1 December 2025" in texts["x-deadline"]
    assert "start-up" in texts["x-startups"]
    assert "at least 6 partners" in texts["x-min-partners"]


def test_research_led_instrument_needs_a_research_partner():
    members = (MemberSnap("Lead AS", size_class="medium", role="lead"), MemberSnap("B AS", role="partner"))
    path = find_path(snapshot(), consortium(members=members), RULES, today=TODAY)
    assert reasons(path)["x-research-led"] == "not_relevant"
    with_uni = find_path(snapshot(), consortium(), RULES, today=TODAY)
    row = next(c for c in with_uni.step("rnd").candidates if c.slug == "x-research-led")
    assert row.level == "consortium" and row.member == "Uni"


def test_single_firm_instruments_are_listed_per_member():
    path = find_path(snapshot(), consortium(), RULES, today=TODAY)
    rows = [c for c in path.step("rnd").candidates if c.slug == "ok-single-firms"]
    assert [(r.level, r.member) for r in rows] == [("member", "Lead AS"), ("member", "Partner AS")]
    consortium_rows = [c for c in path.step("rnd").candidates if c.slug == "ok-any"]
    assert consortium_rows[0].level == "consortium" and consortium_rows[0].fit > rows[0].fit


def test_county_scheme_elsewhere_is_open_to_a_member_located_there():
    members = (
        MemberSnap("Lead AS", size_class="medium", role="lead"),
        MemberSnap("Trønder AS", size_class="small", role="partner", county="50"),
    )
    path = find_path(snapshot(), consortium(members=members), RULES, today=TODAY)
    rows = [c for c in path.step("rnd").candidates if c.slug == "x-county"]
    assert [(r.level, r.member) for r in rows] == [("member", "Trønder AS")]


def test_specific_value_chain_ranks_above_any():
    path = find_path(snapshot(), consortium(), RULES, today=TODAY)
    fit = {c.slug: c.fit for c in path.step("rnd").candidates}
    assert fit["ok-hydrogen"] > fit["ok-any"]


def test_continuous_instruments_ignore_old_deadlines():
    old = inst("ok-continuous", deadline_kind="continuous", next_deadline=dt.date(2020, 1, 1))
    path = find_path(snapshot(old), consortium(), RULES, today=TODAY)
    assert slugs(path.step("rnd").candidates) == {"ok-continuous"}


# ---- needs and coverage --------------------------------------------------------------------------


def test_needs_attach_to_stages_and_coverage_is_graded():
    path = find_path(
        snapshot(), consortium(needs=("rnd", "shared_infrastructure", "facilitation")), RULES, today=TODAY
    )
    assert path.step("full_scale").needs == ("shared_infrastructure",)
    shared = path.need("shared_infrastructure")
    assert shared.status == "strong" and shared.best == ("ok-shared",)
    assert path.need("facilitation").status == "none"
    assert unfunded_needs([path]) == {"facilitation": ["test-hub"]}


def test_shared_need_met_only_by_single_firms_or_generic_schemes_is_weak():
    generic = inst("generic-shared", stages=("full_scale",), funds_shared_infrastructure=True)
    single = inst(
        "single-shared",
        stages=("full_scale",),
        funds_shared_infrastructure=True,
        value_chains=("hydrogen",),
        applicants=("single_firm",),
        consortium_eligibility="no",
    )
    path = find_path(snapshot(generic, single), consortium(), RULES, today=TODAY)
    shared = path.need("shared_infrastructure")
    assert shared.status == "weak" and set(shared.best) == {"generic-shared", "single-shared"}
    assert "only weakly" in words(shared.note)
    assert unfunded_needs([path]) == {"rnd": ["test-hub"], "shared_infrastructure": ["test-hub"]}
    assert unfunded_needs([path], include_weak=False) == {"rnd": ["test-hub"]}


def test_several_consortia_that_cannot_fund_a_need_are_all_listed():
    paths = [
        find_path(snapshot(inst("only-rnd")), consortium(slug=s), RULES, today=TODAY) for s in ("b", "a")
    ]
    assert unfunded_needs(paths) == {"shared_infrastructure": ["a", "b"]}


# ---- ceilings, stacking and the plan -------------------------------------------------------------


def test_ceilings_per_member_small_vs_large_with_and_without_collaboration():
    firms = (
        MemberSnap("Big AS", size_class="large", role="lead"),
        MemberSnap("Small AS", size_class="small", role="partner"),
    )
    path = find_path(snapshot(), consortium(members=firms, target_stage="pilot"), RULES, today=TODAY)
    rnd = {c.member: c.max_pct for c in path.step("rnd").ceilings}
    assert path.collaboration and rnd == {"Big AS": 65, "Small AS": 80}
    pilot = {c.member: c.max_pct for c in path.step("pilot").ceilings}
    assert pilot == {"Big AS": 40, "Small AS": 60}
    large_only = (
        MemberSnap("Big AS", size_class="large", role="lead"),
        MemberSnap("Bigger AS", size_class="large", role="partner"),
    )
    alone = find_path(snapshot(), consortium(members=large_only, target_stage="pilot"), RULES, today=TODAY)
    assert not alone.collaboration
    assert {c.max_pct for c in alone.step("rnd").ceilings} == {50}
    assert "collaboration_unconfirmed" in [w.code for w in alone.warnings]
    assert path.step("full_scale") is None or not path.step("full_scale").ceilings


def test_unknown_size_uses_large_firm_ceiling_and_says_so():
    members = (MemberSnap("Who AS", role="lead"), MemberSnap("Uni", role="research_partner"))
    path = find_path(snapshot(), consortium(members=members), RULES, today=TODAY)
    ceiling = path.step("rnd").ceilings[0]
    assert ceiling.size_class == "large" and ceiling.size_assumed and ceiling.max_pct == 65
    assert "large-firm ceiling" in words(ceiling.note)
    assert ("unknown_size", "Who AS") in [(w.code, w.member) for w in path.warnings]


def test_plan_exceeding_the_ceiling_is_flagged_summed_across_agencies(seed_snapshot):
    profile = read_profile_file(EXAMPLES / "solor-hub.yaml", {"34"})
    path = find_path(seed_snapshot, profile, RULES, today=TODAY)
    rnd = {c.member: c for c in path.step("rnd").ceilings}
    plate = rnd["Eksempel Plate AS"]
    assert plate.max_pct == 65 and plate.eligible_costs_nok == 4_800_000 and plate.max_public_nok == 3_120_000
    assert plate.planned_nok == 3_600_000 and plate.planned_by_agency == {"FR": 2_100_000, "IN": 1_500_000}
    assert plate.exceeds and not rnd["Eksempel Sag AS"].exceeds
    assert rnd["Eksempel Sag AS"].planned_nok == 1_200_000  # 30 % of the unassigned IPN grant
    flagged = [w for w in path.warnings if w.code == "exceeds_ceiling"]
    assert [(w.member, w.stage) for w in flagged] == [("Eksempel Plate AS", "rnd")]
    assert "3,120,000" in words(flagged[0].text)


def test_plan_timing_warnings():
    profile = read_profile_file(EXAMPLES / "solor-hub.yaml", {"34"})
    plan = profile.plan
    late = type(plan)(
        cost_shares=plan.cost_shares,
        work_starts={"rnd": dt.date(2026, 5, 1)},
        support=tuple(
            type(s)(
                s.stage,
                s.amount_nok,
                s.instrument,
                s.agency,
                s.member,
                dt.date(2026, 4, 1) if s.instrument == "joint-skattefunn" else s.apply_on,
            )
            for s in plan.support
        ),
    )
    cat = snapshot(
        *CATALOGUE,
        inst("fr-ipn", agency="FR"),
        inst("in-biookonomi"),
        inst("joint-skattefunn", agency="FR", funding_forms=("tax_deduction",)),
    )
    path = find_path(cat, dataclasses.replace(profile, plan=late), RULES, today=TODAY)
    codes = [w.code for w in path.warnings if w.stage == "rnd"]
    assert "applied_after_start" in codes  # in-biookonomi applied 1 May, the day work starts
    assert "skattefunn_before_grant" in codes  # SkatteFUNN 1 April before the grant on 1 May


# ---- output --------------------------------------------------------------------------------------


def test_index_reuse_gives_the_same_path_and_json_serialises(seed_snapshot):
    profile = seed_snapshot.consortia[0]
    index = PathIndex.build(seed_snapshot)
    a = find_path(seed_snapshot, profile, RULES, today=TODAY).to_dict()
    b = find_path(index, profile, RULES, today=TODAY).to_dict()
    assert a == b
    assert json.loads(json.dumps(a))["consortium"] == profile.slug


def test_languages(seed_snapshot):
    profile = next(c for c in seed_snapshot.consortia if c.slug == "fjord-base")
    last = find_path(seed_snapshot, profile, RULES, today=TODAY).warnings[-1].text
    nn, en, nb = (words(last, seed_snapshot, lang) for lang in ("nn", "en", "nb"))
    assert "søk" in nn and "apply" in en
    assert nn != nb
    with pytest.raises(ValueError, match="unknown language"):
        words(last, seed_snapshot, "de")
