"""Take the README screenshots: seeds a temporary SQLite database, serves the app, drives Chromium.

.venv/bin/python docs/screenshots/take_screenshots.py      # writes docs/screenshots/*.png
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from catalogue import migrate  # noqa: E402
from catalogue.db import engine_for, transaction  # noqa: E402
from catalogue.seeding import load_seeds  # noqa: E402
from web.app import create_app  # noqa: E402

OUT = Path(__file__).resolve().parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = [  # (file, path, full page, action)
    ("front-page.png", "/", False, None),
    (
        "instrument-list.png",
        "/instrumenter?q=spillvarme+veksthus&consortium=yes&consortium=partial",
        False,
        "open-facet",
    ),
    ("instrument-detail.png", "/instrumenter/joint-skattefunn", True, None),
    ("instrument-list-english.png", "/instrumenter?lang=en&value_chain=hydrogen&sort=amount", False, None),
    ("api-docs.png", "/api/v1/docs", False, None),
]


def serve(url: str) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


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
            for name, path, full, action in SHOTS:
                page.goto(base + path)
                if action == "open-facet":
                    page.locator("details.facet").nth(3).evaluate("e => e.open = true")
                page.wait_for_timeout(300)
                page.screenshot(path=str(OUT / name), full_page=full)
                print("wrote", OUT / name)
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
