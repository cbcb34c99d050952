"""The funded-project pages in Chromium: accessible (axe-core), no Content-Security-Policy violation, and the
list filters through htmx with the URL following. Served over Forskningsrådet's real extracts."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from award_helpers import SINTEF, award_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI || "inline"].join(" "));
});
"""
PAGES = (
    "/tildelingar",
    f"/organisasjonar/{SINTEF}",
    "/instrumenter/fr-energix",
    "/tildelingar/fr-eu/636146",
    "/symbiosar/sirkular-solor-hub",
)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's server: the app over the award database (overrides the session-wide one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = award_app(tmp_path_factory.mktemp("award-browser"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    # The first request builds the catalogue state and the search index: not part of what is tested here.
    urllib.request.urlopen(f"{base}/tildelingar", timeout=120).read()
    yield base
    server.should_exit = True
    thread.join(timeout=10)


def test_award_pages_are_accessible_and_keep_the_policy(page: Any, live_server: str, check_axe: Any) -> None:
    page.add_init_script(RECORD)
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        check_axe(page)
        assert page.evaluate("window.__csp") == [], path


def test_ticking_a_facet_filters_the_list_in_place(page: Any, live_server: str) -> None:
    page.add_init_script(RECORD)
    page.goto(f"{live_server}/tildelingar")
    page.locator("#facet-funder summary").click()
    page.locator("#f-funder-FR").check()
    expect(page).to_have_url(f"{live_server}/tildelingar?funder=FR")
    expect(page.locator(".result-count")).to_contain_text("171")
    page.locator("#facet-outcome summary").click()
    page.locator("#f-outcome-rejected").check()
    expect(page).to_have_url(f"{live_server}/tildelingar?funder=FR&outcome=rejected")
    chip = page.locator("ul.chips a").first
    expect(chip).to_be_visible()
    assert page.evaluate("window.__csp") == []
