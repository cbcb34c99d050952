"""JSON API of funding paths: POST /api/v1/paths and GET /api/v1/consortia/{slug}/path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from web.paths import api as api_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def api(app, client):
    """The client, with the paths router mounted if web/app.py does not include it yet."""
    mounted = any(
        getattr(r, "path", None) == "/api/v1/paths" or getattr(r, "original_router", None) is api_paths.router
        for r in app.routes
    )
    if not mounted:
        app.include_router(api_paths.router)
    return client


def example() -> dict:
    data = yaml.safe_load((EXAMPLES / "solor-hub.yaml").read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))  # dates as ISO text, as a JSON client sends them


def test_path_of_a_seeded_consortium(api):
    r = api.get("/api/v1/consortia/fjord-base/path", params={"lang": "en", "today": "2026-01-15"})
    assert r.status_code == 200
    body = r.json()
    assert body["consortium"] == "fjord-base" and body["lang"] == "en" and body["today"] == "2026-01-15"
    stages = [s["stage"] for s in body["steps"]]
    assert stages == ["feasibility", "rnd", "pilot", "demonstration", "full_scale"]
    full = next(s for s in body["steps"] if s["stage"] == "full_scale")
    assert any(c["agency"] == "ENOVA" and c["level"] == "consortium" for c in full["candidates"])
    assert {"slug", "agency", "fit", "level", "member", "why"} <= set(full["candidates"][0])
    assert {"slug", "reason", "reason_text"} <= set(full["excluded"][0])
    assert [t["need"] for t in body["tracks"]] == ["facilitation", "competence"]


def test_path_of_a_posted_profile(api):
    r = api.post("/api/v1/paths", json=example(), params={"lang": "en", "today": "2026-01-15"})
    assert r.status_code == 200
    body = r.json()
    assert "shared_infrastructure" in [u["need"] for u in body["unfunded"]]
    exceeded = [w for w in body["warnings"] if w["code"] == "exceeds_ceiling"]
    assert exceeded and exceeded[0]["member"] == "Eksempel Plate AS"
    rnd = next(s for s in body["steps"] if s["stage"] == "rnd")
    assert {c["member"]: c["max_pct"] for c in rnd["ceilings"]}["Eksempel Hub AS"] == 80


def test_language_follows_the_query(api):
    nn = api.get("/api/v1/consortia/sirkular-solor-hub/path").json()
    assert nn["lang"] == "nn" and "søk" in nn["warnings"][-1]["text"]


def test_bad_profile_is_422_with_named_fields(api):
    body = example()
    body["county"] = "99"
    body["members"][1]["org_number"] = "934567812"
    body["current_stage"], body["target_stage"] = "pilot", "rnd"
    r = api.post("/api/v1/paths", json=body)
    assert r.status_code == 422
    problems = {p["field"]: p for p in r.json()["detail"]}
    assert set(problems) == {"county", "members.1.org_number", "target_stage"}
    assert problems["county"]["file"] == "request body"
    assert problems["county"]["record"] == "consortium 'solor-hub-example'"
    assert "unknown county '99'" in problems["county"]["message"]


def test_not_a_profile_is_422(api):
    r = api.post("/api/v1/paths", json=["not", "a", "profile"])
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "(profile)"
    assert (
        api.post("/api/v1/paths", content=b"{oops", headers={"content-type": "application/json"}).status_code
        == 422
    )


def test_unknown_consortium_is_404(api):
    r = api.get("/api/v1/consortia/nowhere/path")
    assert r.status_code == 404 and r.json()["detail"] == "consortium not found"


def test_documented_in_openapi(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/paths"] and "get" in paths["/api/v1/consortia/{slug}/path"]
