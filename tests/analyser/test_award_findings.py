"""Gap findings from funded-project data, on hand-built evidence: each kind appears when the data show
it, stays away when they do not, names its sources and years, caps its example awards, and says "not
measurable" (never zero) where a source cannot show the fact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from factories import make_consortium, make_instrument, make_snapshot, rules

from analyser.gaps.analyse import analyse
from analyser.gaps.award_holes import award_findings
from analyser.gaps.awards import ROWS, fisher_greater
from analyser.gaps.findings import Directory, Finding, make
from analyser.text import msg
from catalogue.awards.snapshot import (
    AwardEvidence,
    AwardRowSnap,
    CellFundingSnap,
    DecisionSnap,
    FunderShareSnap,
    FunderTotalSnap,
    InstrumentPartnersSnap,
    OrganisationFundersSnap,
    ProgrammeTotalSnap,
    SourceSnap,
    SymbiosisFundersSnap,
)
from catalogue.instruments.snapshot import CatalogueSnapshot

EU = SourceSnap(
    key="eu",
    name="EU grants",
    format="fr-eu",
    shows_partners=True,
    activity_count=50,
    year_from=2014,
    year_to=2021,
    fetched_on=dt.date(2026, 11, 1),
)
APPS = SourceSnap(
    key="apps",
    name="Applications",
    format="fr-soknader",
    shows_partners=False,
    activity_count=80,
    year_from=2019,
    year_to=2023,
)


def row(n: int, amount: int, source: str = "eu") -> AwardRowSnap:
    return AwardRowSnap(
        source=source,
        ref=f"P{n}",
        funder="FR",
        outcome="finished",
        currency="NOK",
        title=f"Project {n}",
        year=2020,
        granted_minor=amount,
        organisations=("Firm AS",),
        organisation_count=1,
    )


def evidence(**fields: Any) -> AwardEvidence:
    return AwardEvidence(sources=(EU, APPS), **fields)


def findings(
    ev: AwardEvidence, snapshot: CatalogueSnapshot, grid: tuple[Finding, ...] = ()
) -> dict[str, Finding]:
    return {f.code: f for f in award_findings(ev, snapshot, grid, Directory(snapshot))}


# ---- consortia in practice ------------------------------------------------------------------------


def test_instrument_open_to_consortia_that_funds_single_organisations_is_a_finding() -> None:
    inst = make_instrument(slug="open", agency="FR", consortium_eligibility="yes")
    mixed = make_instrument(slug="mixed", agency="FR", consortium_eligibility="yes")
    ev = evidence(
        partners=(
            InstrumentPartnersSnap(
                instrument="open",
                source="eu",
                funded=20,
                multi=1,
                single_rows=tuple(row(n, 1000 * n) for n in range(1, 13)),
            ),
            InstrumentPartnersSnap(instrument="mixed", source="eu", funded=20, multi=10),
        )
    )
    found = findings(ev, make_snapshot(inst, mixed))
    f = found["consortia-in-practice:open"]
    assert f.magnitude == pytest.approx(0.95) and f.departments == ("KD",)
    assert (f.evidence["funded"], f.evidence["multi_organisation"]) == (20, 1)
    assert [a["ref"] for a in f.evidence["awards"]][:2] == ["P12", "P11"]  # largest first
    assert len(f.evidence["awards"]) == ROWS and f.evidence["awards_more"] == 19 - ROWS
    assert [(s["name"], s["year_from"], s["year_to"]) for s in f.evidence["sources"]] == [
        ("EU grants", 2014, 2021)
    ]
    assert "consortia-in-practice:mixed" not in found


def test_consortium_share_from_a_source_without_partners_is_not_measurable_never_zero() -> None:
    inst = make_instrument(slug="ipn", agency="FR", consortium_eligibility="partial")
    ev = evidence(partners=(InstrumentPartnersSnap(instrument="ipn", source="apps", funded=40, multi=0),))
    found = findings(ev, make_snapshot(inst))
    assert "consortia-in-practice:ipn" not in found  # 0 of 40 with partners would be a false "zero"
    f = found["not-measurable:consortia"]
    assert f.evidence["not_measurable"] == [
        {"instrument": "ipn", "funded": 40, "reason": "no-partners", "sources": ["apps"]}
    ]
    assert [s["shows_partners"] for s in f.evidence["sources"]] == [False]
    assert f.severity_label == "low" and f.departments == ("KD",)


def test_partners_counted_only_over_sources_that_show_them() -> None:
    inst = make_instrument(slug="mix", agency="FR", consortium_eligibility="yes")
    ev = evidence(
        partners=(
            InstrumentPartnersSnap(instrument="mix", source="apps", funded=100, multi=0),
            InstrumentPartnersSnap(instrument="mix", source="eu", funded=10, multi=6),
        )
    )
    found = findings(ev, make_snapshot(inst))
    assert "consortia-in-practice:mix" not in found and "not-measurable:consortia" not in found


# ---- money outside the catalogue ------------------------------------------------------------------


def test_money_through_programmes_missing_from_the_catalogue() -> None:
    ev = evidence(
        funders=(
            FunderTotalSnap(
                funder="FR",
                currency="NOK",
                funded=30,
                granted_minor=1_000_000,
                unmapped_funded=5,
                unmapped_minor=250_000,
                unmapped_rows=tuple(row(n, 50_000, "apps") for n in range(5)),
            ),
        ),
        unmapped=(
            ProgrammeTotalSnap(
                funder="FR",
                programme_code="POLARPROG",
                programme_name="Polar",
                currency="NOK",
                activities=9,
                funded=3,
                granted_minor=200_000,
            ),
            ProgrammeTotalSnap(
                funder="FR",
                programme_code="NEVRONOR",
                programme_name="Nevro",
                currency="NOK",
                activities=25,
                funded=0,
                granted_minor=0,
            ),
        ),
    )
    f = findings(ev, make_snapshot())["unmapped-money:FR:NOK"]
    assert f.magnitude == pytest.approx(0.25) and f.agencies == ("FR",) and f.departments == ("KD",)
    assert [p["programme"] for p in f.evidence["programmes"]] == ["POLARPROG"]  # funded programmes only
    assert f.title.params["share"] == 25 and f.title.params["num"] == 1
    assert len(f.evidence["awards"]) == 5 and f.evidence["awards_more"] == 0
    assert [s["source"] for s in f.evidence["sources"]] == ["apps"]


# ---- holes of the mission grid --------------------------------------------------------------------


def grid_hole(chain: str, stages: tuple[str, ...]) -> Finding:
    return make(
        "grid-hole",
        f"I:{chain}",
        0.5,
        msg("hole"),
        msg("fill it"),
        agencies=["IN"],
        departments=["NFD"],
        extra={
            "mission": "I",
            "value_chain": chain,
            "holes": [{"type": "financial", "stage": s} for s in stages],
            "thin": [],
        },
    )


def test_hole_contradicted_by_funded_projects_is_a_catalogue_error_and_the_rest_confirmed() -> None:
    cell = CellFundingSnap(
        value_chain="hydrogen",
        stage="rnd",
        funded=3,
        counties=(("46", 2), ("", 1)),
        programmes=("FR:ENERGIX",),
        sources=("apps",),
        rows=(row(1, 9000, "apps"),),
    )
    ev = evidence(cells=(cell,), classified_chains=frozenset({"hydrogen"}))
    found = findings(ev, make_snapshot(), (grid_hole("hydrogen", ("rnd", "pilot")),))
    error = found["catalogue-error:I:hydrogen"]
    assert error.evidence["contradicted"] == [{"type": "financial", "stage": "rnd", "funded": 3}]
    assert error.evidence["counties"] == [{"county": "46", "funded": 2}, {"county": "", "funded": 1}]
    assert error.evidence["programmes"] == ["FR:ENERGIX"] and error.magnitude == pytest.approx(0.5)
    assert error.title.params["num"] == 3 and error.departments == ("NFD",)
    confirmed = found["hole-confirmed:I:hydrogen"]
    assert confirmed.evidence["holes"] == [{"type": "financial", "stage": "pilot"}]
    assert confirmed.evidence["funded"] == 0 and confirmed.magnitude == 0.5


def test_hole_in_a_value_chain_no_source_can_show_is_not_measurable() -> None:
    ev = evidence(classified_chains=frozenset({"hydrogen"}))
    found = findings(ev, make_snapshot(), (grid_hole("battery", ("rnd",)),))
    assert not any(c.startswith(("hole-confirmed", "catalogue-error")) for c in found)
    assert found["not-measurable:holes"].evidence["not_measurable"] == [
        {"mission": "I", "value_chain": "battery", "reason": "no-classification"}
    ]


# ---- business rejected ----------------------------------------------------------------------------


def decision(programme: str, source: str, b: tuple[int, int], o: tuple[int, int]) -> DecisionSnap:
    return DecisionSnap(
        instrument="mission",
        funder="FR",
        programme_code=programme,
        source=source,
        business_decided=b[0],
        business_rejected=b[1],
        other_decided=o[0],
        other_rejected=o[1],
    )


def test_businesses_rejected_far_more_often_in_a_mission_programme() -> None:
    inst = make_instrument(slug="mission", agency="FR", missions=("I",))
    ev = evidence(
        decisions=(
            decision("ENERGIX", "apps", (40, 30), (40, 10)),
            decision("SMALL", "apps", (6, 4), (6, 3)),
        ),
        rejecting_sources=frozenset({"apps"}),
    )
    found = findings(ev, make_snapshot(inst))
    f = found["business-rejected:mission:FR:ENERGIX"]
    assert f.magnitude == pytest.approx(0.5) and f.evidence["p_value"] < 0.001
    assert (
        f.title.params["b_rej"],
        f.title.params["b_dec"],
        f.title.params["o_rej"],
        f.title.params["o_dec"],
    ) == (30, 40, 10, 40)
    assert "business-rejected:mission:FR:SMALL" not in found  # 4/6 vs 3/6: not significant
    assert fisher_greater(4, 2, 3, 3) > 0.05


def test_rejections_not_measurable_from_a_grants_only_source_or_too_few_cases() -> None:
    inst = make_instrument(slug="mission", agency="FR", missions=("II",))
    ev = evidence(
        decisions=(decision("H2020", "eu", (50, 0), (50, 0)), decision("TINY", "apps", (22, 13), (1, 0))),
        rejecting_sources=frozenset({"apps"}),
    )
    found = findings(ev, make_snapshot(inst))
    assert not any(c.startswith("business-rejected") for c in found)
    items = {i["programme"]: i for i in found["not-measurable:rejections"].evidence["not_measurable"]}
    assert items["FR:H2020"]["reason"] == "no-rejections"
    assert (items["FR:TINY"]["reason"], items["FR:TINY"]["other_decided"]) == ("too-few", 1)


# ---- coordination -----------------------------------------------------------------------------------


def funders(*codes: str) -> tuple[FunderShareSnap, ...]:
    return tuple(FunderShareSnap(funder=c, currency="NOK", activities=2, granted_minor=100) for c in codes)


def test_organisations_funded_by_several_funders_with_no_joint_scheme() -> None:
    orgs = tuple(
        OrganisationFundersSnap(
            key=f"9{n:08d}",
            name=f"Org {n}",
            orgnr=f"9{n:08d}",
            value_chain="hydrogen",
            funders=funders("FR", "IN"),
        )
        for n in range(12)
    )
    ev = evidence(organisations=orgs)
    f = findings(ev, make_snapshot())["uncoordinated-funding:hydrogen:FR+IN"]
    assert f.magnitude == 1.0 and f.departments == ("KD", "NFD") and f.agencies == ("FR", "IN")
    assert len(f.evidence["organisations"]) == 10 and f.evidence["organisations_more"] == 2
    joint = make_instrument(slug="joint", agency="FR", partner_agencies=("IN",))
    assert not findings(ev, make_snapshot(joint))


def test_registered_symbiosis_funded_by_several_funders() -> None:
    ev = evidence(
        symbioses=(
            SymbiosisFundersSnap(slug="park", name="Park", members=3, funders=funders("ENOVA", "FR")),
            SymbiosisFundersSnap(slug="solo", name="Solo", members=1, funders=funders("FR")),
        )
    )
    found = findings(ev, make_snapshot(consortia=(make_consortium("park"),)))
    f = found["uncoordinated-funding:symbiosis:park"]
    assert f.evidence["consortia"] == ["park"] and f.magnitude == 0.5
    assert "uncoordinated-funding:symbiosis:solo" not in found


# ---- no data: nothing changes ------------------------------------------------------------------------


def test_without_award_data_the_analysis_is_unchanged() -> None:
    snapshot = make_snapshot(
        make_instrument(agency="FR"), make_instrument(agency="IN", consortium_eligibility="no")
    )
    spec = rules()
    empty = AwardEvidence(sources=(SourceSnap(key="x", name="x", format="generic", shows_partners=False),))
    assert award_findings(empty, snapshot, (), Directory(snapshot)) == []
    plain = analyse(snapshot, spec).findings
    assert analyse(snapshot, spec, awards=empty).findings == plain
    assert analyse(snapshot, spec, awards=None).findings == plain
