"""Gap reports from the seed catalogue: every format for every department, the web pages and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from analyser.reports.model import DEPARTMENTS, Report, catalogue_version
from catalogue.instruments.snapshot import CatalogueSnapshot
from web.cli import main
from web.i18n.labels import Labeller
from web.reports import FORMATS, render
from web.reports.build import Audience, analyse, audiences, make_report
from web.reports.charts import charts, render_svg

DAY = dt.date(2026, 11, 30)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def analysis(seed_snapshot: CatalogueSnapshot):
    return analyse(seed_snapshot, today=DAY)


@pytest.fixture(scope="module")
def reports(seed_snapshot: CatalogueSnapshot, analysis) -> dict[str, Report]:
    return {
        code: make_report(seed_snapshot, Audience(code, "department"), "nn", today=DAY, analysis=analysis)
        for code in DEPARTMENTS
    }


def test_the_seed_gives_every_department_something_to_act_on(reports: dict[str, Report]) -> None:
    for code in ("NFD", "KLD", "KD", "ED"):
        assert reports[code].gaps, f"no gaps for {code}"
    severities = [g.severity for g in reports["KLD"].gaps]
    assert severities == sorted(severities, reverse=True)


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_every_format_renders(
    department: str, reports: dict[str, Report], seed_snapshot: CatalogueSnapshot
) -> None:
    report = reports[department]
    out = {fmt: render(report, fmt, seed_snapshot) for fmt in FORMATS}

    data = json.loads(out["json"])
    assert data["audience"] == department and data["generated_on"] == "2026-11-30"
    assert data["catalogue_version"] == catalogue_version(seed_snapshot)
    assert [g["code"] for g in data["gaps"]] == [g.code for g in report.gaps]

    md = out["md"].decode("utf-8")
    assert md.startswith(f"# Manglar i verkemiddelapparatet: {report.audience_name}\n")
    for heading in (
        "## 1. Samandrag",
        "## 2. Manglane i prioritert rekkjefølgje",
        "## 3. Behov hos konsortia utan finansiering",
        "## 4. Porteføljen i tal",
        "## 5. Verkemiddel",
        "## 6. Om rapporten",
    ):
        assert f"\n{heading}\n" in md
    assert "Laga 30. november 2026 frå katalogversjon " + report.catalogue_version in md
    titles = [Labeller(seed_snapshot, "nn").text(gap.title) for gap in report.gaps]  # as the reader sees them
    for gap, title in zip(report.gaps, titles, strict=True):
        assert f"### {gap.rank}. {title}" in md

    html = out["html"].decode("utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="nn">' in html
    assert html.count("<svg") == 3 and report.catalogue_version in html

    pdf = PdfReader(io.BytesIO(out["pdf"]))
    assert 2 <= len(pdf.pages) <= 40
    text = _flat(" ".join(page.extract_text() for page in pdf.pages))
    for title in titles:
        assert _flat(title) in text, title
    assert f"Side 1 av {len(pdf.pages)}" in text and "Innhald" in text
    assert pdf.metadata.title == f"Manglar i verkemiddelapparatet: {report.audience_name}"


def test_languages(seed_snapshot: CatalogueSnapshot, analysis) -> None:
    for lang, heading, date in (
        ("nb", "## 1. Sammendrag", "30. november 2026"),
        ("en", "## 1. Summary", "30 November 2026"),
    ):
        report = make_report(seed_snapshot, Audience("KD", "department"), lang, today=DAY, analysis=analysis)
        md = render(report, "md", seed_snapshot).decode("utf-8")
        assert heading in md and date in md
    en = make_report(seed_snapshot, Audience("KLD", "department"), "en", today=DAY, analysis=analysis)
    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(en, "pdf"))).pages))
    assert "Page 1 of" in text and "Contents" in text


def test_every_agency_gets_a_report(seed_snapshot: CatalogueSnapshot, analysis) -> None:
    agencies = [a for a in audiences(seed_snapshot) if a.kind == "agency"]
    assert {"IN", "SIVA", "FR", "ENOVA", "HKDIR"} <= {a.code for a in agencies}
    for audience in agencies:
        report = make_report(seed_snapshot, audience, "nn", today=DAY, analysis=analysis)
        assert report.instruments, audience.code
        assert render(report, "md", seed_snapshot).startswith(b"# Manglar i verkemiddelapparatet")


def test_charts_are_well_formed_svg(reports: dict[str, Report], seed_snapshot: CatalogueSnapshot) -> None:
    for chart in charts(reports["KLD"].figures, Labeller(seed_snapshot, "nn"), "KLD"):
        root = ET.fromstring(render_svg(chart))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.find("{http://www.w3.org/2000/svg}title").text == chart.title


def test_report_list_links_every_format(client: TestClient) -> None:
    page = client.get("/rapportar?lang=nn")
    assert page.status_code == 200 and "<h1>Rapportar om manglar</h1>" in page.text
    for code in DEPARTMENTS:
        for fmt in FORMATS:
            assert f'href="/rapportar/{code}.{fmt}?lang=nn"' in page.text
    assert 'href="/rapportar/ENOVA.pdf?lang=nn"' in page.text


def test_download_a_report(client: TestClient) -> None:
    pdf = client.get("/rapportar/KD.pdf?lang=nn")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="rapport-KD-nn-')
    assert pdf.content.startswith(b"%PDF")
    md = client.get("/rapportar/ENOVA.md?lang=en")
    assert md.status_code == 200 and md.text.startswith("# Gaps in the instrument system: Enova")
    html = client.get("/rapportar/KLD.html?lang=nb")
    assert html.headers["content-disposition"].startswith("inline") and "Sammendrag" in html.text
    assert 'href="/rapportar/KLD.pdf?lang=nb"' in html.text
    for missing in ("/rapportar/XYZ.pdf", "/rapportar/KD.docx", "/rapportar/KD"):
        assert client.get(missing).status_code == 404


def test_cli_report_and_diff(
    seeded_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    out = tmp_path / "kd.json"
    args = ["report", "--department", "KD", "--format", "json", "-o", str(out), "--date", "2026-11-30"]
    assert main(args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["audience"] == "KD" and data["audience_kind"] == "department"
    assert main(["report", "--agency", "ENOVA", "--format", "md", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("# Gaps in the instrument system: Enova")
    pdf = tmp_path / "kd.pdf"
    assert main(["report", "--department", "KD", "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["report", "--department", "XX"]) == 2
    assert main(["report-diff", str(out), str(out)]) == 0
    assert "Ingen endringar." in capsys.readouterr().out
