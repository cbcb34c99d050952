"""The one input-validation layer: annotated string types used by every input schema.

Forms, the JSON API, file imports and the seeds all validate through the pydantic schemas in
``catalogue/*/schemas.py`` and ``analyser/paths/profile.py``, and every text field of those schemas is one
of the types below. So, wherever text comes from:

- it fits its database column (the lengths here are the column lengths; ``tests/security/
  test_input_validation.py`` checks every schema field against its column);
- it holds no NUL or other control character, no surrogate and no U+FFFE/U+FFFF (characters that XML,
  XLSX and PostgreSQL refuse); ``Text`` may hold line breaks and tabs, one-line fields may not;
- it holds no bidirectional embedding, override or isolate character (U+202A–U+202E, U+2066–U+2069),
  which can make a name read differently from what it is;
- a web address (``Url``) is an absolute ``http://`` or ``https://`` address with a host, so that no
  ``javascript:`` or ``data:`` link is ever stored.

A refused value gives a pydantic error whose type names the rule (``control_character``, ``line_break``,
``bidi_control``, ``url_scheme``), so forms can word it in the interface language.
This module imports no SQLAlchemy: the analyser uses it too.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

# Column lengths (String(n) in catalogue/*/models.py); TEXT_MAX caps Text columns, which have none.
NAME_MAX = 300  # names and titles of instruments, consortia, members, areas, barriers, missions
LABEL_MAX = 200  # names of agencies and ministries; resources of a flow
SHORT_NAME_MAX = 100  # names of counties, municipalities
URL_MAX = 500
SOURCE_MAX = 500  # a source described in words ("seed document", a report title)
SLUG_MAX = 120
AGENCY_CODE_MAX = 32
MINISTRY_CODE_MAX = 16
COUNTY_CODE_MAX = 4
VOCAB_MAX = 40  # vocabulary codes (instrument_tag.value), mission codes
NACE_MAX = 10
TEXT_MAX = 10_000  # summaries, descriptions, notes (the longest seed text is under 600 characters)
LIST_MAX = 200  # items of a list field (members, flows, keywords, ...)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# Forbidden everywhere: C0/C1 controls except tab, LF, CR; DEL; surrogates; U+FFFE, U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("[\t\n\r\u2028\u2029]")
URL_SCHEMES = ("http", "https")


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _check_characters(value: str) -> None:
    if found := _CONTROL.search(value):
        raise PydanticCustomError(
            "control_character",
            "contains a control character ({character}); remove it",
            {"character": _codepoint(found.group())},
        )
    if found := _BIDI.search(value):
        raise PydanticCustomError(
            "bidi_control",
            "contains a text-direction control character ({character}); remove it",
            {"character": _codepoint(found.group())},
        )


def check_text(value: str) -> str:
    """Text that may span lines: no control characters other than tab and line breaks, no bidi controls."""
    _check_characters(value)
    return value


def check_line(value: str) -> str:
    """One line of text: as ``check_text``, and no line break or tab either."""
    _check_characters(value)
    if found := _LINE_BREAK.search(value):
        raise PydanticCustomError(
            "line_break",
            "must be on one line; remove the line break or tab ({character})",
            {"character": _codepoint(found.group())},
        )
    return value


def check_url(value: str) -> str:
    """An absolute http(s) address with a host; nothing a browser would run (``javascript:``, ``data:``)."""
    check_line(value)
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        raise PydanticCustomError("url_scheme", "must be a web address starting with http:// or https://")
    return value


# One line; give max_length with Field at the field. A pattern goes into an Annotated type of its own
# (as CountyNumber below), so the character check covers the value the pattern sees.
Line = Annotated[str, AfterValidator(check_line)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX), AfterValidator(check_line)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=LABEL_MAX), AfterValidator(check_line)]
ShortName = Annotated[
    str, StringConstraints(min_length=1, max_length=SHORT_NAME_MAX), AfterValidator(check_line)
]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(check_text)]
Url = Annotated[str, StringConstraints(max_length=URL_MAX), AfterValidator(check_url)]
Source = Annotated[str, StringConstraints(max_length=SOURCE_MAX), AfterValidator(check_line)]
Slug = Annotated[
    str,
    StringConstraints(min_length=1, max_length=SLUG_MAX, pattern=SLUG_PATTERN),
    AfterValidator(check_line),
]
AgencyCode = Annotated[str, StringConstraints(max_length=AGENCY_CODE_MAX), AfterValidator(check_line)]
MinistryCode = Annotated[str, StringConstraints(max_length=MINISTRY_CODE_MAX), AfterValidator(check_line)]
CountyCode = Annotated[str, StringConstraints(max_length=COUNTY_CODE_MAX), AfterValidator(check_line)]
CountyNumber = Annotated[  # a county code as it must be written: two digits
    str, StringConstraints(max_length=COUNTY_CODE_MAX, pattern=r"^\d{2}$"), AfterValidator(check_line)
]
StipCode = Annotated[str, StringConstraints(max_length=10, pattern=r"^PI\d{3}$"), AfterValidator(check_line)]
BarrierCode = Annotated[str, StringConstraints(max_length=8, pattern=r"^B\d+$"), AfterValidator(check_line)]
Code = Annotated[str, StringConstraints(max_length=VOCAB_MAX), AfterValidator(check_line)]
NaceCode = Annotated[str, StringConstraints(max_length=NACE_MAX), AfterValidator(check_line)]
