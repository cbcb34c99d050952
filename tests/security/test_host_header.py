"""Absolute links are built from the configured site address (VK_BASE_URL), never from the Host header
a client sends: a forged Host cannot plant its own address in the Atom feed or a printed funding path."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from web.app import create_app

PAGES = ("/instrumenter.atom", "/instrumenter.atom?q=hydrogen", "/finansieringsveg/fjord-base/utskrift")


@pytest.fixture(scope="module")
def app(seeded_sqlite_url: str) -> FastAPI:
    return create_app(seeded_sqlite_url)


def _absolute_urls(text: str) -> set[str]:
    return {m.rstrip("/") for m in re.findall(r"https?://[^\s\"'<>/]+", text)}


def test_a_forged_host_does_not_appear_in_absolute_links(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VK_BASE_URL", raising=False)
    client = TestClient(app)
    for path in PAGES:
        r = client.get(path, headers={"Host": "evil.example"})
        assert r.status_code == 200, path
        assert "evil.example" not in r.text, path
        assert "http://127.0.0.1:8000" in r.text, path


def test_the_configured_address_is_used(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VK_BASE_URL", "https://verkemiddel.example.no/")
    client = TestClient(app)
    for path in PAGES:
        text = client.get(path, headers={"Host": "evil.example"}).text
        site_urls = {u for u in _absolute_urls(text) if "example" in u}
        assert site_urls == {"https://verkemiddel.example.no"}, (path, site_urls)
