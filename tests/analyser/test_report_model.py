"""The report model: which gaps fall to a department or agency, in what order, with which evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from factories import words

from analyser.reports.model import build_report, catalogue_version, report_agencies
from catalogue.instruments.snapshot import (
    AgencySnap,
    BarrierSnap,
    CatalogueSnapshot,
    ConsortiumSnap,
    InstrumentSnap,
)

DAY = dt.date(2026, 11, 30)


@dataclass
class Finding:  # the shape of analyser.gaps.findings.Finding
    code: str
    severity: float
    departments: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    evidence: dict[str, list[str]] = field(default_factory=dict)
    kind: str = "gap"
    severity_label: str = ""
    title_en: str = ""
    title_nn: str = ""
    recommendation_en: str = ""
    recommendation_nn: str = ""

    def __post_init__(self) -> None:
        self.title_en = self.title_en or f"Gap {self.code}"
        self.title_nn = self.title_nn or f"Mangel {self.code}"


@dataclass
class Analysis:
    findings: list[Finding]


def small_catalogue() -> CatalogueSnapshot:
    agencies = (
        AgencySnap("ENOVA", "Enova", "Enova", "Enova", "state_agency", "KLD"),
        AgencySnap("HKDIR", "HK-dir", "HK-dir", "HK-dir", "state_agency", "KD"),
        AgencySnap("IN", "Innovasjon Norge", "Innovasjon Noreg", "Innovation Norway", "state_agency", "NFD"),
        AgencySnap(
            "KD",
            "Kunnskapsdepartementet",
            "Kunnskapsdepartementet",
            "Ministry of Education",
            "state_agency",
            "KD",
        ),
    )
    instruments = (
        InstrumentSnap(
            1,
            "enova-industri",
            "ENOVA",
            "Industristøtte",
            name_nn="Industristøtte",
            name_en="Industry support",
            owner_ministries=("KLD",),
            types=("financial",),
            applicants=("large_firm",),
            consortium_eligibility="no",
            stages=("full_scale",),
            value_chains=("process_industry",),
            annual_budget_nok=500_000_000,
        ),
        InstrumentSnap(
            2,
            "enova-pilot",
            "ENOVA",
            "Pilotering",
            owner_ministries=("KLD",),
            types=("financial",),
            applicants=("consortium", "sme"),
            consortium_eligibility="yes",
            stages=("pilot",),
            value_chains=("any",),
            funds_shared_infrastructure=True,
        ),
        InstrumentSnap(
            3,
            "hkdir-evu",
            "HKDIR",
            "Fleksibel vidareutdanning",
            owner_ministries=("KD",),
            types=("competence",),
            applicants=("public_body",),
            consortium_eligibility="partial",
            stages=("operation",),
            value_chains=("any",),
        ),
        InstrumentSnap(
            4,
            "in-miljo",
            "IN",
            "Miljøteknologi",
            owner_ministries=("NFD",),
            types=("financial",),
            applicants=("sme",),
            consortium_eligibility="no",
            stages=("pilot", "demonstration"),
            value_chains=("process_industry",),
            risk_relief=True,
        ),
    )
    barriers = (
        BarrierSnap(
            "B2",
            "Ingen ordning for felles infrastruktur",
            "No scheme for shared infrastructure",
            owner_departments=("NFD", "KLD"),
            keywords=("felles infrastruktur",),
        ),
        BarrierSnap(
            "B8",
            "Fell mellom ordningane",
            "Falls between schemes",
            owner_departments=("NFD", "KLD", "KD"),
            keywords=("konsortium",),
        ),
        BarrierSnap(
            "B9", "Kompetanse", "Competence", owner_departments=("KD",), keywords=("vidareutdanning",)
        ),
    )
    consortia = (
        ConsortiumSnap(
            "hub", "Solør Hub", value_chains=("forest_bio",), needs=("shared_infrastructure", "competence")
        ),
    )
    return CatalogueSnapshot(
        instruments=instruments, agencies=agencies, barriers=barriers, consortia=consortia
    )


FINDINGS = [
    Finding(
        "F-infra",
        0.9,
        departments=("NFD", "KLD"),
        agencies=(),
        evidence={
            "instruments": ["enova-pilot"],
            "barriers": ["B2"],
            "consortia": ["hub"],
            "needs": [
                {"need": "shared_infrastructure", "consortium": "hub"},
                {"need": "risk_relief", "consortium": None},
            ],
        },
        title_en="No scheme funds shared infrastructure",
        title_nn="Inga ordning for felles infrastruktur",
        recommendation_en="A scheme for shared infrastructure is missing.",
        recommendation_nn="Ei ordning for felles infrastruktur manglar.",
    ),
    Finding(
        "F-enova-closed",
        0.7,
        departments=(),
        agencies=("ENOVA",),
        evidence={"instruments": ["enova-industri"], "barriers": ["B8"]},
        recommendation_en="Open Enova's industry support to consortia.",
    ),
    Finding(
        "F-competence",
        0.8,
        departments=("KD",),
        agencies=("HKDIR",),
        evidence={"barriers": ["B9"], "consortia": ["hub"], "needs": ["hub:competence"]},
    ),
    Finding("F-tie-via", 0.5, departments=(), agencies=("ENOVA",)),
    Finding("F-tie-direct", 0.5, departments=("KLD",)),
    Finding("F-power", 0.6, departments=("ED",)),
]
UNFUNDED = {"shared_infrastructure": ["hub"], "competence": ["hub"], "risk_relief": ["hub"]}


def report(audience: str, kind: str = "department", lang: str = "nn", findings: list[Finding] | None = None):
    return build_report(
        Analysis(findings if findings is not None else FINDINGS),
        small_catalogue(),
        audience,
        kind=kind,
        lang=lang,
        generated_on=DAY,
        unfunded=UNFUNDED,
    )


def test_department_gets_its_own_and_its_agencies_gaps_in_priority_order() -> None:
    r = report("KLD")
    assert [g.code for g in r.gaps] == ["F-infra", "F-enova-closed", "F-tie-direct", "F-tie-via"]
    assert [g.rank for g in r.gaps] == [1, 2, 3, 4]
    assert r.gaps[1].relation == "via_agency" and r.gaps[1].via_agencies == ("ENOVA",)
    assert r.gaps[0].relation == "direct"
    assert r.agencies == ("ENOVA",)


def test_kd_report_has_competence_gap_and_not_the_power_gap() -> None:
    r = report("KD")
    assert [g.code for g in r.gaps] == ["F-competence"]
    assert report("ED").gaps[0].code == "F-power"
    assert report("KDD").gaps == ()


def test_agency_report_holds_only_the_gaps_naming_the_agency() -> None:
    r = report("ENOVA", kind="agency")
    assert [g.code for g in r.gaps] == ["F-enova-closed", "F-tie-via"]
    assert all(g.relation == "direct" for g in r.gaps)
    assert {i.slug for i in r.instruments} == {"enova-industri", "enova-pilot"}


def test_evidence_is_named_in_the_report_language() -> None:
    nn, en = report("KLD"), report("KLD", lang="en")
    assert nn.gaps[0].title == "Inga ordning for felles infrastruktur"
    assert en.gaps[0].title == "No scheme funds shared infrastructure"
    assert nn.gaps[0].recommendation == "Ei ordning for felles infrastruktur manglar."
    assert [b.label for b in en.gaps[0].barriers] == ["No scheme for shared infrastructure"]
    assert [c.label for c in nn.gaps[0].consortia] == ["Solør Hub"]
    enova = en.gaps[1]
    assert enova.instruments[0].label == "Industry support" and enova.instruments[0].detail == "ENOVA"
    assert enova.title == "Gap F-enova-closed"  # English title
    assert report("KLD", lang="nb").gaps[0].title == "Inga ordning for felles infrastruktur"  # nn fallback


def test_unfunded_needs_are_those_the_gaps_cite() -> None:
    kld = report("KLD")
    assert [(u.consortium, u.need) for u in kld.unfunded] == [("hub", "shared_infrastructure")]
    assert kld.unfunded[0].consortium_name == "Solør Hub"
    kd = report("KD")
    assert [(u.consortium, u.need) for u in kd.unfunded] == [("hub", "competence")]
    assert report("ED").unfunded == ()  # risk relief is unfunded but no ED gap cites it
    assert [(n.code, n.label) for n in kld.gaps[0].needs] == [
        ("shared_infrastructure", "Solør Hub"),
        ("risk_relief", ""),
    ]


def test_summary_counts_the_portfolio() -> None:
    s = report("KLD").summary
    assert (s.gap_count, s.high_count, s.direct_count) == (4, 2, 2)
    assert (s.instrument_count, s.open_to_consortia, s.shared_infrastructure) == (2, 1, 1)
    assert s.top_titles[0] == "Inga ordning for felles infrastruktur"
    assert report("KD").summary.partly_open_to_consortia == 1


def test_catalogue_version_is_stable_and_follows_instrument_versions() -> None:
    snap = small_catalogue()
    version = catalogue_version(snap)
    assert version.startswith("4-") and len(version) == 14
    shuffled = dataclasses.replace(snap, instruments=tuple(reversed(snap.instruments)))
    assert catalogue_version(shuffled) == version
    bumped = dataclasses.replace(
        snap, instruments=(dataclasses.replace(snap.instruments[0], version=2), *snap.instruments[1:])
    )
    assert catalogue_version(bumped) != version
    fewer = dataclasses.replace(snap, instruments=snap.instruments[1:])
    assert catalogue_version(fewer).startswith("3-")


def test_figures_highlight_the_audience_and_find_breaks() -> None:
    r = report("KLD")
    heat = r.figures["heatmap"]
    assert heat["highlight"] == ["ENOVA"]
    assert [row["code"] for row in heat["rows"]] == ["B2", "B8", "B9"]
    pipe = r.figures["pipeline"]
    assert pipe["rows"][0]["chain"] == "any"
    process = next(row for row in pipe["rows"] if row["chain"] == "process_industry")
    stages = pipe["stages"]
    full = stages.index("full_scale")
    assert process["total"][full] == 1 and process["own"][full] == 1
    assert process["total"][stages.index("idea")] == 0  # a break: nothing at the idea stage
    table = r.figures["type_applicant"]
    assert table["applicants"] == ["sme", "large_firm", "consortium"]
    financial = next(row for row in table["rows"] if row["type"] == "financial")
    assert financial["values"] == [1, 1, 1]


def test_report_is_plain_json() -> None:
    data = json.loads(json.dumps(report("KLD").to_dict()))
    assert data["audience"] == "KLD" and data["generated_on"] == "2026-11-30"
    assert data["catalogue_version"] == catalogue_version(small_catalogue())
    assert data["catalogue_instruments"] == {
        "enova-industri": 1,
        "enova-pilot": 1,
        "hkdir-evu": 1,
        "in-miljo": 1,
    }
    assert data["gaps"][0]["barriers"][0] == {
        "kind": "barrier",
        "code": "B2",
        "label": "Ingen ordning for felles infrastruktur",
        "detail": "",
    }


def test_agencies_with_reports_exclude_department_codes() -> None:
    assert report_agencies(small_catalogue()) == ("ENOVA", "HKDIR", "IN")


def test_unknown_kind_or_language_is_refused() -> None:
    with pytest.raises(ValueError):
        report("KLD", kind="county")
    with pytest.raises(ValueError):
        report("KLD", lang="se")


def test_the_real_analyser_on_the_small_catalogue_gives_a_known_report() -> None:
    from analyser.gaps.analyse import analyse
    from catalogue.rules import load_rules

    snap = small_catalogue()
    analysis = analyse(snap, load_rules("barrier_needs"), unfunded={"shared_infrastructure": ["hub"]})
    unfunded = {"shared_infrastructure": ["hub"]}
    kd = build_report(analysis, snap, "KD", lang="en", generated_on=DAY, unfunded=unfunded)
    assert [g.code for g in kd.gaps] == [
        "barrier-uncovered:B9",
        "barrier-weak:B8",
        "consortium-miss:hkdir-evu",
    ]
    title = words(kd.gaps[0].title, snap)  # titles stay messages; the renderers word them
    assert title == "No instrument answers B9: Competence" and kd.gaps[0].severity == 1.0
    assert kd.gaps[0].severity_label == "high" and kd.gaps[0].recommendation
    assert [b.code for b in kd.gaps[0].barriers] == ["B9"]
    assert kd.unfunded == ()

    kld = build_report(analysis, snap, "KLD", generated_on=DAY, unfunded={"shared_infrastructure": ["hub"]})
    assert [g.code for g in kld.gaps[:2]] == ["barrier-weak:B2", "barrier-weak:B8"]
    assert {"pipeline-gap:process_industry:full_scale", "handoff:process_industry:pilot>full_scale"} <= {
        g.code for g in kld.gaps
    }
    b2 = kld.gaps[0]
    assert [i.code for i in b2.instruments][:1] == ["enova-pilot"]
    assert [(n.label, n.code) for n in b2.needs if n.label] == [("Solør Hub", "shared_infrastructure")]
    assert [(u.consortium, u.need) for u in kld.unfunded] == [("hub", "shared_infrastructure")]
    assert kld.figures["heatmap"]["rows"][0]["values"][kld.figures["heatmap"]["columns"].index("ENOVA")] == 1
