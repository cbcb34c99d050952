"""Stage pipelines per value chain, hand-offs between agencies, and holes in the type × mission × chain ×
stage grid, on hand-built catalogues."""

from __future__ import annotations

from factories import make_consortium, make_instrument, make_snapshot, rules

from analyser.gaps.analyse import analyse

PIPELINE = {
    "value_chains": ["hydrogen"],
    "steps": [
        {"code": "rnd", "stages": ["rnd"], "need": "rnd"},
        {"code": "pilot", "stages": ["pilot", "demonstration"], "need": "pilot"},
        {"code": "full_scale", "stages": ["full_scale"], "need": "full_scale"},
    ],
}


def hydrogen(stage: str, agency: str, **kw: object):  # noqa: ANN201
    return make_instrument(
        slug=f"{agency.lower()}-{stage}", agency=agency, stages=(stage,), value_chains=("hydrogen",), **kw
    )


def test_a_value_chain_with_no_pilot_stage_is_a_broken_pipeline() -> None:
    snap = make_snapshot(hydrogen("rnd", "FR"), hydrogen("full_scale", "ENOVA"))
    analysis = analyse(snap, rules(pipeline=PIPELINE))
    gap = analysis.finding("pipeline-gap:hydrogen:pilot")
    assert gap is not None and gap.evidence["reason"] == "none"
    assert set(gap.agencies) == {"FR", "ENOVA"} and set(gap.departments) == {"KD", "KLD"}
    assert {"fr-rnd", "enova-full_scale"} <= set(gap.evidence["instruments"])
    assert not analysis.finding("pipeline-gap:hydrogen:rnd")


def test_a_complete_pipeline_has_no_gap_and_generic_schemes_soften_one() -> None:
    whole = make_snapshot(hydrogen("rnd", "FR"), hydrogen("pilot", "FR"), hydrogen("full_scale", "FR"))
    assert not analyse(whole, rules(pipeline=PIPELINE)).of_kind("pipeline-gap")
    generic = make_instrument(slug="any-pilot", stages=("pilot",), value_chains=("any",))
    softer = analyse(
        make_snapshot(hydrogen("rnd", "FR"), hydrogen("full_scale", "ENOVA"), generic),
        rules(pipeline=PIPELINE),
    ).finding("pipeline-gap:hydrogen:pilot")
    hard = analyse(
        make_snapshot(hydrogen("rnd", "FR"), hydrogen("full_scale", "ENOVA")), rules(pipeline=PIPELINE)
    ).finding("pipeline-gap:hydrogen:pilot")
    assert softer.evidence["reason"] == "generic-only" and softer.severity < hard.severity


def test_a_step_only_single_firms_can_use_is_a_gap_for_consortia() -> None:
    snap = make_snapshot(
        hydrogen("rnd", "FR"),
        hydrogen("pilot", "FR"),
        hydrogen("full_scale", "ENOVA", consortium_eligibility="no"),
    )
    gap = analyse(snap, rules(pipeline=PIPELINE)).finding("pipeline-gap:hydrogen:full_scale")
    assert gap is not None and gap.evidence["reason"] == "closed-to-consortia"


def test_hand_off_between_agencies_is_reported_with_both_sides() -> None:
    snap = make_snapshot(hydrogen("rnd", "FR"), hydrogen("pilot", "ENOVA"), hydrogen("full_scale", "ENOVA"))
    analysis = analyse(snap, rules(pipeline=PIPELINE))
    handoff = analysis.finding("handoff:hydrogen:rnd>pilot")
    assert handoff is not None and set(handoff.agencies) == {"FR", "ENOVA"}
    assert analysis.finding("handoff:hydrogen:pilot>full_scale") is None  # Enova on both sides


def test_unfunded_pilot_of_a_hydrogen_consortium_raises_the_pipeline_gap() -> None:
    consortia = (
        make_consortium("h2", value_chains=("hydrogen",)),
        make_consortium("wood", value_chains=("forest_bio",)),
    )
    snap = make_snapshot(hydrogen("rnd", "FR"), hydrogen("full_scale", "ENOVA"), consortia=consortia)
    calm = analyse(snap, rules(pipeline=PIPELINE)).finding("pipeline-gap:hydrogen:pilot")
    pressed = analyse(snap, rules(pipeline=PIPELINE), unfunded={"pilot": ["h2"]}).finding(
        "pipeline-gap:hydrogen:pilot"
    )
    elsewhere = analyse(snap, rules(pipeline=PIPELINE), unfunded={"pilot": ["wood"]})
    assert pressed.severity > calm.severity and pressed.evidence["consortia"] == ["h2"]
    assert elsewhere.finding("pipeline-gap:hydrogen:pilot").severity == calm.severity


def test_grid_hole_when_no_instrument_serves_a_mission_cell() -> None:
    grid = {
        "value_chains": ["hydrogen", "battery"],
        "missions": {"II": {"types": ["financial"], "stages": ["pilot", "full_scale"]}},
    }
    snap = make_snapshot(
        make_instrument(slug="h2-pilot", missions=("II",), stages=("pilot",), value_chains=("hydrogen",))
    )
    analysis = analyse(snap, rules(grid=grid))
    battery = analysis.finding("grid-hole:II:battery")
    assert battery is not None
    assert {"type": "financial", "stage": "pilot"} in battery.evidence["holes"]
    hydrogen_holes = analysis.finding("grid-hole:II:hydrogen").evidence["holes"]
    assert {"type": "financial", "stage": "full_scale"} in hydrogen_holes
    assert "shared_infrastructure" in [n["need"] for n in battery.evidence["needs"]]
