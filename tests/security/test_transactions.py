"""The request owns its transaction: one place commits (the session dependency; the CLI's unit of work),
write routes never block the event loop, and a refused write is answered in the form the request asked
for (JSON for the API, an alert htmx can swap in, the error page otherwise)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from seeded_copy import sqlite_copy

from web.app import create_app
from web.deps import get_session

from .consortium_fixtures import add_users, log_in

ROOT = Path(__file__).resolve().parents[2]
# The only places that end a transaction: the request's session dependency and catalogue.db.transaction
# (the CLI's unit of work, seeding and the tests' fixtures) - and one deliberate exception: a login attempt
# is committed before the password is checked, so concurrent attempts on every worker count it
# (docs/security.md, "Login"; tests/security/test_login_limits.py).
MAY_COMMIT = {"web/deps.py", "catalogue/db.py", "catalogue/accounts/service.py"}
SLUG = "in-miljoteknologi"  # an Innovasjon Norge instrument


def test_only_the_session_dependency_and_the_unit_of_work_commit() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("web", "catalogue")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in MAY_COMMIT
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(commit|rollback)\(", line)
    ]
    assert found == []


def test_no_route_that_writes_or_reads_a_form_runs_on_the_event_loop(seeded_sqlite_url: str) -> None:
    routes = list(_api_routes(create_app(seeded_sqlite_url).routes))
    writes = [r for r in routes if any(d.call is get_session for d in _dependencies(r.dependant))]
    assert {"/instrumenter/{slug}/rediger", "/finansieringsveg", "/api/v1/instruments/{slug}"} <= {
        r.path for r in writes
    }
    blocking = [
        f"{sorted(r.methods)} {r.path}"
        for r in routes
        if inspect.iscoroutinefunction(r.endpoint)
        and (r in writes or "request.form()" in inspect.getsource(r.endpoint))
    ]
    assert blocking == []


def _api_routes(routes):  # type: ignore[no-untyped-def]
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router (FastAPI includes them lazily)
            yield from _api_routes(route.original_router.routes)


def _dependencies(dependant):  # type: ignore[no-untyped-def]
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def test_a_refused_write_is_answered_as_the_request_asked(seeded_sqlite_url: str, tmp_path: Path) -> None:
    url = sqlite_copy(seeded_sqlite_url, tmp_path)
    add_users(url)
    with TestClient(create_app(url)) as siva:
        log_in(siva, "siva")  # an editor of another agency than the instrument's
        page = siva.get("/instrumenter/in-miljoteknologi")
        token = re.search(r'name="csrf_token" value="([^"]+)"', siva.get("/finansieringsveg").text)
        assert page.status_code == 200 and token
        form = {"csrf_token": token.group(1), "version": "1", "name_nb": "Overtatt"}
        plain = siva.post(f"/instrumenter/{SLUG}/rediger?lang=en", data=form)
        assert plain.status_code == 403 and "<html" in plain.text
        hx = siva.post(f"/instrumenter/{SLUG}/rediger?lang=en", data=form, headers={"HX-Request": "true"})
        assert hx.status_code == 200 and "<html" not in hx.text  # htmx swaps 2xx only
        assert hx.headers["HX-Retarget"] == "#main" and hx.headers["HX-Reswap"] == "afterbegin"
        assert 'role="alert"' in hx.text and "your own agency" in hx.text
        missing = siva.get("/api/v1/consortia/nope/history")
        assert missing.status_code == 404 and missing.json() == {"detail": "consortium not found"}
