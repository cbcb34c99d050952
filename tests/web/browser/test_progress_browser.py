"""The mission-progress dashboard in headless Chromium: it renders its SVG figures, passes axe-core (WCAG 2.1
A/AA), moves through time with the date form (htmx, and without JavaScript), and leads from a lagging county
to the instruments that matter for it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_dashboard_and_its_svg_pass_axe(page, live_server, check_axe):
    page.goto(f"{live_server}/progress")
    grid = page.locator("svg.county-grid")
    expect(grid).to_be_visible()
    expect(grid.locator("g.tile")).to_have_count(15)
    box = grid.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    expect(page.locator("svg.trend-chart")).to_have_count(2)
    check_axe(page)


def test_date_form_shows_an_earlier_state(page, live_server, check_axe):
    page.goto(f"{live_server}/progress")
    expect(page.locator("g.tile-off_track")).to_have_count(3)
    page.fill("#as_of", "2021-06-30")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"as_of=2021-06-30"))
    expect(page.locator("g.tile-off_track")).to_have_count(0)
    expect(page.locator("g.tile-no_data")).to_have_count(15)
    check_axe(page)


def test_date_form_works_without_javascript(nojs_page, live_server):
    nojs_page.goto(f"{live_server}/progress")
    nojs_page.fill("#as_of", "2021-06-30")
    nojs_page.get_by_role("button", name="Vis", exact=True).click()
    expect(nojs_page).to_have_url(re.compile(r"as_of=2021-06-30"))
    expect(nojs_page.locator("g.tile-no_data")).to_have_count(15)


def test_from_a_lagging_county_to_its_instruments(page, live_server, check_axe):
    page.goto(f"{live_server}/progress")
    page.locator("table.progress-table").get_by_role("link", name="Vestland", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Vestland")
    check_axe(page)
    page.locator("section[aria-labelledby=h-levers] ul:not(.links) a").first.click()
    expect(page).to_have_url(re.compile(r"/instrumenter/[a-z0-9-]+$"))
