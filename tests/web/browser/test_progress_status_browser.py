"""Recording a symbiosis status in headless Chromium: from the county page (logged in) to the form, a field
message swapped in place (htmx); axe-core on each. Nothing is saved (the live server's database is shared)."""

from __future__ import annotations

import pytest
from browser_accounts import editor_account, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "browser.status@example.no", "a browser test password"
FORM = "/progress/symbioses/fjord-base/status"


@pytest.fixture(scope="module")
def account(seeded_sqlite_url: str) -> str:
    return editor_account(seeded_sqlite_url, EMAIL, PASSWORD, "SIVA")


def test_status_form_from_the_county_page_with_field_messages(page, live_server, check_axe, account):
    page.goto(f"{live_server}{FORM}")
    expect(page).to_have_url(f"{live_server}/logg-inn?next={FORM}")
    log_in(page, account, PASSWORD, f"{live_server}{FORM}")

    page.goto(f"{live_server}/progress/46")
    check_axe(page)  # the county page with the links for editors
    page.get_by_role("link", name="Registrer ny status for Fjord Base", exact=True).click()
    expect(page).to_have_url(f"{live_server}{FORM}")
    expect(page.locator("h1")).to_have_text("Ny status for Fjord Base")
    check_axe(page)

    page.fill("#in-recorded_on", "")
    page.locator("#status-form button[type=submit]").click()
    expect(page.locator("#err-recorded_on")).to_have_text("Fyll ut dette feltet.")
    expect(page.locator("#in-recorded_on")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(f"{live_server}{FORM}")  # swapped in place
    check_axe(page)
