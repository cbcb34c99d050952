"""Each CLI command, run as a user would, against a fresh database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from web.cli import main


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_upgrade_seed_export(cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["seed"]) == 0
    assert "instruments" in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert main(["export", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["instruments"]) >= 60
    climit = next(i for i in data["instruments"] if i["slug"] == "joint-climit")
    assert climit["partner_agencies"] == ["GASSNOVA"]


def test_seed_with_broken_file_exits_nonzero(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["db", "upgrade"])
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ministries.yaml").write_text("- code: NFD\n  name_nb: x\n", encoding="utf-8")
    for name in ("counties", "agencies", "barriers", "missions", "consortia"):
        (seeds / f"{name}.yaml").write_text("[]\n", encoding="utf-8")
    assert main(["seed", "--seeds-dir", str(seeds)]) == 2
    err = capsys.readouterr().err
    assert "ministries.yaml: record 1 (code 'NFD'): field 'name_nn'" in err


def test_downgrade_to_empty(cli_db: str) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "downgrade"]) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_lists_the_seeded_catalogue(cli_db: str) -> None:
    main(["db", "upgrade"])
    main(["seed"])
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
        env={**os.environ, "DATABASE_URL": cli_db},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
        assert "SkatteFUNN" in response.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
