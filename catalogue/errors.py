"""Domain errors, raised by the catalogue's services and mapped once to HTTP answers (``web/errors.py``),
and the input errors that name the file, the record (row) and the field of bad input.

| error | means | web answer |
|---|---|---|
| ``NotFound`` | what the request names does not exist | 404 |
| ``Forbidden`` | the user may not do this | 403 |
| ``Conflict`` | someone else changed it first, or it clashes with what is stored | 409 |
| ``Invalid`` (``InputError``) | the input breaks a rule; ``problems`` names each field | 422 |

A domain error means nothing was written: the caller's transaction rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

SHOWN_CHARS = 80  # of a value repeated in a message
MESSAGE_MAX = 500  # no message repeats more than this of what it was given
FIELD_MAX = 120


def shorten(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters plus "…", so a message never repeats a huge value."""
    if isinstance(value, str) and len(value) > limit * 4:
        value = value[: limit * 4]  # repr of a huge string is never built
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class DomainError(Exception):
    """``message`` is an English sentence (a gettext msgid with ``%(name)s`` placeholders); ``params`` fill
    it in. ``str(error)`` is the filled-in English text (logs, the JSON API)."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    """``details`` go into the JSON answer beside ``detail`` (e.g. both versions of a record)."""

    def details(self) -> dict[str, Any]:
        return {}


@dataclass
class Problem:
    file: str
    record: str
    field: str
    message: str
    kind: str = "field"  # "column" for spreadsheet (CSV/XLSX) input
    code: str = ""  # the validation rule that failed (pydantic error type), when known

    def __post_init__(self) -> None:
        self.record = _cut(self.record, FIELD_MAX)
        self.field = _cut(self.field, FIELD_MAX)
        self.message = _cut(self.message, MESSAGE_MAX)

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.kind} '{self.field}': {self.message}"


class InputError(DomainError):
    """One or more problems in input data; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        text = "\n".join(str(p) for p in problems)
        super().__init__("%(problems)s", problems=text)


Invalid = InputError


def problems_from_validation(file: str, record: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        field = ".".join(str(p) for p in err["loc"]) or "(record)"
        message = err["msg"].removeprefix("Value error, ")
        out.append(Problem(file, record, field, message, code=err["type"]))
    return out
