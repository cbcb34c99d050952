"""Barrier needs are data: the seed rules parse, bad rules are rejected naming barrier and field, and the
predicate mini-language means what seeds/barrier_needs.yaml says it means."""

from __future__ import annotations

import pytest
from factories import make_instrument

from analyser.gaps.needs import NeedsError, parse_needs, parse_predicate
from analyser.matching.columns import Columns
from catalogue.rules import load_rules


def degree(predicate: dict, *instruments) -> list[float]:  # noqa: ANN001
    problems: list[str] = []
    parsed = parse_predicate(predicate, "BX", problems)
    assert not problems and parsed is not None
    return [round(float(x), 3) for x in parsed.evaluate(Columns(instruments))]


def test_seed_rules_cover_every_barrier_and_map_needs_to_barriers() -> None:
    spec = parse_needs(load_rules("barrier_needs"))
    assert [r.barrier for r in spec.rules] == [f"B{k}" for k in range(1, 10)]
    for need, barrier in (
        ("shared_infrastructure", "B2"),
        ("facilitation", "B4"),
        ("risk_relief", "B3"),
        ("competence", "B9"),
    ):
        assert barrier in spec.barriers_for_need(need)
    answerable = {r.barrier: r.answerable for r in spec.rules}
    assert answerable["B5"] is False and answerable["B6"] is False
    assert all(r.requires is not None for r in spec.rules if r.answerable)
    assert all(r.rationale_en and r.rationale_nn for r in spec.rules)


def test_owners_of_unanswerable_barriers_agree_with_barriers_yaml() -> None:
    spec = parse_needs(load_rules("barrier_needs"))
    owners = {b["code"]: tuple(b["owner_departments"]) for b in load_rules("barriers")}
    for rule in spec.rules:
        if not rule.answerable:
            assert rule.owner_departments == owners[rule.barrier]
    assert spec.rule("B6").owner_departments == ("ED",)


def test_unknown_field_is_rejected_naming_barrier_and_field() -> None:
    bad = {
        "barriers": [
            {
                "barrier": "B2",
                "requires": {
                    "all": [
                        {"field": "funds_shared_infra", "is": True},
                        {"field": "consortium_eligibility", "in": ["yes"]},
                    ]
                },
            }
        ]
    }
    with pytest.raises(NeedsError) as caught:
        parse_needs(bad)
    message = str(caught.value)
    assert "barrier B2" in message and "'funds_shared_infra'" in message
    assert "unknown instrument field" in message


def test_unknown_code_operator_and_need_are_rejected() -> None:
    bad = {
        "barriers": [
            {"barrier": "B1", "requires": {"field": "types", "in": ["finacial"]}},
            {"barrier": "B3", "requires": {"field": "risk_relief", "gte": 3}},
            {"barrier": "B4", "requires": {"field": "types", "in": ["competence"]}, "needs": ["money"]},
        ]
    }
    with pytest.raises(NeedsError) as caught:
        parse_needs(bad)
    problems = caught.value.problems
    assert any("barrier B1" in p and "'finacial'" in p for p in problems)
    assert any("barrier B3" in p and "'gte'" in p for p in problems)
    assert any("barrier B4" in p and "'money'" in p for p in problems)


def test_bare_yaml_yes_means_the_code_yes() -> None:
    spec = parse_needs(
        {
            "barriers": [
                {"barrier": "B8", "requires": {"field": "consortium_eligibility", "in": [True, "partial"]}}
            ]
        }
    )
    assert spec.rule("B8").requires.value == ("yes", "partial")


def test_all_is_the_mean_any_the_best_and_unknown_never_satisfies() -> None:
    both = make_instrument(funds_shared_infrastructure=True, consortium_eligibility="yes")
    half = make_instrument(funds_shared_infrastructure=True, consortium_eligibility="no")
    unknown = make_instrument(funds_shared_infrastructure=None, consortium_eligibility=None)
    rule = {
        "all": [
            {"field": "funds_shared_infrastructure", "is": True},
            {"field": "consortium_eligibility", "in": ["yes", "partial"]},
        ]
    }
    assert degree(rule, both, half, unknown) == [1.0, 0.5, 0.0]
    assert degree({"any": rule["all"]}, both, half, unknown) == [1.0, 1.0, 0.0]
    assert degree({"not": {"field": "risk_relief", "is": True}}, make_instrument(risk_relief=True)) == [0.0]


def test_list_fields_grades_and_numbers() -> None:
    loan = make_instrument(funding_forms=("loan", "grant"), aid_intensity_max_pct=50)
    grant = make_instrument(funding_forms=("grant",), aid_intensity_max_pct=None)
    assert degree({"field": "funding_forms", "in": ["loan", "guarantee"]}, loan, grant) == [1.0, 0.0]
    assert degree({"field": "funding_forms", "all_of": ["loan", "grant"]}, loan, grant) == [1.0, 0.0]
    assert degree({"field": "aid_intensity_max_pct", "gte": 40}, loan, grant) == [1.0, 0.0]
    partly = make_instrument(consortium_eligibility="partial")
    graded = {"field": "consortium_eligibility", "grade": {"yes": 1.0, "partial": 0.5}}
    assert degree(graded, loan, partly) == [1.0, 0.5]
    assert degree(
        {"field": "partner_agencies", "nonempty": True}, make_instrument(partner_agencies=("FR",)), loan
    ) == [1.0, 0.0]
