"""The language middleware, as plain ASGI: chooses the interface language of each request.

``?lang=`` first, then the ``lang`` cookie, then ``Accept-Language``, then nynorsk
(``web.i18n.catalogues``). The choice goes to ``request.state.lang`` (read by ``web.deps.get_lang``); the
response gets a ``Content-Language`` header, and a ``lang`` cookie when ``?lang=`` chose a language the
cookie does not hold yet. Plain ASGI rather than ``@app.middleware("http")``: Starlette's
``BaseHTTPMiddleware`` runs every request in an extra task with memory streams, which cost more than a
search of the index.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.i18n.catalogues import LANG_COOKIE, LANGS, choose_language

COOKIE_MAX_AGE = 365 * 24 * 3600


def _query_lang(query_string: bytes) -> str | None:
    if b"lang=" not in query_string:
        return None
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == "lang":
            return value
    return None


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip().strip('"')
    return None


def _lang_cookie_header(lang: str) -> bytes:
    cookie: SimpleCookie = SimpleCookie()
    cookie[LANG_COOKIE] = lang
    morsel = cookie[LANG_COOKIE]
    morsel["max-age"] = COOKIE_MAX_AGE
    morsel["path"] = "/"
    morsel["samesite"] = "lax"
    return morsel.OutputString().encode("latin-1")


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie_header = accept = None
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie_header = value.decode("latin-1")
            elif name == b"accept-language":
                accept = value.decode("latin-1")
        asked = _query_lang(scope.get("query_string", b""))
        cookie = _cookie(cookie_header, LANG_COOKIE) if cookie_header else None
        lang = choose_language(asked, cookie, accept)
        scope.setdefault("state", {})["lang"] = lang
        set_cookie = asked in LANGS and cookie != asked

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-language" for name, _ in headers):
                    headers.append((b"content-language", lang.encode()))
                if set_cookie:
                    headers.append((b"set-cookie", _lang_cookie_header(asked)))  # type: ignore[arg-type]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_language)
