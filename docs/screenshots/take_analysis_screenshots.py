"""Take the README screenshots of the analysis pages (coverage, gaps, funding path) against a live server
over a freshly seeded temporary SQLite database.

    .venv/bin/python docs/screenshots/take_analysis_screenshots.py   # writes coverage.png, gaps.png, path.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from take_screenshots import ARGS, OUT, serve  # noqa: E402

from catalogue import migrate  # noqa: E402
from catalogue.db import engine_for, transaction  # noqa: E402
from catalogue.seeding import load_seeds  # noqa: E402


def coverage(page: Page, base: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 1320})
    page.goto(f"{base}/dekning")
    page.evaluate("window.scrollTo(0, document.querySelector('h1').offsetTop - 8)")


def gaps(page: Page, base: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 960})
    page.goto(f"{base}/gap?department=NFD")


def path(page: Page, base: str) -> None:
    """Build a consortium in the form, as a user would; the path fills in beside it."""
    page.goto(f"{base}/finansieringsveg")
    page.locator("details.saved-consortia").evaluate("d => d.open = false")
    page.fill("#f-name", "Fjordvarme")
    page.select_option("#f-county", "46")
    page.fill("#f-members-0-name", "Fjordvarme AS")
    page.fill("#f-members-0-org_number", "123456785")
    page.select_option("#f-members-0-size_class", "small")
    page.select_option("#f-members-0-role", "lead")
    page.get_by_role("button", name="Legg til eit medlem").click()
    expect(page.locator("#f-members-1-name")).to_be_focused()
    page.keyboard.type("Havbruk Vest AS")
    page.select_option("#f-members-1-size_class", "medium")
    page.select_option("#f-members-1-role", "partner")
    page.select_option("#f-current_stage", "feasibility")
    page.select_option("#f-target_stage", "full_scale")
    for need in ("pilot", "shared_infrastructure", "facilitation"):
        page.locator(f"#f-need-{need}").check()
    for chain in ("aquaculture", "energy_system"):
        page.locator(f"#f-chain-{chain}").check()
    expect(page.locator("li.step")).to_have_count(5)
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, document.querySelector('h1').offsetTop - 8)")


SHOTS = (("coverage.png", coverage), ("gaps.png", gaps), ("path.png", path))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/shots.db"
        migrate.upgrade(url)
        with transaction(engine_for(url)) as session:
            load_seeds(session)
        base, server = serve(url)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("VK_CHROMIUM", "/usr/bin/chromium"), args=ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 960}, locale="nn-NO")
            for name, action in SHOTS:
                action(page, base)
                page.wait_for_timeout(400)
                page.screenshot(path=str(OUT / name))
                print("wrote", OUT / name)
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
