"""``verkemiddelkart gaps``, ``coverage`` and ``tags-eval`` as a user runs them on the seeded catalogue."""

from __future__ import annotations

import json

import pytest

from web.cli import main


@pytest.fixture
def seeded_env(seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    return seeded_sqlite_url


def test_gaps_prints_a_readable_table_most_severe_first(
    seeded_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "Severity" in out and "barrier-unanswerable" in out and "findings" in out.splitlines()[-1]
    assert "funding paths unavailable" not in err
    assert main(["gaps"]) == 0
    assert "Alvor" in capsys.readouterr().out


def test_gaps_json_for_one_department(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", "--json", "--department", "ED", "--no-paths"]) == 0
    data = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in data["findings"]]
    assert "barrier-unanswerable:B6" in codes
    assert all("ED" in f["departments"] or "GASSNOVA" in f["agencies"] for f in data["findings"])
    assert {"coverage", "portfolio", "pipelines", "overlaps"} <= set(data)
    severities = [f["severity"] for f in data["findings"]]
    assert severities == sorted(severities, reverse=True)


def test_coverage_matrix_by_agency_and_by_type(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] and "B2" in out and "B9:" in out
    assert main(["coverage", "--by", "type", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["columns"] == ["financial", "collaboration", "competence"]
    assert len(data["rows"]) == 9 and all(len(row) == 3 for row in data["counts"])


def test_tags_eval_reports_macro_f1(seeded_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags-eval", "--json", "--folds", "3"]) == 0
    results = {r["facet"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(results) == {"types", "value_chains"}
    for r in results.values():
        assert 0.0 <= r["macro_f1"] <= 1.0 and r["folds"] == 3
    # types are easier to read from a text than the value chains an instrument serves
    assert results["types"]["macro_f1"] > results["value_chains"]["macro_f1"]


def test_commands_on_an_empty_catalogue_explain_what_to_do(
    tmp_path,
    monkeypatch,  # noqa: ANN001
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["db", "upgrade"]) == 0
    assert main(["gaps"]) == 1
    assert "verkemiddelkart seed" in capsys.readouterr().err
