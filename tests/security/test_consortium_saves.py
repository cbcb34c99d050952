"""Saving consortia from the funding-path form (/finansieringsveg) is safe when many people save at once,
cannot touch the curated consortia of the seed document, never loses an update silently, and leaves an
audit trail. Runs on SQLite and PostgreSQL (``seeded_url``)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from analyser.gaps.analysis import evidence_consortia
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository
from web.app import create_app

from .consortium_fixtures import PATH, add_users, live_server, log_in, opened_form, profile, visitor

SAVERS = 16
NAME = "Samtidig symbiose"


def _rows(url: str) -> dict[str, tuple[str, str | None, list[str]]]:
    """slug → (name, source, member names) as stored."""
    with transaction(engine_for(url)) as session:
        return {
            c.slug: (c.name, c.source, [m.name for m in c.members])
            for c in repository.list_consortia(session)
        }


def test_sixteen_visitors_saving_the_same_name_at_once_get_sixteen_consortia(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 16 visitors on one address (loopback): lift the anonymous save quota (tests/security/test_web_limits.py)
    monkeypatch.setenv("VK_ANON_SAVES_PER_MINUTE", "1000")
    results: list[tuple[int, str]] = [(0, "")] * SAVERS
    with live_server(seeded_url) as base:
        visitors = [visitor(base) for _ in range(SAVERS)]
        start = threading.Barrier(SAVERS)

        def save(n: int) -> None:
            client, token = visitors[n]
            data = {**profile(NAME, f"Visitor {n}"), "save": "new", "csrf_token": token}
            start.wait()
            r = client.post(PATH, data=data, follow_redirects=False)
            results[n] = (r.status_code, r.headers.get("location", ""))

        threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pages = [visitors[n][0].get(results[n][1]) for n in range(SAVERS) if results[n][0] == 303]
        for client, _ in visitors:
            client.close()

    assert [code for code, _ in results if code >= 500] == []
    assert [code for code, _ in results] == [303] * SAVERS
    slugs = [location.removeprefix(f"{PATH}/").removesuffix("?lagra=1") for _, location in results]
    assert len(set(slugs)) == SAVERS
    stored = _rows(seeded_url)
    ours = {slug: row for slug, row in stored.items() if row[0] == NAME}
    assert sorted(ours) == sorted(slugs)
    for n, slug in enumerate(slugs):  # each visitor finds exactly the members they typed
        assert ours[slug][2] == [f"Visitor {n} AS", f"Visitor {n} Partner AS"], slug
        assert ours[slug][1] == "web form"
    for n, page in enumerate(pages):
        assert page.status_code == 200 and f"Visitor {n} AS" in page.text


def _post(client: TestClient, data: dict[str, Any], lang: str = "nn", **headers: str) -> Any:
    return client.post(f"{PATH}?lang={lang}", data=data, headers=headers, follow_redirects=False)


def test_an_agency_editor_cannot_overwrite_a_seeded_consortium(seeded_url: str) -> None:
    add_users(seeded_url)
    app = create_app(seeded_url)
    before = _rows(seeded_url)["fjord-base"]
    with TestClient(app) as c:
        log_in(c, "in")
        form = opened_form(c, "fjord-base")
        assert 'id="save-update"' not in c.get(f"{PATH}/fjord-base").text  # not offered
        data = {**form, "name": "Fjord Base (overwritten)", "save": "update"}
        r = _post(c, data)
        assert r.status_code == 403
        assert "Berre ein administrator kan endre eit konsortium frå grunnlagsdokumentet" in r.text
        assert "Only an administrator may change" in _post(c, data, "en").text
        hx = _post(c, data, **{"HX-Request": "true"})  # htmx: an alert in the page, not a swapped-out error
        assert hx.status_code == 200 and 'role="alert"' in hx.text and "<html" not in hx.text
        assert hx.headers["HX-Reswap"] and hx.headers["HX-Retarget"]
    after = _rows(seeded_url)["fjord-base"]
    assert after == before and after[1] == "seed document"
    fjord = next(x for x in app.state.catalogue.snapshot.consortia if x.slug == "fjord-base")
    assert fjord in evidence_consortia(app.state.catalogue.snapshot)


def test_an_admin_may_correct_a_seeded_consortium_and_it_stays_evidence(seeded_url: str) -> None:
    add_users(seeded_url)
    app = create_app(seeded_url)
    with TestClient(app) as c:
        log_in(c, "admin")
        assert 'id="save-update"' in c.get(f"{PATH}/fjord-base").text
        shown = c.get(f"{PATH}/fjord-base?lang=en").text  # its status is shown, in words
        assert "A curated consortium: it counts as evidence in the gap analysis" in shown
        data = {**opened_form(c, "fjord-base"), "name": "Fjord Base (corrected)", "save": "update"}
        r = _post(c, data)
        assert r.status_code == 303 and r.headers["location"] == f"{PATH}/fjord-base?lagra=1"
    name, source, _members = _rows(seeded_url)["fjord-base"]
    assert name == "Fjord Base (corrected)" and source == "seed document"
    evidence = {x.slug for x in evidence_consortia(app.state.catalogue.snapshot)}
    assert "fjord-base" in evidence


def _saved(client: TestClient, name: str) -> str:
    token = opened_form(client, "fjord-base")["csrf_token"]
    r = _post(client, {**profile(name, name), "save": "new", "csrf_token": token})
    assert r.status_code == 303
    return str(r.headers["location"]).removeprefix(f"{PATH}/").removesuffix("?lagra=1")


def test_two_editors_saving_the_same_version_one_is_told_of_the_conflict(seeded_url: str) -> None:
    add_users(seeded_url)
    app = create_app(seeded_url)
    with TestClient(app) as anon, TestClient(app) as one, TestClient(app) as two:
        slug = _saved(anon, "Delt symbiose")
        log_in(one, "in")
        log_in(two, "siva")
        first, second = opened_form(one, slug), opened_form(two, slug)
        assert first["version"] == second["version"]
        assert _post(one, {**first, "name": "Delt symbiose (ein)", "save": "update"}).status_code == 303
        r = _post(two, {**second, "name": "Delt symbiose (to)", "save": "update"}, "en")
        assert r.status_code == 409
        assert 'id="error-summary"' in r.text and "Someone else saved this consortium" in r.text
        assert 'value="Delt symbiose (to)"' in r.text  # what the second editor typed stays in the form
        # and the same for two administrators on a seeded consortium
        log_in(one, "admin")
        log_in(two, "admin2")
        first, second = opened_form(one, "fjord-base"), opened_form(two, "fjord-base")
        assert _post(one, {**first, "name": "Fjord Base A", "save": "update"}).status_code == 303
        assert _post(two, {**second, "name": "Fjord Base B", "save": "update"}).status_code == 409
    stored = _rows(seeded_url)
    assert stored[slug][0] == "Delt symbiose (ein)" and stored["fjord-base"][0] == "Fjord Base A"


def test_every_change_of_a_consortium_is_in_its_history(seeded_url: str) -> None:
    add_users(seeded_url)
    app = create_app(seeded_url)
    with TestClient(app) as anon, TestClient(app) as editor:
        slug = _saved(anon, "Spora symbiose")
        assert "it does not count in the gap analysis" in anon.get(f"{PATH}/{slug}?lang=en").text
        log_in(editor, "in")
        form = opened_form(editor, slug)
        assert _post(editor, {**form, "name": "Spora symbiose (endra)", "save": "update"}).status_code == 303
        admin = TestClient(app)
        log_in(admin, "admin")
        base = opened_form(admin, "fjord-base")
        assert _post(admin, {**base, "name": "Fjord Base (retta)", "save": "update"}).status_code == 303
        history = editor.get(f"/api/v1/consortia/{slug}/history").json()
        assert [e["action"] for e in history] == ["update", "create"]
        assert history[0]["user"] == "in@example.no" and history[1]["user"] is None
        assert history[0]["changes"]["name"] == ["Spora symbiose", "Spora symbiose (endra)"]
        assert history[1]["changes"]["name"] == [None, "Spora symbiose"]
        assert history[0]["at"] >= history[1]["at"]
        seeded = editor.get("/api/v1/consortia/fjord-base/history").json()
        assert seeded[0]["user"] == "admin@example.no"
        assert seeded[0]["changes"]["name"] == ["Fjord Base", "Fjord Base (retta)"]
        assert "source" not in seeded[0]["changes"]
        assert anon.get(f"/api/v1/consortia/{slug}/history").json()[0]["user"] is None  # visitors: no e-mails
        assert anon.get("/api/v1/consortia/nope/history").status_code == 404
