"""A visitor's saved consortium is not evidence for the gap analysis, so saving one keeps every cached
analysis, in this worker and in the others (which pick up the new consortium without reloading the
catalogue); a change to a curated consortium does renew the analysis."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy

from web.app import create_app

from .consortium_fixtures import PATH, add_users, log_in, opened_form, profile


def last_step(client: TestClient) -> str:
    """The last stage of the funding path the saved visitor's consortium page shows."""
    return str(re.findall(r'<li class="step" id="step-([a-z_]+)"', client.get(f"{PATH}/besok").text)[-1])


def analysis_cached(client: TestClient) -> int:
    """The generation of the worker's cache once its gap page is shown (a new one: analyses recomputed)."""
    assert client.get("/gap").status_code == 200
    app: FastAPI = client.app  # type: ignore[assignment]
    return int(app.state.catalogue.generation)


def test_a_visitor_save_keeps_cached_analyses_in_every_worker(seeded_sqlite_url: str, tmp_path: Path) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    add_users(url)
    one, two = create_app(url), create_app(url)  # two workers over one database
    with TestClient(one) as a, TestClient(two) as b:
        analysis_one, analysis_two = analysis_cached(a), analysis_cached(b)
        index_two = two.state.catalogue.index
        token = opened_form(a, "fjord-base")["csrf_token"]
        r = a.post(PATH, data={**profile("Besøk", "Besøk"), "save": "new", "csrf_token": token})
        assert r.status_code == 200 and "Besøk AS" in r.text  # followed to the saved page
        assert analysis_cached(a) == analysis_one
        two.state.catalogue.sync_interval = 0  # the other worker checks the database on its next request
        assert b.get(f"{PATH}/besok").status_code == 200
        assert two.state.catalogue.index is index_two  # no catalogue reload
        assert analysis_cached(b) == analysis_two
        # the kept caches still follow every change of the visitor's consortium
        log_in(b, "in")
        assert last_step(b) == "pilot"
        further = opened_form(b, "besok") | {"target_stage": "full_scale", "save": "update"}
        assert b.post(PATH, data=further, follow_redirects=False).status_code == 303
        assert last_step(b) == "full_scale"
        one.state.catalogue.sync_interval = 0  # (both workers now look at the database on every request)
        assert last_step(a) == "full_scale"
        assert analysis_cached(a) == analysis_one
        # an administrator's correction of a seeded consortium changes the evidence: analyses renew
        log_in(a, "admin")
        form = opened_form(a, "fjord-base")
        fewer = {k: v for k, v in form.items() if k != "needs"} | {"needs": ["pilot"], "save": "update"}
        assert a.post(PATH, data=fewer, follow_redirects=False).status_code == 303
        assert analysis_cached(a) != analysis_one
        assert b.get(f"{PATH}/fjord-base").status_code == 200
        assert analysis_cached(b) != analysis_two
        assert two.state.catalogue.index is index_two
