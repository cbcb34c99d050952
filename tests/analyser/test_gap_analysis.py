"""The gap analyser on hand-built catalogues with known answers: barrier coverage, consortium misses,
unanswerable barriers, the pressure of unfunded needs, and the shape of every finding."""

from __future__ import annotations

from factories import (
    make_barrier,
    make_consortium,
    make_instrument,
    make_snapshot,
    rules,
    shared_infra_rule,
    words,
)

from analyser.gaps.analyse import analyse
from analyser.gaps.findings import severity

B2 = make_barrier("B2", owner_departments=("NFD", "KLD"))
B6 = make_barrier("B6", answerable_by_instruments=False, owner_departments=("ED",))


def test_a_barrier_no_instrument_answers_is_flagged() -> None:
    snap = make_snapshot(make_instrument(funds_shared_infrastructure=False), barriers=(B2,))
    analysis = analyse(snap, rules(shared_infra_rule()))
    finding = analysis.finding("barrier-uncovered:B2")
    assert finding is not None and finding.evidence["barriers"] == ["B2"]
    assert set(finding.departments) == {"NFD", "KLD"}
    assert finding.severity == max(f.severity for f in analysis.findings if f.kind.startswith("barrier"))


def test_an_answered_barrier_is_not_flagged_and_a_thin_answer_is_weak() -> None:
    one = make_instrument(funds_shared_infrastructure=True)
    analysis = analyse(make_snapshot(one, barriers=(B2,)), rules(shared_infra_rule(min_answering=1)))
    assert not analysis.of_kind("barrier-uncovered")
    # one agency only: coverage counts three quarters, so the barrier is weak but not uncovered
    assert analysis.finding("barrier-weak:B2") is not None
    two = make_instrument(funds_shared_infrastructure=True, agency="SIVA")
    analysis = analyse(make_snapshot(one, two, barriers=(B2,)), rules(shared_infra_rule(min_answering=1)))
    assert not [f for f in analysis.findings if f.code.endswith(":B2")]


def test_a_consortium_eligible_instrument_is_never_flagged_as_missing_consortia() -> None:
    open_ = make_instrument(slug="open", consortium_eligibility="yes", missions=("I",))
    closed = make_instrument(slug="closed", consortium_eligibility="no", missions=("I",))
    partly = make_instrument(
        slug="partly",
        consortium_eligibility="partial",
        missions=("II",),
        consortium_condition="One member applies and is funded",
    )
    analysis = analyse(make_snapshot(open_, closed, partly, barriers=(B2,)), rules(shared_infra_rule()))
    flagged = {f.evidence["instruments"][0]: f for f in analysis.of_kind("consortium-miss")}
    assert set(flagged) == {"closed", "partly"}
    assert flagged["closed"].severity > flagged["partly"].severity
    assert "One member applies and is funded" in words(flagged["partly"].title)
    assert flagged["partly"].evidence["condition"] == "One member applies and is funded"
    assert flagged["partly"].departments == ("NFD",) and flagged["partly"].agencies == ("IN",)


def test_instruments_relevant_to_nothing_are_not_flagged() -> None:
    idle = make_instrument(slug="idle", consortium_eligibility="no", missions=())
    analysis = analyse(make_snapshot(idle), rules())
    assert not analysis.of_kind("consortium-miss")


def test_unanswerable_barrier_goes_to_the_department_that_owns_the_matter() -> None:
    spec = rules(
        shared_infra_rule(),
        {"barrier": "B6", "answerable_by_instruments": False, "owner_departments": ["ED"]},
    )
    analysis = analyse(make_snapshot(make_instrument(), barriers=(B2, B6)), spec)
    finding = analysis.finding("barrier-unanswerable:B6")
    assert finding.departments == ("ED",) and finding.agencies == ()
    assert finding in analysis.for_department("ED")
    assert finding not in analysis.for_department("KD")


def test_a_need_several_consortia_cannot_fund_raises_the_matching_gap() -> None:
    consortia = (make_consortium("a"), make_consortium("b"), make_consortium("c"))
    one = make_instrument(funds_shared_infrastructure=True)
    snap = make_snapshot(one, barriers=(B2,), consortia=consortia)
    spec = rules(shared_infra_rule(min_answering=2))  # one answer of two wanted: weakly covered
    calm = analyse(snap, spec).finding("barrier-weak:B2")
    one = analyse(snap, spec, unfunded={"shared_infrastructure": ["a"]})
    two = analyse(snap, spec, unfunded={"shared_infrastructure": ["a", "b"]})
    other = analyse(snap, spec, unfunded={"competence": ["a", "b", "c"]})
    f1, f2 = one.finding("barrier-weak:B2"), two.finding("barrier-weak:B2")
    assert calm.severity < f1.severity < f2.severity
    assert other.finding("barrier-weak:B2").severity == calm.severity
    assert f2.evidence["consortia"] == ["a", "b"]
    assert {"need": "shared_infrastructure", "consortium": "a"} in f2.evidence["needs"]


def test_findings_are_sorted_by_severity_and_carry_every_field() -> None:
    snap = make_snapshot(make_instrument(consortium_eligibility="no", missions=("I",)), barriers=(B2, B6))
    spec = rules(
        shared_infra_rule(),
        {"barrier": "B6", "answerable_by_instruments": False, "owner_departments": ["ED"]},
    )
    findings = analyse(snap, spec).findings
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), reverse=True)
    for f in findings:
        assert f.code.startswith(f.kind + ":")
        assert 0 <= f.severity <= 1 and f.severity_label in ("high", "medium", "low")
        for lang in ("en", "nn", "nb"):
            assert words(f.title, snap, lang) and words(f.recommendation, snap, lang)
        assert set(f.evidence) >= {"instruments", "barriers", "consortia", "needs"}
        assert f.departments


def test_severity_formula() -> None:
    assert severity("barrier-uncovered", 1.0) == 1.0
    assert severity("overlap", 1.0) == 0.5
    assert severity("overlap", 1.0, 1.0) == 0.75
    assert severity("handoff", 0.0, 0.0) == 0.0
    assert severity("grid-hole", 2.0) == severity("grid-hole", 1.0)


def test_an_empty_catalogue_leaves_every_barrier_uncovered() -> None:
    analysis = analyse(make_snapshot(barriers=(B2, B6)), rules(shared_infra_rule()))
    assert analysis.finding("barrier-uncovered:B2") is not None
    assert not analysis.of_kind("consortium-miss") and not analysis.of_kind("overlap")
    assert analysis.coverage["agency"].count("B2", "IN") == 0
