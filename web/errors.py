"""Errors → HTTP answers, in one place (the handlers are registered in web/app.py).

A service raises a domain error (``catalogue.errors``): ``NotFound`` → 404, ``Forbidden`` → 403,
``Conflict`` → 409, ``InputError`` (``Invalid``) → 422. The exception leaves the route, so the request's
transaction rolls back (web/deps.py), and the handler answers in the form the request asked for:

- the JSON API (``/api/...``, ``*.json``): ``{"detail": ...}``; a conflict adds its ``details()`` (both
  versions), bad input lists one ``{file, record, field, message}`` per problem;
- an htmx request: the message as an alert at the top of the page (200 with ``HX-Retarget``/``HX-Reswap``,
  since htmx swaps only 2xx answers);
- a page: the error page with the status.

A form that answers a domain error with itself and its messages renders that page and raises it as
``FormRejected`` (``reject(response)``): the transaction rolls back and the page is sent as it is.
"""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from catalogue.errors import Conflict, DomainError, Forbidden, InputError, NotFound
from web.i18n.catalogues import translator
from web.templating import N_, is_htmx, render

STATUS: dict[type[DomainError], int] = {NotFound: 404, Forbidden: 403, Conflict: 409, InputError: 422}

# The messages of domain errors that pages show, as the services raise them (catalogue/ is not scanned
# for interface strings; listed here so that ``make messages`` finds them and the .po files translate
# them). A message missing here is shown in English.
SHOWN_MESSAGES = (
    N_(
        "Someone else saved this consortium after you opened it (you opened version %(expected)s; it is "
        "now at version %(current)s). Your changes are not saved: open the consortium again to see the "
        "saved version, then make your changes there."
    ),
    N_(
        "Only an administrator may change a consortium from the seed document. You can save your changes "
        "as a new consortium."
    ),
    N_("Log in to change a saved consortium."),
    N_("No free address was found for the consortium. Try again."),
    N_("you may only change your own agency's instruments"),
)


class FormRejected(Exception):
    """A page already rendered for a rejected write (a form with its messages), to be sent as it is."""

    def __init__(self, response: Response) -> None:
        self.response = response
        super().__init__(f"form rejected with {response.status_code}")


def reject(response: Response) -> NoReturn:
    """Send ``response`` and roll the request's transaction back."""
    raise FormRejected(response)


def status_of(exc: DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def json_body(exc: DomainError) -> dict[str, Any]:
    if isinstance(exc, InputError):
        return {
            "detail": [
                {"file": p.file, "record": p.record, "field": p.field, "message": p.message}
                for p in exc.problems
            ]
        }
    extra = exc.details() if isinstance(exc, Conflict) else {}
    return {"detail": str(exc), **extra}


def error_page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """The error page; for htmx only its alert, put at the top of the page."""
    context = {"status": status, "detail": detail}
    if is_htmx(request):
        response = render(request, "error.html", context, fragment=("alert",))
        response.headers.update({"HX-Retarget": "#main", "HX-Reswap": "afterbegin"})
    else:
        response = render(request, "error.html", context, status_code=status)
    response.headers.update(headers or {})
    return response


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    if wants_json(request):
        return JSONResponse(json_body(exc), status_code=status)
    lang = getattr(request.state, "lang", "nn")
    return error_page(request, status, translator(lang).gettext(exc.message, **exc.params))


async def form_rejected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FormRejected)
    return exc.response


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if wants_json(request) or exc.status_code < 400:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return error_page(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))
