"""The main pages work under the strict Content-Security-Policy: the browser reports no violation (no
inline script or style refused, nothing loaded from elsewhere), also after htmx swaps and on the API docs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI || "inline", e.sourceFile, e.lineNumber].join(" "));
});
"""
PAGES = (
    "/",
    "/instrumenter",
    "/instrumenter/in-miljoteknologi",
    "/dekning",
    "/gap",
    "/finansieringsveg/fjord-base",
    "/finansieringsveg/fjord-base/utskrift",
    "/rapportar",
    "/rapportar/KD.html",
    "/progress",
    "/progress/46",
    "/logg-inn",
    "/api/v1/docs",
)


def _watch(page: Any) -> list[str]:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD)
    return console


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__csp || []"))


def test_no_policy_violation_on_the_main_pages(page: Any, live_server: str) -> None:
    console = _watch(page)
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.readyState") == "complete"
        assert _violations(page) == [], path
    expect(page.locator("#swagger-ui .info")).to_be_visible()  # the docs page really started
    assert console == []


def test_no_policy_violation_after_htmx_swaps(page: Any, live_server: str) -> None:
    console = _watch(page)
    page.goto(f"{live_server}/instrumenter")
    page.fill("#q", "hydrogen")
    expect(page).to_have_url(f"{live_server}/instrumenter?q=hydrogen")  # swapped in by htmx
    page.goto(f"{live_server}/finansieringsveg/fjord-base")
    page.locator("#path-form select").first.select_option(index=1)
    page.wait_for_load_state("networkidle")
    assert _violations(page) == [] and console == []


def test_the_api_docs_try_out_a_call_without_violation(page: Any, live_server: str) -> None:
    console = _watch(page)
    page.goto(f"{live_server}/api/v1/docs")
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(page.locator(".live-responses-table td.response-col_status").nth(1)).to_have_text(
        "200", timeout=30_000
    )
    assert _violations(page) == [] and console == []
