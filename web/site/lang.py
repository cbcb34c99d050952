"""The language switcher: ``/lang/{code}?next=/path`` remembers the choice in a cookie and goes back."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import RedirectResponse

from web.i18n.catalogues import LANG_COOKIE, LANGS

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/lang/{code}", include_in_schema=False)
def switch_language(code: str, next: str | None = None) -> RedirectResponse:  # noqa: A002
    if code not in LANGS:
        raise HTTPException(404, "unknown language")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax")
    return response
