"""An editor in headless Chromium: log in, open the edit form, get field messages in place (htmx), look at
the history; axe-core on each. Nothing is saved (the live server's database is shared)."""

from __future__ import annotations

import pytest
from browser_accounts import editor_account, log_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "browser.editor@example.no", "a browser test password"
SLUG = "in-miljoteknologi"


@pytest.fixture(scope="module")
def account(seeded_sqlite_url: str) -> str:
    return editor_account(seeded_sqlite_url, EMAIL, PASSWORD, "IN")


def test_log_in_edit_with_field_messages_and_history(page, live_server, check_axe, account):
    page.goto(f"{live_server}/instrumenter/{SLUG}/rediger")
    expect(page).to_have_url(f"{live_server}/logg-inn?next=/instrumenter/{SLUG}/rediger")
    check_axe(page)
    log_in(page, account, PASSWORD, f"{live_server}/instrumenter/{SLUG}/rediger")
    check_axe(page)
    page.fill("#in-stip_code", "nope")
    page.fill("#in-aid_intensity_min_pct", "90")
    page.fill("#in-aid_intensity_max_pct", "10")
    page.locator("#edit-form button[type=submit]").click()
    expect(page.locator("#err-stip_code")).to_be_visible()
    expect(page.locator("#in-stip_code")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(f"{live_server}/instrumenter/{SLUG}/rediger")  # swapped in place
    check_axe(page)
    page.goto(f"{live_server}/instrumenter/{SLUG}/historikk")
    check_axe(page)
