"""Security headers on every response (pages, JSON, static files, redirects, errors, even a 500), and
pages that need no inline script or style, so the strict Content-Security-Policy costs them nothing."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from web.app import create_app

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
)
PAGES = (
    "/",
    "/instrumenter",
    "/instrumenter/in-miljoteknologi",
    "/dekning",
    "/dekning/B1",
    "/gap",
    "/finansieringsveg",
    "/finansieringsveg/fjord-base",
    "/finansieringsveg/fjord-base/utskrift",
    "/rapportar",
    "/progress",
    "/progress/46",
    "/logg-inn",
)


@pytest.fixture(scope="module")
def app(seeded_sqlite_url: str) -> FastAPI:
    app = create_app(seeded_sqlite_url)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken", broken)
    return app


def _policy(headers: object) -> dict[str, str]:
    csp = headers["content-security-policy"]  # type: ignore[index]
    return {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";")}


def _assert_hardened(r: object, what: str) -> None:
    headers = r.headers  # type: ignore[attr-defined]
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, (what, name, headers.get(name))
    policy = _policy(headers)
    for directive in DIRECTIVES:
        name = directive.split(" ", 1)[0]
        assert policy.get(name, "").startswith(directive), (what, directive, policy.get(name))


def test_every_kind_of_response_carries_the_security_headers(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    responses = {
        "page": client.get("/instrumenter"),
        "json": client.get("/api/v1/instruments"),
        "static": client.get("/static/app.css"),
        "redirect": client.get("/instrumenter/in-miljoteknologi/rediger", follow_redirects=False),
        "404 page": client.get("/no-such-page"),
        "404 json": client.get("/api/v1/instruments/no-such-slug"),
        "422": client.get("/api/v1/instruments", params={"page": "x" * 50}),
        "413": client.post("/api/v1/paths", content=b"{" + b" " * (3 * 1024 * 1024) + b"}"),
        "500": client.get("/broken"),
        "feed": client.get("/instrumenter.atom"),
    }
    assert responses["500"].status_code == 500 and responses["413"].status_code == 413
    for what, r in responses.items():
        _assert_hardened(r, what)


def test_pages_have_no_inline_script_style_or_handlers(app: FastAPI) -> None:
    client = TestClient(app)
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, path
        _assert_hardened(r, path)
        html = r.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html, path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "javascript:" not in html, path


def test_the_api_docs_start_swagger_from_a_static_script(app: FastAPI) -> None:
    client = TestClient(app)
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    _assert_hardened(r, "docs")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text)
    assert client.get("/static/swagger-init.js").status_code == 200


def test_a_report_allows_exactly_its_own_style_and_nothing_else(app: FastAPI) -> None:
    r = TestClient(app).get("/rapportar/KD.html")
    assert r.status_code == 200
    _assert_hardened(r, "report")
    styles = re.findall(r"<style>(.*?)</style>", r.text, re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert _policy(r.headers)["style-src"] == f"style-src 'self' 'sha256-{digest}'"
    assert "<script" not in r.text and not re.search(r"\sstyle=", r.text)
