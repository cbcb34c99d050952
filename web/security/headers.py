"""Security headers on every response: pages, JSON, static files, redirects and errors (even a 500).

The Content-Security-Policy allows scripts, styles, fonts and requests from this site only: no inline
script or style (htmx's own indicator style is switched off in base.html and lives in app.css; the API
docs start Swagger UI from the static ``swagger-init.js``; Swagger UI sets styles through the DOM, which
the policy allows). A gap report brings its own policy and keeps it: the report stays one
self-contained file, and its policy allows exactly its own ``<style>`` by hash.
"""

from __future__ import annotations

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS: dict[bytes, bytes] = {
    b"content-security-policy": CSP.encode(),
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}


def csp_with_style(css: str) -> str:
    """The policy, allowing one inline ``<style>`` whose content is exactly ``css``."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return CSP.replace("style-src 'self'", f"style-src 'self' 'sha256-{digest}'")


class SecurityHeaders:
    """ASGI middleware adding ``HEADERS`` to each response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS.items() if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
