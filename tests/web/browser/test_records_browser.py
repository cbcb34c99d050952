"""Agency reviews and listening-post cases in headless Chromium (issue 18): an Enova editor records a review
item that the KLD report then shows per gap; a Vestland county editor records a case that the gap analysis
counts. axe-core on every page. The app runs over its own copy of the seeded database (``live_server`` is
overridden here), so the records never reach the shared one."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browser_accounts import editor_account, log_in
from playwright.sync_api import expect
from seeded_copy import sqlite_copy

from web.analysis import catalogue_analysis
from web.app import create_app

pytestmark = pytest.mark.browser
PASSWORD = "a browser test password"
SLOW_MS = 60_000  # pages that run the analysis (reports, gaps) on a machine shared with other work
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def records_db(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_copy(seeded_sqlite_url, tmp_path_factory.mktemp("records-browser"))
    editor_account(url, "browser.enova@example.no", PASSWORD, "ENOVA")
    editor_account(url, "browser.vestland@example.no", PASSWORD, "FK-46")
    return url


@pytest.fixture(scope="module")
def live_server(records_db: str) -> Iterator[str]:
    from conftest import _free_port  # type: ignore[attr-defined]  # the browser tests' conftest

    port = _free_port()
    app = create_app(records_db)
    catalogue_analysis(app.state.catalogue)  # warm: the report and gap pages then answer in time under load
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _shot(target, name: str) -> None:  # type: ignore[no-untyped-def]
    """With ``VK_SCREENSHOTS=1``: a screenshot of a page (full page) or an element for
    docs/reviews-and-cases.md. A full-page shot is taken only after the last click on a page (one taken
    before a click made headless Chromium miss the click)."""
    if os.environ.get("VK_SCREENSHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    if hasattr(target, "goto"):
        target.screenshot(path=str(SHOTS / name), full_page=True)
    else:
        target.screenshot(path=str(SHOTS / name))


def test_an_agency_review_item_reaches_the_departments_report(page, live_server, check_axe):
    page.goto(f"{live_server}/gjennomgangar/ny")
    log_in(page, "browser.enova@example.no", PASSWORD, f"{live_server}/gjennomgangar/ny")
    expect(page.locator("h1")).to_have_text("Nytt gjennomgangspunkt")
    check_axe(page)

    page.select_option("#in-instrument", "enova-fjernvarme")
    page.select_option("#in-relevance_I", "high")
    page.select_option("#in-relevance_II", "medium")
    page.check("#in-barriers-B2")
    page.check("#in-adjustments-open_to_consortia")
    page.check("#in-adjustments-fund_shared_infrastructure")
    page.select_option("#in-status", "rejected")
    page.fill("#in-decided_on", "2026-11-20")
    page.locator("#review-form button[type=submit]").click()
    expect(page.locator("#err-reason")).to_have_text("eit avslått punkt må ha ein grunn")
    check_axe(page)  # the form with its message, swapped in place
    _shot(page.locator("#review-form"), "review-form-error.png")

    page.select_option("#in-status", "agreed")
    page.locator("#review-form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/gjennomgangar?agency=ENOVA", timeout=SLOW_MS)
    expect(page.locator("#reviews tbody tr")).to_have_count(1)
    expect(page.locator("#reviews")).to_contain_text("Avtalt")
    check_axe(page)
    _shot(page, "reviews-list.png")

    page.goto(f"{live_server}/rapportar/KLD.html", timeout=SLOW_MS)
    expect(page.locator("#reviews")).to_contain_text("Fjernvarme")
    expect(page.locator("#gaps")).to_contain_text("Gjennomgang: Avtalt (1 avtalt).")
    check_axe(page)
    _shot(page.locator("#reviews"), "report-kld-reviews.png")


def test_a_listening_post_case_is_counted_in_the_gap_analysis(page, live_server, check_axe):
    page.goto(f"{live_server}/lyttepost/ny")
    log_in(page, "browser.vestland@example.no", PASSWORD, f"{live_server}/lyttepost/ny")
    expect(page.locator("#privacy-warning")).to_contain_text("Skriv ingen personnamn")
    expect(page.locator("#in-county option")).to_have_count(1)  # a county editor records in their county
    check_axe(page)

    page.fill("#in-met_on", "2026-10-02")
    page.check("#in-value_chains-hydrogen")
    page.select_option("#in-stage", "pilot")
    page.check("#in-barriers-B2")
    page.select_option("#in-attempt_0_outcome", "between_schemes")
    page.select_option("#in-attempt_1_instrument", "enova-fjernvarme")
    page.select_option("#in-attempt_1_outcome", "rejected")
    page.fill("#in-attempt_1_reason", "berre éin søkjar kan få støtte")
    page.fill("#in-text", "Tre bedrifter ville byggje felles varmeleidning; ring 912 34 567.")
    page.locator("#case-form button[type=submit]").click()
    expect(page.locator("#err-text")).to_contain_text("inneheld eit telefonnummer")
    check_axe(page)
    _shot(page.locator("#field-text"), "case-form-error.png")

    page.fill("#in-text", "Tre bedrifter ville byggje felles varmeleidning; ingen ordning tok konsortiet.")
    page.locator("#case-form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/lyttepost?county=46#case-1", timeout=SLOW_MS)
    expect(page.locator("#case-tallies")).to_contain_text("1 sak i 2026 fall mellom ordningane i fasen pilot")
    check_axe(page)
    _shot(page, "listening-post.png")

    page.goto(f"{live_server}/gap/barrier-weak:B2?county=46&start=2026-01-01&end=2026-12-31", timeout=SLOW_MS)
    expect(page.locator("#gap-case-count")).to_have_text("1 sak gjeld dette gapet.")
    check_axe(page)
    _shot(page.locator("#gap-cases"), "gap-cases.png")
    page.goto(f"{live_server}/gap/barrier-weak:B2?county=11", timeout=SLOW_MS)
    expect(page.locator("#gap-case-count")).to_have_text("0 saker gjeld dette gapet.")
