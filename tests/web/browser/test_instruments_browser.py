"""A user in headless Chromium: search with a typo, filter by facet, open an instrument, download CSV,
switch language, use the keyboard alone; axe-core on every page type."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def first_result(page):  # noqa: ANN001, ANN201
    return page.locator("li.result h3 a").first


def test_typo_search_live_and_back_button(page, live_server):
    page.goto(f"{live_server}/instrumenter")
    everything = page.locator("p.result-count").inner_text()  # "<n> verkemiddel", the whole catalogue
    page.fill("#q", "skattefun")
    expect(first_result(page)).to_have_text(re.compile("SkatteFUNN"))
    expect(page).to_have_url(re.compile(r"q=skattefun"))  # the URL holds the search
    expect(page.locator("#search-status")).to_have_text("1 verkemiddel")
    page.go_back()
    expect(page).to_have_url(f"{live_server}/instrumenter")
    expect(page.locator("p.result-count")).to_have_text(everything)


def test_facet_filtering(page, live_server):
    page.goto(f"{live_server}/instrumenter")
    everything = page.locator("p.result-count").inner_text()
    total = int(everything.split()[0])
    page.locator("details.facet summary", has_text="Aktør").click()
    page.get_by_label(re.compile(r"^Enova \(\d+\)")).check()
    expect(page).to_have_url(f"{live_server}/instrumenter?agency=ENOVA")  # clean, shareable
    expect(page.locator("ul.chips")).to_contain_text("Aktør: Enova")
    n = int(page.locator("p.result-count").inner_text().split()[0])
    assert 0 < n < total
    assert page.locator("li.result .result-meta").first.inner_text().startswith("Enova")
    page.locator("ul.chips a").first.click()  # remove the filter again
    expect(page.locator("p.result-count")).to_have_text(everything)


def test_filters_work_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/instrumenter")
    page.locator("details.facet summary", has_text="Konsortium kan søkje").click()
    page.get_by_label(re.compile(r"^Ja \(\d+\)")).check()
    page.get_by_role("button", name="Bruk filtra").click()
    expect(page).to_have_url(re.compile(r"consortium=yes"))
    expect(page.locator("ul.chips")).to_contain_text("Konsortium kan søkje: Ja")


def test_open_an_instrument(page, live_server):
    page.goto(f"{live_server}/instrumenter?q=biogass")
    name = first_result(page).inner_text()
    first_result(page).click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("section.source a").first).to_have_attribute("href", re.compile("^https://"))
    expect(page.locator("section.source")).to_contain_text("Sist kontrollert")


def test_download_csv(page, live_server):
    page.goto(f"{live_server}/instrumenter?agency=SIVA")
    n = int(page.locator("p.result-count").inner_text().split()[0])
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned CSV").click()
    download = info.value
    assert download.suggested_filename == "instrumenter.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert len(rows) == n and all(r["agency"] == "SIVA" or "SIVA" in r["partner_agencies"] for r in rows)


def test_switch_language_keeps_the_search(page, live_server):
    page.goto(f"{live_server}/instrumenter")
    page.fill("#q", "hydrogen")
    expect(page).to_have_url(re.compile(r"q=hydrogen"))
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Instruments")
    expect(page.locator("#q")).to_have_value("hydrogen")
    page.get_by_role("link", name="Bokmål").click()
    expect(page.locator("h1")).to_have_text("Virkemidler")


def test_keyboard_only(page, live_server):
    page.goto(f"{live_server}/instrumenter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("hydrogen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=hydrogen"))
    page.wait_for_load_state("networkidle")
    # Tab on to the first facet, open it, tick its first value with the space bar
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Aktør")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    box_id = page.evaluate("document.activeElement.id")
    assert box_id.startswith("f-agency-")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"agency="))
    expect(page.locator("ul.chips")).to_be_visible()
    # focus survives the swap, so the next Tab continues from the same checkbox
    expect(page.locator(f"#{box_id}")).to_be_focused()
    expect(page.locator(f"#{box_id}")).to_be_checked()
    expect(page.locator("#facet-agency")).to_have_attribute("open", "")  # still open after the swap
    # a visible focus indicator
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/instrumenter",
        "/instrumenter?q=skattefun&consortium=yes&consortium=partial&sort=deadline",
        "/instrumenter?q=ingenting-matcher-dette-zzz",
        "/instrumenter/joint-skattefunn",
        "/instrumenter/in-miljoteknologi?lang=en",
        "/instrumenter?lang=nb&page=2",
        "/finst-ikkje",
    ],
)
def test_axe_finds_no_wcag_violation(page, live_server, check_axe, path):
    response = page.goto(f"{live_server}{path}")
    if response.status == 404:
        page.console_errors.clear()  # the browser logs the 404 of the page itself
    page.locator("details.facet").evaluate_all("els => els.forEach(e => e.open = true)")
    check_axe(page)


def test_axe_after_live_update(page, live_server, check_axe):
    page.goto(f"{live_server}/instrumenter")
    page.fill("#q", "felles infrastruktur")
    expect(page).to_have_url(re.compile(r"q=felles"))
    check_axe(page)


def test_api_docs_load_offline(page, live_server):
    page.goto(f"{live_server}/api/v1/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Verkemiddelkart API")
    expect(page.get_by_text("/api/v1/instruments", exact=True).first).to_be_visible()


def test_opened_facet_panels_stay_open_during_live_updates(page, live_server):
    page.goto(f"{live_server}/instrumenter")
    page.locator("#facet-stage-summary").click()
    page.fill("#q", "biogass")
    expect(page).to_have_url(re.compile(r"q=biogass"))
    page.wait_for_load_state("networkidle")
    expect(page.locator("#facet-stage")).to_have_attribute("open", "")
    expect(page.locator("#facet-agency")).not_to_have_attribute("open", "")
