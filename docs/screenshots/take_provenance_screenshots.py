"""Screenshots of provenance (issue 16): an instrument page with an unofficial figure, the amount filter
leaving unofficial figures out, and an editor's review queue (/kontroll).

.venv/bin/python docs/screenshots/take_provenance_screenshots.py     # writes docs/screenshots/*.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from take_screenshots import ARGS, OUT, serve  # noqa: E402

from catalogue import migrate  # noqa: E402
from catalogue.accounts.service import create_user  # noqa: E402
from catalogue.db import engine_for, transaction  # noqa: E402
from catalogue.instruments import repository  # noqa: E402
from catalogue.instruments.corrections import apply_folder  # noqa: E402
from catalogue.seeding import SEEDS_DIR, load_seeds  # noqa: E402

EDITOR, PASSWORD = "redaktor@innovasjonnorge.example", "screenshots only, not a real account"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/shots.db"
        migrate.upgrade(url)
        with transaction(engine_for(url)) as session:
            load_seeds(session)
            apply_folder(session, SEEDS_DIR / "corrections")
            known = {a.code for a in repository.list_agencies(session)}
            create_user(session, EDITOR, PASSWORD, "editor", "IN", known)
        base, server = serve(url)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("VK_CHROMIUM", "/usr/bin/chromium"), args=ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="nn-NO")
            page.goto(base + "/instrumenter/in-innovasjonslan")
            page.locator("#h-money").scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / "instrument-unofficial-figure.png"), full_page=True)
            page.goto(base + "/instrumenter?min_amount=10000000")
            page.screenshot(path=str(OUT / "amount-filter-unofficial.png"))
            page.goto(base + "/logg-inn")
            page.fill("input[name=email]", EDITOR)
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").first.click()
            page.wait_for_load_state()
            page.goto(base + "/kontroll")
            page.screenshot(path=str(OUT / "review-queue.png"))
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
