"""``verkemiddelkart awards ...`` run as a user would, on the real Forskningsrådet extracts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from awards_support import EU_FILE, SOKNADER_FILE, rewrite_cell

from web.cli import main


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'awards.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["db", "upgrade"]) == 0
        assert main(["seed"]) == 0
        assert main(["awards", "import", str(EU_FILE), "--format", "fr-eu", "--fetched", "2026-12-05"]) == 0
        yield url


@pytest.fixture
def cli(
    cli_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> pytest.CaptureFixture[str]:
    monkeypatch.setenv("DATABASE_URL", cli_db)
    capsys.readouterr()
    return capsys


def test_import_prints_one_summary_line_not_a_line_per_row(cli: pytest.CaptureFixture[str]) -> None:
    assert main(["awards", "import", str(SOKNADER_FILE), "--format", "fr-soknader"]) == 0
    out = cli.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(
        "soknader2-sample.csv: 171 rows imported into source 'fr-soknader': 171 activities"
    )


def test_import_on_a_terminal_shows_a_progress_bar_on_stderr_only(
    cli: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["awards", "import", str(EU_FILE), "--format", "fr-eu", "--dry-run"]) == 0
    out = cli.readouterr().out.splitlines()
    assert out == [
        "bevilgningereu.csv: checked 2,931 rows, nothing written (dry run): 1,957 activities, "
        "2,931 participations, 0 activities linked"
    ]


def test_a_broken_file_is_rejected_naming_the_row(cli: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = rewrite_cell(EU_FILE, tmp_path / "eu.csv", 57, "Organisasjonsnummer", "919303807", ";")
    assert main(["awards", "import", str(broken), "--format", "fr-eu"]) == 2
    err = cli.readouterr().err
    assert "import rejected, nothing was written" in err
    assert "eu.csv: row 57 (line 57): column 'Organisasjonsnummer': organisation number '919303807'" in err


def test_unmapped_names_the_programmes_outside_the_catalogue(cli: pytest.CaptureFixture[str]) -> None:
    assert main(["awards", "import", str(SOKNADER_FILE), "--format", "fr-soknader"]) == 0
    cli.readouterr()
    assert main(["awards", "unmapped"]) == 0
    out = cli.readouterr().out
    lines = {line.split()[1]: line for line in out.splitlines()[2:-1]}
    assert "POLARPROG" in lines and lines["POLARPROG"].rstrip().endswith("31 994 000 NOK")
    assert {"NEVRONOR", "NORGLOBAL", "EU.3.3.", "EU.1.1."} <= set(lines)
    assert "ENERGIX" not in lines and "DEMO2000" not in lines
    assert main(["awards", "unmapped", "--json"]) == 0
    data = json.loads(cli.readouterr().out)
    energy = next(p for p in data["programmes"] if p["programme_code"] == "EU.3.3.")
    assert (energy["currency"], energy["funder"]) == ("EUR", "EU")
    assert energy["granted"] == f"{energy['granted_minor'] / 100:.2f}"


def test_org_shows_all_funding_of_one_organisation(cli: pytest.CaptureFixture[str]) -> None:
    assert main(["awards", "org", "919303808"]) == 0
    out = cli.readouterr().out.splitlines()
    assert out[0] == "SINTEF AS (919303808), Trøndelag - Trööndelage, sector Instituttsektor"
    assert out[1].startswith("226 activities, 226 funded; granted: ")
    assert main(["awards", "org", "919 303 808", "--json"]) == 0
    data = json.loads(cli.readouterr().out)
    assert len(data["activities"]) == 226
    assert sum(a["role"] == "coordinator" for a in data["activities"]) == 55
    assert data["organisation"]["county"] == "50" and data["instruments"] == []


def test_org_rejects_a_bad_number_and_says_when_none_is_known(cli: pytest.CaptureFixture[str]) -> None:
    assert main(["awards", "org", "919303807"]) == 2
    assert "check digit should be 8" in cli.readouterr().err
    assert main(["awards", "org", "999999999"]) == 1  # a valid number no award file names
    assert "no award data names organisation number 999999999" in cli.readouterr().err


def test_sources_and_relink(cli: pytest.CaptureFixture[str]) -> None:
    assert main(["awards", "sources", "--json"]) == 0
    eu = next(s for s in json.loads(cli.readouterr().out) if s["key"] == "fr-eu")
    assert (eu["fetched_on"], eu["rows_read"], eu["years"]) == ("2026-12-05", 2931, [2014, 2021])
    assert main(["awards", "relink"]) == 0
    assert cli.readouterr().out == "relinked: 0 activities changed instrument\n"
