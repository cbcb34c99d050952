"""The analysis pages in headless Chromium: build a consortium's funding path in the form (live updates,
adding a member, field messages), by keyboard alone; drill into a coverage cell; filter gaps; print view;
axe-core on every page type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PATH = "/finansieringsveg"


def steps(page) -> list[str]:  # noqa: ANN001
    ids = page.locator("li.step").evaluate_all("els => els.map(e => e.id)")
    return [s.removeprefix("step-") for s in ids]


def settle(page) -> None:  # noqa: ANN001
    """Wait until htmx has no request in flight (a slow machine must not race the keyboard)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=15000)


def tab_to(page, selector: str, key: str = "Tab", limit: int = 80) -> None:  # noqa: ANN001
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    settle(page)
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"Tab never reached {selector}")


def test_build_a_path_live_with_htmx(page, live_server):
    page.goto(f"{live_server}{PATH}")
    page.evaluate("window.notReloaded = true")
    page.fill("#f-name", "Fjordvarme")
    page.fill("#f-members-0-name", "Fjordvarme AS")
    page.select_option("#f-members-0-size_class", "small")
    page.get_by_role("button", name="Legg til eit medlem").click()
    expect(page.locator("#f-members-1-name")).to_be_focused()  # the new row takes the focus
    page.keyboard.type("Havbruk AS")
    page.select_option("#f-members-1-role", "partner")
    page.select_option("#f-current_stage", "feasibility")
    page.select_option("#f-target_stage", "pilot")
    expect(page.locator("li.step")).to_have_count(3)
    assert steps(page) == ["feasibility", "rnd", "pilot"]
    page.get_by_label("Felles infrastruktur").check()
    expect(page.locator("table.coverage-table tbody tr")).to_have_count(1)
    page.select_option("#f-target_stage", "full_scale")
    expect(page.locator("li.step")).to_have_count(5)
    expect(page.locator("#path-status")).to_contain_text("5 fasar")
    assert page.locator("#f-members-1-name").input_value() == "Havbruk AS"
    assert page.evaluate("window.notReloaded === true")  # updated in place, no page load


def test_bad_org_number_message_appears_at_the_field(page, live_server):
    page.goto(f"{live_server}{PATH}")
    page.fill("#f-members-0-name", "Test AS")
    page.fill("#f-members-0-org_number", "123456789")
    page.select_option("#f-current_stage", "rnd")  # moves on: the change goes to the server
    message = page.locator("#f-members-0-org_number-error")
    expect(message).to_contain_text("MOD11")
    expect(page.locator("#f-members-0-org_number")).to_have_attribute(
        "aria-describedby", re.compile("f-members-0-org_number-error")
    )
    page.fill("#f-members-0-org_number", "123456785")
    page.select_option("#f-target_stage", "pilot")
    expect(message).to_be_empty()
    expect(page.locator("li.step")).to_have_count(2)


def test_fill_and_submit_the_path_form_by_keyboard_alone(page, live_server):
    page.goto(f"{live_server}{PATH}")
    tab_to(page, "#f-name")
    page.keyboard.type("Tastaturkonsortiet")
    tab_to(page, "#f-members-0-name")
    page.keyboard.type("Tast AS")
    tab_to(page, "#add-member")
    page.keyboard.press("Enter")
    expect(page.locator("#f-members-1-name")).to_be_focused()
    settle(page)
    page.keyboard.type("Mus AS")
    tab_to(page, "#f-current_stage")
    page.keyboard.press("ArrowDown")  # Ikkje oppgitt → Idé
    page.keyboard.press("ArrowDown")  # → Forstudie
    tab_to(page, "#f-target_stage")
    for _ in range(4):  # → Pilot
        page.keyboard.press("ArrowDown")
    tab_to(page, "#f-need-pilot")
    page.keyboard.press("Space")
    tab_to(page, "#f-members-1-name", "Shift+Tab")
    page.keyboard.press("Enter")  # Enter in a text field shows the path (the default button)
    settle(page)
    expect(page.locator("li.step")).to_have_count(3)
    assert page.locator("#f-need-pilot").is_checked()
    assert page.locator("#f-members-1-name").input_value() == "Mus AS"


def test_path_form_works_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}{PATH}")
    page.fill("#f-members-0-name", "Uten JS AS")
    page.get_by_role("button", name="Legg til eit medlem").click()
    expect(page.locator("#f-members-1-name")).to_be_visible()
    page.select_option("#f-current_stage", "rnd")
    page.select_option("#f-target_stage", "demonstration")
    page.locator("#show-path").click()
    expect(page.locator("li.step")).to_have_count(3)


def test_coverage_cell_drill_down(page, live_server):
    page.goto(f"{live_server}/dekning")
    cell = page.locator("#heatmap-agency td[data-count] a").first
    n = int(cell.locator("xpath=..").get_attribute("data-count"))
    cell.click()
    expect(page).to_have_url(re.compile(r"/dekning/B\d/[A-Z]+$"))
    expect(page.locator("ol.result-list > li.result")).to_have_count(n)
    page.go_back()
    expect(page.locator("#heatmap-type")).to_be_visible()


def test_gap_filters_update_the_list_and_the_url(page, live_server):
    page.goto(f"{live_server}/gap")
    total = int(page.locator("p.result-count").inner_text().split()[0])
    page.locator("#g-severity-high").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(f"{live_server}/gap?severity=high")
    expect(page.locator("#g-severity-high")).to_be_checked()
    expect(page.locator("#g-severity-high")).to_be_focused()  # the swapped-in filters keep the focus
    shown = int(page.locator("p.result-count").inner_text().split()[0])
    assert 0 < shown < total
    expect(page.locator("li.finding .sev-high")).to_have_count(shown)
    page.locator("li.finding h3 a").first.click()
    expect(page.locator("p.recommendation")).to_be_visible()


def test_printable_view_hides_the_site_chrome_in_print(page, live_server):
    page.goto(f"{live_server}{PATH}/sirkular-solor-hub/utskrift")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("li.step").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/dekning",
        "/dekning/B3/IN",
        "/gap",
        "/gap?severity=high&department=NFD",
        PATH,
        f"{PATH}/sirkular-solor-hub",
        f"{PATH}/fjord-base/utskrift",
    ],
)
def test_pages_pass_axe(page, live_server, check_axe, path):
    page.goto(f"{live_server}{path}")
    check_axe(page)


def test_gap_detail_and_form_errors_pass_axe(page, live_server, check_axe):
    page.goto(f"{live_server}/gap")
    page.locator("li.finding h3 a").first.click()
    expect(page.locator("p.recommendation")).to_be_visible()
    check_axe(page)
    page.goto(f"{live_server}{PATH}")
    page.fill("#f-members-0-name", "Feil AS")
    page.fill("#f-members-0-org_number", "12")
    page.locator("#show-path").click()
    expect(page.locator("#f-members-0-org_number-error")).to_contain_text("9 siffer")
    check_axe(page)
