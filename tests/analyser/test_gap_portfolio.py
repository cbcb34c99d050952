"""Portfolio figures (counts, agencies, diversity index) and coverage matrices with drill-down cells."""

from __future__ import annotations

import math

import numpy as np
from factories import make_barrier, make_instrument, make_snapshot, rules, shared_infra_rule

from analyser.gaps.analyse import analyse
from analyser.gaps.portfolio import diversity_indices

B2 = make_barrier("B2")


def test_diversity_is_zero_for_one_kind_and_grows_with_variety_and_balance() -> None:
    one = diversity_indices(np.array([5.0]))
    assert one["variety"] == 1 and one["shannon"] == 0 and one["gini_simpson"] == 0 and one["diversity"] == 0
    even = diversity_indices(np.array([1.0, 1.0]))
    assert math.isclose(even["shannon"], math.log(2), abs_tol=1e-3)
    assert math.isclose(even["hill"], 2, abs_tol=1e-3)
    assert even["balance"] == 1.0 and math.isclose(even["gini_simpson"], 0.5)
    skewed = diversity_indices(np.array([9.0, 1.0]))
    assert skewed["shannon"] < even["shannon"] and skewed["balance"] < 1
    four = diversity_indices(np.ones(4))
    assert four["diversity"] > even["diversity"]
    assert diversity_indices(np.zeros(3))["variety"] == 0


def test_barrier_and_mission_figures_count_instruments_agencies_and_kinds() -> None:
    grant = make_instrument(slug="grant", funds_shared_infrastructure=True, missions=("II",))
    loan = make_instrument(
        slug="loan",
        agency="SIVA",
        funds_shared_infrastructure=True,
        funding_forms=("loan",),
        consortium_eligibility="partial",
        missions=("II",),
    )
    analysis = analyse(make_snapshot(grant, loan, barriers=(B2,)), rules(shared_infra_rule()))
    b2 = analysis.figure("barrier", "B2")
    assert b2.instruments == 2 and b2.agencies == ("IN", "SIVA") and b2.agency_count == 2
    assert b2.open_to_consortia == 1 and b2.partly_open_to_consortia == 1
    assert b2.funding_forms == {"grant": 1, "loan": 1} and b2.variety == 2 and b2.balance == 1.0
    mission = analysis.figure("mission", "II")
    assert mission.instruments == 2
    assert analysis.figure("mission", "III").instruments == 0


def test_coverage_cells_drill_down_to_the_answering_instruments() -> None:
    a = make_instrument(slug="a", funds_shared_infrastructure=True, types=("financial", "collaboration"))
    b = make_instrument(
        slug="b", agency="FK-46", funds_shared_infrastructure=True, partner_agencies=("SIVA",)
    )
    c = make_instrument(slug="c", funds_shared_infrastructure=False)
    analysis = analyse(make_snapshot(a, b, c, barriers=(B2,)), rules(shared_infra_rule()))
    by_agency = analysis.coverage["agency"]
    assert by_agency.cell("B2", "IN") == ("a",)
    assert by_agency.cell("B2", "FK") == ("b",) and by_agency.cell("B2", "SIVA") == ("b",)
    assert by_agency.count("B2", "ENOVA") == 0
    by_type = analysis.coverage["type"]
    assert by_type.columns == ("financial", "collaboration", "competence")
    assert set(by_type.cell("B2", "financial")) == {"a", "b"}
    assert by_type.cell("B2", "collaboration") == ("a",)
    as_json = by_agency.as_dict()
    assert as_json["cells"]["B2|IN"] == ["a"] and as_json["rows"] == ["B2"]


def test_barrier_instruments_for_report_charts() -> None:
    """(Cached per catalogue version by the web app: tests/web/test_state.py.)"""
    from analyser.gaps.analyse import barrier_instruments

    a = make_instrument(slug="a", funds_shared_infrastructure=True)
    snap = make_snapshot(a, make_instrument(slug="b"), barriers=(B2,))
    found = barrier_instruments(snap, rules(shared_infra_rule()))
    assert found == {"B2": ("a",)}
