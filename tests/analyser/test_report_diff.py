"""Comparing two reports: gaps closed, new gaps, priority changes, instruments added/removed/updated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analyser.reports.diff import DiffError, compare
from analyser.reports.model import build_report
from catalogue.instruments.snapshot import AgencySnap, CatalogueSnapshot, InstrumentSnap
from web.cli import main


@dataclass
class Finding:
    code: str
    severity: float
    departments: tuple[str, ...] = ("KLD",)
    agencies: tuple[str, ...] = ()
    evidence: dict[str, list[str]] = field(default_factory=dict)
    title_en: str = ""
    title_nn: str = ""

    def __post_init__(self) -> None:
        self.title_en, self.title_nn = f"Gap {self.code}", f"Mangel {self.code}"


@dataclass
class Analysis:
    findings: list[Finding]


AGENCIES = (
    AgencySnap("ENOVA", "Enova", "Enova", "Enova", "state_agency", "KLD"),
    AgencySnap("IN", "Innovasjon Norge", "Innovasjon Noreg", "Innovation Norway", "state_agency", "NFD"),
)


def instrument(n: int, slug: str, agency: str = "ENOVA", version: int = 1) -> InstrumentSnap:
    owner = ("KLD",) if agency == "ENOVA" else ("NFD",)
    return InstrumentSnap(n, slug, agency, f"Ordning {slug}", owner_ministries=owner, version=version)


OLD_SNAP = CatalogueSnapshot(
    instruments=(instrument(1, "enova-a"), instrument(2, "enova-b"), instrument(3, "in-c", "IN")),
    agencies=AGENCIES,
)
NEW_SNAP = CatalogueSnapshot(
    instruments=(
        instrument(1, "enova-a", version=3),
        instrument(4, "enova-d"),
        instrument(3, "in-c", "IN"),
        instrument(5, "in-e", "IN"),
    ),
    agencies=AGENCIES,
)
OLD_FINDINGS = [Finding("infra", 0.9), Finding("consortia", 0.6), Finding("power", 0.5)]
NEW_FINDINGS = [Finding("infra", 0.7), Finding("power", 0.505), Finding("competence", 0.4)]


def as_json(
    snapshot: CatalogueSnapshot,
    findings: list[Finding],
    day: dt.date,
    audience: str = "KLD",
    kind: str = "department",
) -> dict:
    report = build_report(Analysis(findings), snapshot, audience, kind=kind, generated_on=day)
    return json.loads(json.dumps(report.to_dict()))


@pytest.fixture
def old() -> dict:
    return as_json(OLD_SNAP, OLD_FINDINGS, dt.date(2026, 11, 1))


@pytest.fixture
def new() -> dict:
    return as_json(NEW_SNAP, NEW_FINDINGS, dt.date(2026, 11, 30))


def test_gaps_closed_new_and_changed(old: dict, new: dict) -> None:
    diff = compare(old, new)
    assert [g.code for g in diff.gaps_closed] == ["consortia"]
    assert diff.gaps_closed[0].title == "Mangel consortia" and diff.gaps_closed[0].old_severity == 0.6
    assert [g.code for g in diff.gaps_new] == ["competence"]
    assert [(g.code, g.old_severity, g.new_severity) for g in diff.severity_changes] == [("infra", 0.9, 0.7)]
    assert (diff.old_date, diff.new_date) == ("2026-11-01", "2026-11-30")
    assert diff.old_version != diff.new_version


def test_instruments_added_removed_updated_across_the_catalogue(old: dict, new: dict) -> None:
    diff = compare(old, new)
    assert [(c.slug, c.audience) for c in diff.instruments_added] == [("enova-d", True), ("in-e", False)]
    assert [(c.slug, c.audience, c.name) for c in diff.instruments_removed] == [
        ("enova-b", True, "Ordning enova-b")
    ]
    assert [(c.slug, c.old_version, c.new_version) for c in diff.instruments_updated] == [("enova-a", 1, 3)]


def test_a_report_compared_with_itself_is_unchanged(new: dict) -> None:
    diff = compare(new, new)
    assert diff.unchanged and diff.to_dict()["unchanged"] is True


def test_reports_for_different_audiences_or_non_reports_are_refused(old: dict) -> None:
    with pytest.raises(DiffError, match="different audiences"):
        compare(old, as_json(OLD_SNAP, OLD_FINDINGS, dt.date(2026, 11, 1), "ENOVA", "agency"))
    with pytest.raises(DiffError, match="not a gap report"):
        compare(old, {"instruments": []})


def test_cli_report_diff(old: dict, new: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "old.json", tmp_path / "new.json"
    a.write_text(json.dumps(old), encoding="utf-8")
    b.write_text(json.dumps(new), encoding="utf-8")
    assert main(["report-diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "Manglar som er lukka (1):\n- Mangel consortia [consortia]" in out
    assert (
        "Nye manglar (1):" in out and "Endra prioritet (1):" in out and "0,90 → 0,70" in out
    )  # Norwegian decimals (Babel)
    assert "- Ordning enova-d [enova-d] (eige)" in out and "(v1 → v3)" in out
    assert main(["report-diff", str(a), str(b), "--json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gaps_new"][0]["code"] == "competence" and data["unchanged"] is False
    assert main(["report-diff", str(a), str(tmp_path / "missing.json")]) == 2


def test_same_finding_code_with_tiny_severity_drift_is_not_a_change(old: dict) -> None:
    drifted = as_json(
        OLD_SNAP,
        [dataclasses.replace(f, severity=f.severity + 0.004) for f in OLD_FINDINGS],
        dt.date(2026, 11, 2),
    )
    assert compare(old, drifted).unchanged
