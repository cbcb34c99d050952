"""Free text about cases must not identify people: e-mail addresses and phone numbers are refused.

Personal names cannot be found reliably by a program; the forms warn about them, and these checks catch the
two things that can be found. A 9-digit organisation number written as such (``986 399 445``) is not a
phone number here; an 8-digit number (``12 34 56 78``, ``+47 12345678``) is.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{2}[ .-]?)?"
    r"(?:\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}|\d{3}[ .-]?\d{2}[ .-]?\d{3})(?![\d])"
)
SOMETHING_PERSONAL = "remove e-mail addresses and phone numbers; write no personal names"


def personal_data_problem(text: str | None) -> str | None:
    """Why ``text`` may not be stored (it holds an e-mail address or a phone number), or None."""
    if not text:
        return None
    if EMAIL.search(text):
        return f"contains an e-mail address: {SOMETHING_PERSONAL}"
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) in (8, 10) or match.group(0).startswith(("+", "00")):
            return f"contains a phone number: {SOMETHING_PERSONAL}"
    return None
