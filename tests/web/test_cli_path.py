"""``verkemiddelkart path``: readable and JSON output for example profiles and seeded consortia."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from web.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def seeded_env(seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    return seeded_sqlite_url


def test_readable_path_of_the_solor_example(seeded_env, capsys):
    assert main(["path", str(EXAMPLES / "solor-hub.yaml"), "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Finansieringsveg for Sirkulær Solør Hub (example)")
    assert "Steg 1: forstudie" in out and "Steg 5: fullskala" in out
    assert out.index("Steg 1:") < out.index("Steg 2:") < out.index("Steg 5:")
    assert "Spor: fasilitering og koordinering" in out
    assert "Støttetak" in out and "Eksempel Plate AS: 65 % = 3\u00a0120\u00a0000 kr" in out
    assert "Utelatne" in out and "[value_chain]" in out
    assert "Behov utan finansiering: felles infrastruktur" in out


def test_english_and_json(seeded_env, capsys):
    assert main(["path", str(EXAMPLES / "fjord-base.json"), "--lang", "en", "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert "Funding path for Fjord Base (example)" in out and "Eligible instruments (by fit)" in out
    assert main(["path", "--seeded", "finnfjord-smelteverk", "--json", "--today", "2026-01-15"]) == 0
    data = json.loads(capsys.readouterr().out)
    rnd = next(s for s in data["steps"] if s["stage"] == "rnd")
    assert "fr-ipn" in [c["slug"] for c in rnd["candidates"]]


def test_bad_profile_exits_2_naming_the_field(seeded_env, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "slug: x\nname: X\ncounty: '99'\ncurrent_stage: pilot\ntarget_stage: rnd\n"
        "members:\n  - {name: A, org_number: '123456789'}\n",
        encoding="utf-8",
    )
    assert main(["path", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: consortium 'x': field 'county'" in err
    assert "field 'members.0.org_number'" in err and "field 'target_stage'" in err


def test_usage_errors(seeded_env, capsys):
    assert main(["path"]) == 2
    assert main(["path", "--seeded", "nowhere"]) == 1
    assert "no seeded consortium 'nowhere'" in capsys.readouterr().err
