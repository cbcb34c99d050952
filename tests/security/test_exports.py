"""What leaves the catalogue is inert: CSV cells no spreadsheet runs as formulas, feeds and workbooks that
stay well-formed whatever the text holds, Markdown reports that show names as text, not HTML."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy
from sqlalchemy import text

from catalogue.db import engine_for
from catalogue.transfer.formats import COLUMNS
from catalogue.transfer.reading import read_records
from web.app import create_app
from web.cli import main

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRIGGERS = ("=", "+", "-", "@")
SLUG = "in-miljoteknologi"
HTML_NAMES = {
    "in-miljoteknologi": "<script>alert(document.domain)</script>",
    "in-innovasjonskontrakter": '<img src=x onerror="alert(1)">',
    "in-oppstartstilskudd-1": "[klikk her](javascript:alert(1)) **viktig**",
}


@pytest.fixture(scope="module")
def formula_url(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every instrument and county name starts with a formula character; three IN names hold HTML."""
    url = sqlite_copy(seeded_sqlite_url, tmp_path_factory.mktemp("formulas"))
    with engine_for(url).begin() as conn:
        slugs = [r[0] for r in conn.execute(text("SELECT slug FROM instrument ORDER BY slug"))]
        for n, slug in enumerate(slugs):
            start = TRIGGERS[n % len(TRIGGERS)]
            conn.execute(
                text(
                    "UPDATE instrument SET name_nb = :p || name_nb, name_nn = :p || coalesce(name_nn,"
                    " name_nb), name_en = :p || coalesce(name_en, name_nb) WHERE slug = :s"
                ),
                {"p": f"{start}1+1 ", "s": slug},
            )
        for slug, name in HTML_NAMES.items():
            conn.execute(
                text("UPDATE instrument SET name_nb = :n, name_nn = :n, name_en = :n WHERE slug = :s"),
                {"n": name, "s": slug},
            )
        conn.execute(
            text("UPDATE county SET name_nb = '@SUM(1+1)' || name_nb, name_nn = '@SUM(1+1)' || name_nn")
        )
    engine_for(url).dispose()
    return url


@pytest.fixture(scope="module")
def control_url(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One name and summary with control characters, as stored before input was validated."""
    url = sqlite_copy(seeded_sqlite_url, tmp_path_factory.mktemp("controls"))
    with engine_for(url).begin() as conn:
        conn.execute(
            # updated now, after every seeded record: the feed holds only the 100 newest changes
            text(
                "UPDATE instrument SET name_nn = :n, name_en = :n, summary_nn = :s,"
                " updated_at = CURRENT_TIMESTAMP WHERE slug = :slug"
            ),
            {"n": "Miljø\x0bteknologi\x1b[31m", "s": "Samandrag\x00 med\x08 kontrollteikn", "slug": SLUG},
        )
    engine_for(url).dispose()
    return url


@pytest.fixture(scope="module")
def formula_client(formula_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(formula_url)) as c:
        yield c


@pytest.fixture(scope="module")
def control_client(control_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(control_url)) as c:
        yield c


def _cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) for cell in row]


def _assert_inert(body: str) -> None:
    cells = _cells(body)
    live = [c for c in cells if c.startswith(FORMULA_START)]
    assert not live, live[:5]
    assert any(c.startswith("'=") for c in cells) or any(c.startswith("'@") for c in cells)


# ---- CSV ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/instrumenter.csv", "/gap.csv", "/progress.csv"])
def test_csv_downloads_never_hold_a_live_formula(formula_client: TestClient, path: str) -> None:
    r = formula_client.get(path)
    assert r.status_code == 200
    _assert_inert(r.text)


def test_instrument_list_csv_keeps_the_name_behind_the_apostrophe(formula_client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(formula_client.get("/instrumenter.csv").text.lstrip("\ufeff"))))
    starts = {row["name_nb"][:2] for row in rows if row["name_nb"].startswith("'")}
    assert starts == {"'=", "'+", "'-", "'@"}


def test_progress_cli_csv_never_holds_a_live_formula(
    formula_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", formula_url)
    assert main(["progress", "--csv"]) == 0
    _assert_inert(capsys.readouterr().out)


def test_export_file_csv_is_inert_and_imports_back_unchanged(
    formula_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", formula_url)
    out = tmp_path / "all.csv"
    assert main(["export-file", "-o", str(out)]) == 0
    _assert_inert(out.read_text(encoding="utf-8"))
    names = {r.data["slug"]: r.data["name_nb"] for r in read_records(out)}
    assert names[SLUG] == HTML_NAMES[SLUG] and any(n.startswith("=1+1 ") for n in names.values())
    capsys.readouterr()
    assert main(["import", str(out), "--dry-run"]) == 0
    assert f"0 create, 0 update, {len(names)} unchanged" in capsys.readouterr().out


# ---- XML: the Atom feed and XLSX ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?q=milj%C3%B8%0B%1B", "?lang=en"])
def test_atom_feed_is_well_formed_whatever_the_text_holds(control_client: TestClient, query: str) -> None:
    r = control_client.get("/instrumenter.atom" + query)
    assert r.status_code == 200
    feed = ET.fromstring(r.content)  # raises on a character XML forbids
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "Miljøteknologi[31m" in titles or query.startswith("?q")


def test_xlsx_export_with_control_characters_does_not_crash(
    control_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.setenv("DATABASE_URL", control_url)
    out = tmp_path / "all.xlsx"
    assert main(["export-file", "-o", str(out)]) == 0
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[SLUG][COLUMNS.index("name_nn")] == "Miljøteknologi[31m"


# ---- Markdown ------------------------------------------------------------------------------------------


def test_markdown_report_shows_names_as_text(formula_client: TestClient) -> None:
    r = formula_client.get("/rapportar/IN.md", params={"lang": "en"})
    assert r.status_code == 200
    body = r.text
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in body
    assert r"\[klikk her\](javascript:alert(1)) \*\*viktig\*\*" in body
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(body)  # raw HTML would pass through
    assert "<script" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in html
