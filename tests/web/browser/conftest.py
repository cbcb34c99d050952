"""Browser-test fixtures: a live uvicorn server over a seeded SQLite database, Playwright driving Debian's
Chromium (``VK_CHROMIUM``, default /usr/bin/chromium) with the flags from docs/HELPERS.md, and axe-core.

Without Chromium (or Playwright) the browser tests are skipped; with ``VK_REQUIRE_BROWSER=1`` (CI) they
fail instead, so a missing browser is never silent.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from web.app import create_app

CHROMIUM = os.environ.get("VK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.10.3" / "axe.min.js"
AXE_URL = "/__browser-tests__/axe.min.js"  # answered by the page's route handler, never by the app
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (set VK_CHROMIUM or apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    reason = browser_missing()
    if reason:
        if os.environ.get("VK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"VK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(seeded_sqlite_url: str) -> Iterator[str]:
    """Base URL of the app served by uvicorn in a thread."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(seeded_sqlite_url), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _new_page(browser: Any, live_server: str, **options: Any) -> Iterator[Any]:
    """A page that fails the test on a console error or any request off this machine."""
    context = browser.new_context(
        locale="nn-NO", accept_downloads=True, viewport={"width": 1280, "height": 900}, **options
    )
    errors: list[str] = []
    foreign: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if (
            url == f"{live_server}{AXE_URL}"
        ):  # axe-core as a script of this site (the CSP allows no inline script)
            route.fulfill(path=str(AXE), content_type="text/javascript")
        elif url.startswith(live_server) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors  # a test that expects an error (e.g. a 404 page) clears it
    yield page
    context.close()
    assert not foreign, f"requests off this machine: {foreign}"
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    yield from _new_page(browser, live_server)


@pytest.fixture
def nojs_page(browser: Any, live_server: str) -> Iterator[Any]:
    yield from _new_page(browser, live_server, java_script_enabled=False)


@pytest.fixture
def check_axe() -> Callable[[Any], None]:
    """Run the vendored axe-core (WCAG 2.1 A and AA rules) on the page; fail on any violation."""

    def check(page: Any) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            origin = page.evaluate("location.origin")
            page.add_script_tag(url=f"{origin}{AXE_URL}")
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not violations, f"{page.url}:\n" + "\n".join(violations)

    return check
