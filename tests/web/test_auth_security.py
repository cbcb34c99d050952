"""Nobody outside may change anything; stored text comes out escaped; hostile queries are harmless."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from editing_helpers import PASSWORD, USERS, api_log_in, csrf_of, edit_form, log_in, writable_app
from fastapi import FastAPI
from fastapi.testclient import TestClient

from catalogue.db import transaction
from catalogue.instruments import repository

SLUG = "in-miljoteknologi"
TEXT_FIELDS = (
    "name_nb",
    "name_nn",
    "name_en",
    "consortium_condition",
    "summary_en",
    "summary_nn",
    "facts_note",
)


def payload(field: str) -> str:
    return f"<script>alert('{field}')</script><img src=x onerror=alert(1)>\"'"


@pytest.fixture(scope="module")
def wapp(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return writable_app(seeded_sqlite_url, tmp_path_factory.mktemp("security"))


@pytest.fixture
def anon(wapp: FastAPI) -> Iterator[TestClient]:
    with TestClient(wapp) as c:
        yield c


def _client(app: FastAPI, who: str, **kw: object) -> TestClient:
    c = TestClient(app, **kw)  # type: ignore[arg-type]
    log_in(c, who)
    return c


def _assert_escaped(text: str) -> None:
    assert "<script>alert(" not in text
    assert "<img src=x onerror" not in text


def test_stored_xss_in_every_text_field_comes_out_escaped(wapp: FastAPI) -> None:
    admin = _client(wapp, "admin")
    data = edit_form(admin, SLUG)
    data.update({f: payload(f) for f in TEXT_FIELDS})
    data["source_url"] = "https://example.org/" + payload("source_url")
    data["other_sources"] = "https://example.org/" + payload("other_sources")
    r = admin.post(f"/instrumenter/{SLUG}/rediger", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    pages = [f"/instrumenter/{SLUG}?lang={lang}" for lang in ("nn", "nb", "en")] + [
        f"/instrumenter/{SLUG}/historikk",
        f"/instrumenter/{SLUG}/rediger",
        "/instrumenter?q=script",
        "/instrumenter?q=alert&lang=en",
        "/instrumenter.atom",
    ]
    for path in pages:
        r = admin.get(path)
        assert r.status_code == 200, path
        _assert_escaped(r.text)
    detail = admin.get(f"/instrumenter/{SLUG}?lang=en").text
    for f in ("name_en", "summary_en", "consortium_condition", "facts_note", "source_url", "other_sources"):
        assert f"&lt;script&gt;alert(&#39;{f}&#39;)&lt;/script&gt;" in detail, f
    history = admin.get(f"/instrumenter/{SLUG}/historikk").text
    assert all(f"alert(&#39;{f}&#39;)" in history for f in TEXT_FIELDS)
    # the same text in a conflict page
    stale = data | {"version": "1", "name_en": payload("conflict")}
    r = admin.post(f"/instrumenter/{SLUG}/rediger", data=stale)
    assert r.status_code == 409
    _assert_escaped(r.text)


def test_javascript_urls_are_refused(wapp: FastAPI) -> None:
    admin = _client(wapp, "admin")
    data = edit_form(admin, SLUG) | {"source_url": "javascript:alert(1)"}
    r = admin.post(f"/instrumenter/{SLUG}/rediger", data=data)
    assert r.status_code == 422
    assert "javascript:alert" not in admin.get(f"/instrumenter/{SLUG}").text


INJECTIONS = (
    "' OR '1'='1",
    "'; DROP TABLE instrument; --",
    "1 UNION SELECT password_hash FROM app_user --",
    '" OR 1=1 --',
    "%' OR 1=1 --",
    "1; DELETE FROM instrument",
    "in-miljoteknologi' --",
)


@pytest.mark.parametrize("text", INJECTIONS)
def test_sql_injection_in_search_and_filters_is_harmless(wapp: FastAPI, anon: TestClient, text: str) -> None:
    params_list = [
        {"q": text},
        {"agency": text},
        {"type": text},
        {"county": text},
        {"min_amount": text},
        {"sort": text},
        {"page": text},
        {"q": text, "agency": "IN"},
    ]
    for params in params_list:
        for path in ("/instrumenter", "/api/v1/instruments", "/instrumenter.csv", "/instrumenter.json"):
            r = anon.get(path, params=params)
            assert r.status_code < 500, (path, params, r.status_code)
            assert "$argon2" not in r.text  # no hash ever leaks
    for path in (
        f"/instrumenter/{text}",
        f"/instrumenter/{text}/historikk",
        f"/api/v1/instruments/{text}",
        f"/api/v1/instruments/{text}/history",
    ):
        assert anon.get(path).status_code < 500, path
    r = anon.post("/api/v1/login", json={"email": text, "password": text})
    assert r.status_code in (401, 429)
    with transaction(wapp.state.engine) as session:
        assert len(repository.list_instruments(session)) >= 60
        assert repository.instrument_by_slug(session, SLUG) is not None


def test_writes_without_login_get_401(anon: TestClient) -> None:
    token = csrf_of(anon.get("/logg-inn").text)
    assert (
        anon.post(f"/instrumenter/{SLUG}/rediger", data={"csrf_token": token, "version": "1"}).status_code
        == 401
    )
    assert anon.post("/nytt-instrument", data={"csrf_token": token, "slug": "x"}).status_code == 401
    assert (
        anon.post(f"/instrumenter/{SLUG}/historikk/1/tilbakestill", data={"csrf_token": token}).status_code
        == 401
    )
    record = anon.get(f"/api/v1/instruments/{SLUG}/record").json()
    assert anon.put(f"/api/v1/instruments/{SLUG}", json=record).status_code == 401
    assert anon.post("/api/v1/instruments", json=record["instrument"]).status_code == 401
    assert anon.delete(f"/api/v1/instruments/{SLUG}", params={"version": 1}).status_code == 401
    assert anon.post("/api/v1/history/1/revert").status_code == 401
    r = anon.get(f"/instrumenter/{SLUG}/rediger", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/logg-inn?next=")


def test_editors_outside_the_agency_get_403(wapp: FastAPI) -> None:
    siva = _client(wapp, "siva")
    assert siva.get(f"/instrumenter/{SLUG}/rediger").status_code == 403
    token = csrf_of(siva.get("/nytt-instrument").text)
    assert (
        siva.post(f"/instrumenter/{SLUG}/rediger", data={"csrf_token": token, "version": "1"}).status_code
        == 403
    )
    csrf = api_log_in(siva, "siva")
    record = siva.get(f"/api/v1/instruments/{SLUG}/record").json()
    headers = {"X-CSRF-Token": csrf}
    assert siva.put(f"/api/v1/instruments/{SLUG}", json=record, headers=headers).status_code == 403
    new = record["instrument"] | {"slug": "in-not-yours"}
    assert siva.post("/api/v1/instruments", json=new, headers=headers).status_code == 403
    assert (
        siva.delete(
            f"/api/v1/instruments/{SLUG}", params={"version": record["version"]}, headers=headers
        ).status_code
        == 403
    )
    # and an editor may not move their own instrument to another agency
    own = _client(wapp, "in")
    data = edit_form(own, SLUG) | {"agency": "SIVA"}
    assert own.post(f"/instrumenter/{SLUG}/rediger", data=data).status_code == 403


def test_missing_or_foreign_csrf_token_gets_403(wapp: FastAPI) -> None:
    editor = _client(wapp, "in")
    data = edit_form(editor, SLUG) | {"name_en": "CSRF attempt"}
    without = {k: v for k, v in data.items() if k != "csrf_token"}
    assert editor.post(f"/instrumenter/{SLUG}/rediger", data=without).status_code == 403
    other = _client(wapp, "admin")
    foreign = data | {"csrf_token": csrf_of(other.get("/nytt-instrument").text)}
    assert editor.post(f"/instrumenter/{SLUG}/rediger", data=foreign).status_code == 403
    assert editor.post("/logg-ut", data={}).status_code == 403
    record = editor.get(f"/api/v1/instruments/{SLUG}/record").json()
    assert editor.put(f"/api/v1/instruments/{SLUG}", json=record).status_code == 403
    assert "CSRF attempt" not in editor.get(f"/instrumenter/{SLUG}").text
    anon = TestClient(wapp)
    assert anon.post("/logg-inn", data={"email": USERS["in"][0], "password": "x"}).status_code == 403


def test_login_attempts_are_rate_limited(wapp: FastAPI) -> None:
    c = TestClient(wapp)
    token = csrf_of(c.get("/logg-inn").text)
    email = USERS["limited"][0]
    for _ in range(5):
        r = c.post("/logg-inn", data={"email": email, "password": "wrong", "csrf_token": token})
        assert r.status_code == 401
    r = c.post("/logg-inn", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and "vk_session" not in r.cookies
    assert c.post("/api/v1/login", json={"email": email, "password": PASSWORD}).status_code == 429
    # another account from the same address is not locked out
    assert c.post("/api/v1/login", json={"email": USERS["admin"][0], "password": PASSWORD}).status_code == 200


def test_session_cookie_flags_and_logout(wapp: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    c = TestClient(wapp)
    token = csrf_of(c.get("/logg-inn").text)
    r = c.post(
        "/logg-inn",
        data={"email": USERS["in"][0], "password": "correct horse battery staple", "csrf_token": token},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"]
    assert "vk_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    stolen = c.cookies.get("vk_session")
    page = c.get("/nytt-instrument")
    assert page.status_code == 200
    out = c.post("/logg-ut", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    replay = TestClient(wapp, cookies={"vk_session": stolen})  # type: ignore[dict-item]
    assert replay.get("/api/v1/me").status_code == 401  # the session ended on the server
    https = TestClient(wapp, base_url="https://testserver")
    log_in(https, "in")
    assert (
        "Secure"
        in https.post(
            "/api/v1/login", json={"email": USERS["in"][0], "password": "correct horse battery staple"}
        ).headers["set-cookie"]
    )
    monkeypatch.setenv("VK_SECURE_COOKIES", "1")
    assert "Secure" in TestClient(wapp).get("/logg-inn").headers["set-cookie"]


def test_forged_session_cookie_is_ignored(anon: TestClient) -> None:
    anon.cookies.set("vk_session", "bm90LXNpZ25lZA.forged.signature")
    assert anon.get("/api/v1/me").status_code == 401


def test_login_never_redirects_off_site(wapp: FastAPI) -> None:
    c = TestClient(wapp)
    token = csrf_of(c.get("/logg-inn").text)
    r = c.post(
        "/logg-inn",
        data={
            "email": USERS["admin"][0],
            "password": "correct horse battery staple",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/instrumenter"


def test_create_user_command_then_log_in(
    seeded_sqlite_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from seeded_copy import sqlite_copy

    from catalogue.accounts import service as accounts
    from web.app import create_app
    from web.cli import main

    accounts.use_fast_hashing_for_tests()
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VK_NEW_PASSWORD", "from the environment 1")
    assert main(["create-user", "New.Editor@Example.no", "--role", "editor", "--agency", "ENOVA"]) == 0
    assert "created editor new.editor@example.no (ENOVA)" in capsys.readouterr().out
    assert main(["create-user", "x@example.no", "--role", "editor", "--password", "short"]) == 2
    err = capsys.readouterr().err
    assert "field 'password': must be at least 12 characters" in err and "an editor needs an agency" in err
    assert main(["create-user", "new.editor@example.no", "--role", "admin"]) == 2  # exists already
    c = TestClient(create_app(url))
    r = c.post("/api/v1/login", json={"email": "new.editor@example.no", "password": "from the environment 1"})
    assert r.status_code == 200 and r.json()["agency"] == "ENOVA" and r.json()["role"] == "editor"


def test_failed_api_logins_count_as_well(seeded_sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 401 of the JSON login is answered, not raised, so the request's transaction keeps the failure."""
    c = TestClient(writable_app(seeded_sqlite_url, tmp_path))
    email = USERS["siva"][0]
    for _ in range(5):
        assert c.post("/api/v1/login", json={"email": email, "password": "wrong"}).status_code == 401
    assert c.post("/api/v1/login", json={"email": email, "password": PASSWORD}).status_code == 429
