"""Gap reports for departments and agencies: ``/rapportar`` (the list) and ``/rapportar/{code}.{format}``."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from web.deps import LangDep, StateDep
from web.i18n.catalogues import LANGS
from web.params import NamePath
from web.reports.html import REPORT_CSP
from web.reports.pages import report_file, reports_index_context
from web.templating import render

router = APIRouter()


@router.get("/rapportar", include_in_schema=False)
def reports_index(request: Request, state: StateDep, lang: LangDep) -> Response:
    return render(request, "reports.html", reports_index_context(state, lang))


@router.get("/rapportar/{name}", include_in_schema=False)
def report_download(name: NamePath, state: StateDep, lang: LangDep, download: bool = False) -> Response:
    """``KD.pdf``, ``ENOVA.md``, ...; the language is the request's (``?lang=nn|nb|en``)."""
    code, _, fmt = name.rpartition(".")
    if not code or lang not in LANGS:
        raise HTTPException(404, "no such report")
    try:
        content, media_type, filename = report_file(state, code, fmt.lower(), lang)
    except LookupError as exc:
        raise HTTPException(404, "no such report") from exc
    disposition = "inline" if fmt == "html" and not download else "attachment"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "Content-Language": lang,
        "Vary": "Cookie, Accept-Language",
    }
    if fmt == "html":
        headers["Content-Security-Policy"] = REPORT_CSP  # its one inline <style>, by hash
    return Response(content, media_type=media_type, headers=headers)
