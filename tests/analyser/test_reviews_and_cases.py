"""Review items linked to gap findings, listening-post cases counted by county, period and stage (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factories import make_instrument, make_snapshot

from analyser.cases.counting import CaseFilter, Tally, by_barrier, for_findings, select, tally
from analyser.gaps.findings import make
from analyser.reports.reviews import review_section
from analyser.reviews.linking import link_reviews, progress
from analyser.text import msg
from catalogue.cases.snapshot import AttemptSnap, CaseSnap
from catalogue.reviews.snapshot import ReviewSnap


def review(
    id: int, instrument: str, agency: str, barriers: tuple[str, ...], status: str = "proposed"
) -> ReviewSnap:
    return ReviewSnap(
        id=id,
        instrument=instrument,
        agency=agency,
        relevance=(("I", "high"),),
        barriers=barriers,
        adjustments=("open_to_consortia",),
        adjustment_text=None,
        status=status,
        reason="no budget" if status == "rejected" else None,
        decided_on=dt.date(2026, 11, id),
        version=1,
    )


def case(id: int, county: str, day: str, stage: str, outcomes: tuple[str, ...], **over: Any) -> CaseSnap:
    fields: dict[str, Any] = {
        "id": id,
        "county": county,
        "agency": "IN",
        "met_on": dt.date.fromisoformat(day),
        "value_chains": ("hydrogen",),
        "stage": stage,
        "barriers": ("B8",),
        "attempts": tuple(AttemptSnap(instrument=None, outcome=o) for o in outcomes),
        "text": None,
        "org_numbers": (),
        "version": 1,
    }
    return CaseSnap(**{**fields, **over})


WEAK_B2 = make(
    "barrier-weak", "B2", 0.5, msg("t"), msg("r"), barriers=["B2"], instruments=["a-1"], agencies=["A"]
)
MISS_X = make(
    "consortium-miss", "x", 0.5, msg("t"), msg("r"), barriers=["B2", "B4"], instruments=["x"], agencies=["A"]
)
PIPE = make(
    "pipeline-gap",
    "hydrogen:pilot",
    0.5,
    msg("t"),
    msg("r"),
    instruments=["p"],
    extra={"value_chain": "hydrogen", "step": "pilot"},
)


def test_a_finding_about_a_barrier_is_answered_by_any_item_naming_the_barrier() -> None:
    items = [review(1, "z-9", "OTHER", ("B2",)), review(2, "a-1", "A", ("B3",))]
    linked = link_reviews([WEAK_B2], items)["barrier-weak:B2"]
    assert [r.id for r in linked.items] == [1]


def test_a_finding_about_one_instrument_needs_that_instrument_and_a_shared_barrier() -> None:
    items = [review(1, "x", "A", ("B4",)), review(2, "y", "A", ("B2",)), review(3, "x", "A", ("B9",))]
    assert [r.id for r in link_reviews([MISS_X], items)["consortium-miss:x"].items] == [1]


def test_a_finding_without_barriers_is_answered_by_an_item_of_its_instruments() -> None:
    items = [review(1, "p", "A", ()), review(2, "q", "A", ("B2",))]
    assert [r.id for r in link_reviews([PIPE], items)[PIPE.code].items] == [1]


def test_how_far_a_gap_has_come() -> None:
    assert progress([]) == "none"
    assert progress([review(1, "x", "A", (), "rejected")]) == "rejected"
    assert progress([review(1, "x", "A", (), "rejected"), review(2, "x", "A", (), "proposed")]) == "proposed"
    assert (
        progress([review(1, "x", "A", (), "implemented"), review(2, "x", "A", (), "agreed")]) == "implemented"
    )


CASES = [
    case(1, "46", "2026-02-01", "pilot", ("between_schemes",)),
    case(2, "46", "2026-09-01", "pilot", ("between_schemes", "rejected")),
    case(3, "11", "2026-05-01", "pilot", ("between_schemes",), barriers=("B2",)),
    case(4, "46", "2025-06-01", "pilot", ("between_schemes",)),
    case(5, "46", "2026-03-01", "demonstration", ("granted",), value_chains=("battery",)),
]


def test_cases_are_counted_by_year_stage_and_outcome() -> None:
    rows = tally(select(CASES, CaseFilter(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))))
    assert Tally(2026, "pilot", "between_schemes", 3) in rows
    assert Tally(2026, "pilot", "rejected", 1) in rows
    assert Tally(2026, "demonstration", "granted", 1) in rows
    assert rows[0] == Tally(2026, "pilot", "between_schemes", 3)


def test_cases_are_filtered_by_county_and_period() -> None:
    in_46 = select(CASES, CaseFilter(county="46"))
    assert [c.id for c in in_46] == [1, 2, 4, 5]
    spring = select(CASES, CaseFilter(county="46", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)))
    assert [c.id for c in spring] == [1, 5]
    assert by_barrier(spring) == {"B8": 2}


def test_cases_bear_on_findings_by_barrier_instrument_or_pipeline_stage() -> None:
    bearing = for_findings([WEAK_B2, PIPE], CASES)
    assert [c.id for c in bearing["barrier-weak:B2"]] == [3]
    assert [c.id for c in bearing[PIPE.code]] == [1, 2, 3, 4]  # hydrogen at the pilot stage


def test_the_report_section_gives_each_gap_its_items_progress_and_cases() -> None:
    snapshot = make_snapshot(
        make_instrument(slug="x", agency="A"), make_instrument(slug="z-9", agency="OTHER")
    )
    gaps = [
        type("G", (), {"code": MISS_X.code, "rank": 1})(),
        type("G", (), {"code": WEAK_B2.code, "rank": 2})(),
    ]
    items = [review(1, "x", "A", ("B2",), "agreed"), review(2, "z-9", "OTHER", ("B2",), "rejected")]
    section = review_section(gaps, [WEAK_B2, MISS_X], items, CASES, ["A"], snapshot, "nn")
    by_gap = {g.gap: g for g in section.gaps}
    assert by_gap[MISS_X.code].progress == "agreed" and by_gap[MISS_X.code].items == (1,)
    assert by_gap[WEAK_B2.code].progress == "agreed"
    assert dict(by_gap[WEAK_B2.code].counts) == {"agreed": 1, "rejected": 1}
    assert by_gap[WEAK_B2.code].cases == 1
    assert {line.id for line in section.items} == {1, 2}  # A's own item and the one answering its gap


def test_findings_about_the_data_or_a_whole_barrier_are_not_matched_by_instrument_alone() -> None:
    stale = make("stale-data", "all", 0.5, msg("t"), msg("r"), instruments=["x", "p"])
    unanswerable = make(
        "barrier-unanswerable", "B6", 0.5, msg("t"), msg("r"), barriers=["B6"], instruments=["x"]
    )
    assert link_reviews([stale], [review(1, "x", "A", ())])[stale.code].items == ()
    tried_x = case(9, "46", "2026-01-01", "pilot", ("rejected",), barriers=("B2",))
    tried_x = CaseSnap(**{**tried_x.__dict__, "attempts": (AttemptSnap(instrument="x", outcome="rejected"),)})
    assert for_findings([stale, unanswerable, MISS_X], [tried_x]) == {
        stale.code: (),
        unanswerable.code: (),
        MISS_X.code: (tried_x,),
    }
