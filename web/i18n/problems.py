"""Validation problems of the shared input layer (``catalogue/validation.py``) in the interface language.

The schemas speak English; a form shows the rule that failed in the visitor's language. ``MESSAGES``
maps the pydantic error type (``Problem.code``) to a message id; ``problem_message`` fills in the limit or
the character from the English message.
"""

from __future__ import annotations

import re
from typing import Any

from web.templating import N_

MESSAGES = {
    "string_too_long": N_("Too long: at most %(max)d characters."),
    "control_character": N_("Remove the control character %(character)s."),
    "bidi_control": N_("Remove the text-direction control character %(character)s."),
    "line_break": N_("Write this on one line, without line breaks or tabs."),
    "url_scheme": N_("Give a web address that starts with http:// or https://."),
}
_MAX = re.compile(r"at most (\d+)")
_CHARACTER = re.compile(r"U\+[0-9A-F]{4,6}")


def variables(code: str, message: str) -> dict[str, Any]:
    """The values the message id of ``code`` needs, read from the English ``message``."""
    if code == "string_too_long":
        found = _MAX.search(message)
        return {"max": int(found.group(1)) if found else 0}
    if code in ("control_character", "bidi_control"):
        char = _CHARACTER.search(message)
        return {"character": char.group() if char else "?"}
    return {}


def problem_message(code: str, message: str, t: Any) -> str | None:
    """The problem in the language of translator ``t``, or None when ``code`` is not one of ours."""
    msgid = MESSAGES.get(code)
    return None if msgid is None else str(t.gettext(msgid, **variables(code, message)))
