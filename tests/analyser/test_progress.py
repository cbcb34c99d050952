"""Progress arithmetic on a small register built by hand: targets, shares, trend, projection, no data vs 0."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from analyser.gaps.mission_tree import mission_tree, walk
from analyser.progress.export import report_csv, report_dict
from analyser.progress.figures import (
    ProgressReport,
    Targets,
    compute_progress,
    linear_projection,
    targets_from_missions,
)
from analyser.progress.levers import county_levers
from catalogue.instruments.snapshot import InstrumentSnap, MissionSnap, MissionTargetSnap
from catalogue.registers.snapshot import (
    AreaSnap,
    AreaStatusSnap,
    RegisterSnapshot,
    SymbiosisSnap,
    SymbiosisStatusSnap,
)

D = dt.date
AS_OF = D(2025, 6, 30)
COUNTIES = (("01", "Aland"), ("02", "Bland"), ("03", "Cland"), ("04", "Dland"), ("05", "Eland"))
ALL_INFRA = dict(
    power=True, digital=True, green_transport=True, test_facilities=True, symbiosis_infrastructure=True
)


def _st(day: dt.date, status: str, **kw: object) -> SymbiosisStatusSnap:
    return SymbiosisStatusSnap(recorded_on=day, status=status, **kw)  # type: ignore[arg-type]


def _sym(
    slug: str, county: str | None, *statuses: SymbiosisStatusSnap, missions: tuple[str, ...] = ()
) -> SymbiosisSnap:
    return SymbiosisSnap(slug=slug, name=slug.upper(), county=county, statuses=statuses, missions=missions)


REGISTER = RegisterSnapshot(
    symbioses=(
        # Aland: s1 runs from 2023, s2 from 2024, s3 ran in 2024 and ended in 2025.
        _sym(
            "s1",
            "01",
            _st(D(2022, 6, 1), "planned"),
            _st(D(2023, 3, 1), "in_operation", **ALL_INFRA, competence_access=True),
            missions=("I",),
        ),
        _sym(
            "s2", "01", _st(D(2022, 9, 1), "in_development"), _st(D(2024, 5, 1), "in_operation", power=False)
        ),
        _sym("s3", "01", _st(D(2024, 1, 1), "in_operation", **ALL_INFRA), _st(D(2025, 2, 1), "ended")),
        # Bland: records, but nothing in operation: zero, not "no data".
        _sym("s4", "02", _st(D(2022, 1, 1), "planned"), _st(D(2024, 1, 1), "in_development")),
        # Cland: one in operation from 2025, rising.
        _sym("s5", "03", _st(D(2023, 4, 1), "in_development"), _st(D(2025, 1, 1), "in_operation")),
        # Eland: its only record is after the as-of date.
        _sym("s6", "05", _st(D(2026, 1, 1), "in_operation")),
        # No county of its own: counts where its area is (Cland).
        _sym("s7", None, _st(D(2025, 3, 1), "planned", area="a3")),
    ),
    areas=(
        AreaSnap(
            slug="a1",
            name="A1",
            county="01",
            statuses=(
                AreaStatusSnap(recorded_on=D(2022, 5, 1), emissions_status="baseline"),
                AreaStatusSnap(
                    recorded_on=D(2024, 5, 1),
                    emissions_status="net_zero",
                    **ALL_INFRA,
                    competence_access=True,
                ),
            ),
        ),
        AreaSnap(
            slug="a2",
            name="A2",
            county="01",
            statuses=(AreaStatusSnap(recorded_on=D(2023, 5, 1), emissions_status="reducing", power=False),),
        ),
        AreaSnap(
            slug="a3",
            name="A3",
            county="03",
            statuses=(AreaStatusSnap(recorded_on=D(2024, 5, 1), emissions_status=None),),
        ),
    ),
)


@pytest.fixture(scope="module")
def report() -> ProgressReport:
    return compute_progress(REGISTER, COUNTIES, Targets(), AS_OF)


def test_symbioses_in_operation_against_the_county_target(report: ProgressReport) -> None:
    a = report.county("01")
    assert a is not None
    assert a.symbioses_in_operation == 2  # s1, s2; s3 has ended
    assert a.symbioses_by_status == {"planned": 0, "in_development": 0, "in_operation": 2, "ended": 1}
    assert a.status == "met" and a.symbioses_gap == 0 and not a.off_track


def test_a_county_without_records_is_no_data_not_zero(report: ProgressReport) -> None:
    b, d, e = report.county("02"), report.county("04"), report.county("05")
    assert b and d and e
    assert b.symbioses_in_operation == 0 and b.has_data and b.symbioses_gap == 2
    assert d.symbioses_in_operation is None and not d.has_data and d.symbioses_gap is None
    assert d.status == "no_data" and d.off_track and d.reasons == ("no_data",)
    assert d.areas_registered is None and d.areas_net_zero is None
    assert e.symbioses_in_operation is None, "a record after the as-of date is not data yet"


def test_no_data_and_zero_stay_apart_in_json_and_csv(report: ProgressReport) -> None:
    data = {c["code"]: c for c in report_dict(report)["counties"]}
    assert data["02"]["symbioses"]["in_operation"] == 0 and data["02"]["status"] == "off_track"
    assert data["04"]["symbioses"]["in_operation"] is None and data["04"]["status"] == "no_data"
    rows = {r["county_code"]: r for r in csv.DictReader(io.StringIO(report_csv(report)))}
    assert rows["02"]["symbioses_in_operation"] == "0"
    assert rows["04"]["symbioses_in_operation"] == "" and rows["04"]["status"] == "no_data"
    assert rows["NO"]["measure"] == "green_areas" and rows["NO"]["areas_net_zero"] == "1"


def test_shares_count_only_what_is_stated(report: ProgressReport) -> None:
    shares = report.county("01").shares  # type: ignore[union-attr]
    # active symbioses: s1 (all five kinds), s2 (power missing, rest unknown); s3 has ended.
    assert (shares.symbiosis_infrastructure.yes, shares.symbiosis_infrastructure.stated) == (1, 2)
    assert shares.symbiosis_infrastructure.value == 0.5
    assert (shares.symbiosis_competence.yes, shares.symbiosis_competence.stated) == (1, 1)
    assert shares.symbiosis_competence.unknown == 1 and shares.symbiosis_competence.value == 1.0
    assert shares.symbiosis_by_kind["power"].value == 0.5
    assert shares.symbiosis_by_kind["digital"].value == 1.0
    # areas: a1 has everything; a2 lacks power (so no full access), competence unknown.
    assert shares.area_infrastructure.value == 0.5
    assert shares.area_competence.value == 1.0 and shares.area_competence.unknown == 1
    nobody = report.county("02").shares.symbiosis_infrastructure  # type: ignore[union-attr]
    assert nobody.value is None and nobody.total == 1


def test_trend_is_the_count_at_each_observation_years_end(report: ProgressReport) -> None:
    a = report.county("01")
    assert a and a.trend.points == ((2022, 0), (2023, 1), (2024, 3), (2025, 2))
    # least squares through (2022,0) (2023,1) (2024,3) (2025,2): slope 4/5, through (2023.5, 1.5)
    assert a.trend.slope == pytest.approx(0.8)
    assert a.trend.projection == pytest.approx(1.5 + 0.8 * 6.5)


def test_projection_decides_on_and_off_track(report: ProgressReport) -> None:
    b, c = report.county("02"), report.county("03")
    assert b and c
    assert b.trend.points == ((2022, 0), (2024, 0)) and b.trend.projection == 0
    assert b.status == "off_track" and b.reasons == ("projection_below_target",)
    # Cland: s5 (2023: 0, 2025: 1) and s7 placed through its area: slope 1/2 → 3.5 in 2030
    assert c.trend.points == ((2023, 0), (2025, 1))
    assert c.trend.projection == pytest.approx(3.5)
    assert c.symbioses_in_operation == 1 and c.symbioses_by_status["planned"] == 1
    assert c.status == "on_track" and not c.off_track


def test_one_observation_year_gives_no_projection() -> None:
    reg = RegisterSnapshot(symbioses=(_sym("x", "01", _st(D(2022, 9, 1), "in_development")),))
    row = compute_progress(reg, COUNTIES[:1], Targets(), AS_OF).counties[0]
    assert row.trend.points == ((2022, 0),) and row.trend.projection is None
    assert row.trend.no_projection_reason == "one_year"
    assert row.status == "off_track" and row.reasons == ("cannot_project",)


def test_linear_projection_is_exact_and_floored_at_zero() -> None:
    assert linear_projection([(2024, 1), (2025, 1)], 2030) == (0.0, 1.0)
    assert linear_projection([(2020, 0), (2022, 2)], 2030) == (1.0, 10.0)
    assert linear_projection([(2020, 5), (2021, 3)], 2030) == (-2.0, 0.0)
    assert linear_projection([(2024, 1)], 2030) is None
    assert linear_projection([(2024, 1), (2024, 3)], 2030) is None


def test_green_areas_against_the_national_target(report: ProgressReport) -> None:
    n = report.national
    assert (n.areas_registered, n.areas_net_zero, n.areas_emissions_unknown) == (3, 1, 1)
    assert n.area_trend.points == ((2022, 0), (2023, 0), (2024, 1))
    assert n.area_status == "off_track" and n.area_trend.projection < 100  # type: ignore[operator]
    assert report.county("01").areas_net_zero == 1  # type: ignore[union-attr]
    assert n.counties_with_data == 3 and n.counties_met == 1
    assert n.counties_off_track == 3  # Bland off track, Dland and Eland without data
    assert n.symbioses_in_operation == 3  # s1, s2, s5 (s6 is after the as-of date)


def test_an_earlier_date_sees_the_earlier_state() -> None:
    early = compute_progress(REGISTER, COUNTIES, Targets(), D(2023, 6, 30)).county("01")
    assert early and early.symbioses_in_operation == 1 and early.symbioses_by_status["in_development"] == 1


def test_targets_come_from_the_mission_data(seed_snapshot) -> None:  # type: ignore[no-untyped-def]
    assert targets_from_missions(seed_snapshot.missions) == Targets(2.0, 100.0, 2030)
    custom = MissionSnap(
        "I", 4, "t", "t", targets=(MissionTargetSnap("I.1", "x", "x", "symbioses_per_county", 3, 2028),)
    )
    assert targets_from_missions([custom]) == Targets(3.0, 100.0, 2028)


def test_hierarchy_puts_projects_on_level_five() -> None:
    missions = (
        MissionSnap("L1", 1, "a", "a"),
        MissionSnap("L2", 2, "b", "b", parent="L1"),
        MissionSnap("L3", 3, "c", "c", parent="L2"),
        MissionSnap("I", 4, "d", "d", parent="L3"),
    )
    nodes = walk(mission_tree(missions, REGISTER))
    assert [(n.level, n.code) for n in nodes] == [(1, "L1"), (2, "L2"), (3, "L3"), (4, "I"), (5, "s1")]


def test_levers_of_a_lagging_county(report: ProgressReport) -> None:
    def inst(slug: str, **kw: object) -> InstrumentSnap:
        return InstrumentSnap(id=0, slug=slug, agency="IN", name_nb=slug, **kw)  # type: ignore[arg-type]

    instruments = (
        inst("a", missions=("I",), consortium_eligibility="yes"),
        inst("b", missions=("I",), status="closed"),
        inst("c", missions=("I",), counties=("99",)),
        inst("d", missions=("I",), consortium_eligibility="no"),
        inst("e", missions=("II",)),
        inst("f", missions=("III",)),
        inst("g", types=("competence",)),
    )
    lagging = county_levers(instruments, report.county("02"))  # type: ignore[arg-type]
    levers = {lv.need: [i.slug for i in lv.instruments] for lv in lagging}
    assert levers == {"symbioses": ["a"], "infrastructure": ["e"], "competence": ["f"]}
    met = county_levers(instruments, report.county("01"))  # type: ignore[arg-type]
    assert [lv.need for lv in met] == ["infrastructure"]  # target met, competence shown for all stated
