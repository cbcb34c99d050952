"""Templates and the one render helper every HTML route uses.

``render(request, "page.html", context, fragment=("results",))`` returns the full page, or — for an htmx
request (``HX-Request: true``, not a history restore) — only the named blocks of the same template
(jinja2-fragments). The route, never the client, names the blocks. Every page gets the common context
(``base_context``): ``lang``, ``_``, ``ngettext``, ``label``, ``fmt``, ``nav``, ``lang_links``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2_fragments import render_block, render_blocks
from jinja2_fragments.fastapi import Jinja2Blocks

from web.i18n.catalogues import LANG_NAMES, LANGS, translator
from web.i18n.formatting import formatter

WEB_DIR = Path(__file__).resolve().parent
# Shared layouts and macros in web/templates/, each domain's pages in web/<domain>/templates/ (flat names).
TEMPLATE_DIRS = [WEB_DIR / "templates", *sorted(p for p in WEB_DIR.glob("*/templates") if p.is_dir())]
templates = Jinja2Blocks(directory=TEMPLATE_DIRS)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True

VARY = "HX-Request, Cookie, Accept-Language"


def N_(message: str) -> str:
    """Mark a message for extraction; translate it later with ``_(message)``."""
    return message


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # an English msgid, translated at render time
    order: int = 50


# The site navigation. A new top-level page adds one entry here (see docs/web.md).
NAV: list[NavItem] = [
    NavItem("/instrumenter", N_("Instruments"), 10),
    NavItem("/progress", N_("Mission progress"), 40),
    NavItem("/dekning", N_("Coverage"), 20),
    NavItem("/gap", N_("Gaps"), 25),
    NavItem("/finansieringsveg", N_("Funding path"), 30),
    NavItem("/rapportar", N_("Reports"), 35),
    NavItem("/tildelingar", N_("Funded projects"), 37),
    NavItem("/satsingar", N_("Initiatives"), 45),
    NavItem("/gjennomgangar", N_("Reviews"), 36),
    NavItem("/lyttepost", N_("Listening post"), 38),
]


def is_htmx(request: Request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def current_url(request: Request) -> str:
    """Path and query of this request without ``lang``, for links that must come back here."""
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in request.query_params.multi_items() if k != "lang")
    return request.url.path + (f"?{query}" if query else "")


def base_context(request: Request, page_url: str | None = None) -> dict[str, Any]:
    lang = getattr(request.state, "lang", "nn")
    t = translator(lang)
    here = page_url or current_url(request)
    return {
        "request": request,
        "lang": lang,
        "_": t.markup_gettext,
        "gettext": t.markup_gettext,
        "ngettext": t.markup_ngettext,
        "label": request.app.state.catalogue.labeller(lang),
        "fmt": formatter(lang),
        "nav": sorted(NAV, key=lambda n: n.order),
        "path": request.url.path,
        "lang_links": [
            (code, LANG_NAMES[code], f"/lang/{code}?next={quote(here, safe='')}") for code in LANGS
        ],
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    fragment: tuple[str, ...] = (),
    status_code: int = 200,
    page_url: str | None = None,
) -> Response:
    """The full page, or the whitelisted ``fragment`` blocks for htmx requests (plus the language links).

    ``page_url`` is the canonical URL of what is shown, when it differs from the request's (e.g. without
    the empty fields a form submits): the language switcher points at it, and an htmx response pushes it
    into the address bar (``HX-Push-Url``).
    """
    ctx = {**base_context(request, page_url), **context}
    if fragment and is_htmx(request):
        html = render_blocks(templates.env, name, list(fragment), ctx)
        html += render_block(templates.env, "base.html", "lang_switch", ctx)
        response: Response = HTMLResponse(html, status_code=status_code)
        if page_url:
            response.headers["HX-Push-Url"] = page_url  # the clean URL, without empty form fields
    else:
        response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    response.headers["Vary"] = VARY
    return response
