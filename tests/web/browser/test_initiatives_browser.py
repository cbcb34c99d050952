"""County initiatives in headless Chromium: a county editor submits an initiative through the form, the
working group merges two and proposes one, the briefing note carries the proposal; axe-core on each page.

Runs over a private copy of the seeded database (its own live server), so nothing it writes reaches the
shared one. ``VK_SCREENSHOTS=1`` also saves the pages to docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from browser_accounts import log_in
from conftest import _free_port, _new_page
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from initiative_helpers import (
    EXAMPLE,
    PASSWORD,
    USERS,
    example_initiative,
    example_milestone,
    initiatives_app,
)  # noqa: E402

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app, _ = initiatives_app(seeded_sqlite_url, tmp_path_factory.mktemp("initiatives-browser"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    yield from _new_page(browser, server)


def _shot(page: Any, name: str) -> None:
    if os.environ.get("VK_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in_as(page: Any, server: str, who: str, target: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/logg-inn?next={target}")
    log_in(page, USERS[who][0], PASSWORD, f"{server}{target}")


def _api_submit(page: Any, server: str, title: str) -> None:
    """A second initiative, through the API with the browser's own log-in and CSRF token."""
    csrf = page.request.post(
        f"{server}/api/v1/login", data={"email": USERS["vestland"][0], "password": PASSWORD}
    )
    token = csrf.json()["csrf_token"]
    r = page.request.post(
        f"{server}/api/v1/initiatives", data=example_initiative(title=title), headers={"X-CSRF-Token": token}
    )
    assert r.status == 201, r.text()
    milestone = example_milestone(due_on="2026-01-15")
    r = page.request.post(
        f"{server}/api/v1/counties/46/milestones", data=milestone, headers={"X-CSRF-Token": token}
    )
    assert r.status == 201, r.text()


def test_county_submits_and_working_group_merges_and_proposes(page, server, check_axe):
    _log_in_as(page, server, "vestland", "/satsingar/ny")
    check_axe(page)
    page.fill("#in-title", EXAMPLE + "Green ammonia at Mongstad")
    page.fill("#in-challenge", "Emission-free fuel for shipping.")
    page.fill("#in-market_potential", "European demand for green ammonia.")
    page.get_by_label("Hydrogen").check()
    page.fill("#in-partners", "Example Ammoniakk AS; 923609017")
    page.click("#initiative-form button[type=submit]")
    expect(page.locator("#err-partners")).to_contain_text("organisasjonsnummer")
    page.console_errors.clear()  # the browser logs the 422 of the refused form
    check_axe(page)
    _shot(page, "initiative-form")
    page.fill("#in-partners", "Example Ammoniakk AS; 923609016")
    page.click("#initiative-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(EXAMPLE + "Green ammonia at Mongstad")
    expect(page.locator("#status")).to_have_text("Sendt inn")
    check_axe(page)
    first = page.url

    _api_submit(page, server, "Ammonia bunkering in Bergen")
    _log_in_as(page, server, "group", "/satsingar")
    check_axe(page)
    page.goto(first)
    page.select_option("#in-into", label=f"{EXAMPLE}Ammonia bunkering in Bergen (Vestland)")
    page.get_by_role("button", name="Slå saman", exact=True).click()
    expect(page.locator("#merged-from")).to_contain_text("Green ammonia at Mongstad")
    page.fill("#in-text", "Sterk marknadssak; slå saman med Mongstad.")
    page.get_by_role("button", name="Legg til merknaden").click()
    page.get_by_role("button", name="Føreslå for statsråden").click()
    expect(page.locator("#status")).to_have_text("Føreslått for statsråden")
    check_axe(page)
    _shot(page, "initiative-proposed")
    page.goto(first)
    expect(page.locator("#merged-into")).to_contain_text("Ammonia bunkering in Bergen")

    page.goto(f"{server}/satsingar")
    check_axe(page)
    _shot(page, "initiatives")
    note = page.request.get(f"{server}/satsingar/notat.md").text()
    assert "Ammonia bunkering in Bergen" in note and "Green ammonia at Mongstad" not in note

    page.goto(f"{server}/progress/46?as_of=2026-03-01")
    expect(page.locator("#plan tr.overdue")).to_have_count(1)
    check_axe(page)
    if os.environ.get("VK_SCREENSHOTS") == "1":
        page.locator("#plan").screenshot(path=str(SHOTS / "county-plan.png"))
