"""Form data ⇄ review items, and the messages shown at each field (shared with the case form)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from catalogue.errors import Problem
from catalogue.vocabulary import MISSIONS
from web.i18n.catalogues import translator
from web.templating import N_

# The messages a form shows at a field, by the rule that failed (pydantic's error type) or as written by
# the schemas (catalogue/*/schemas.py, catalogue/privacy.py); others read "This value is not valid".
BY_CODE = {
    "missing": N_("Required."),
    "literal_error": N_("Choose one of the options."),
    "date_from_datetime_parsing": N_("Write a date as YYYY-MM-DD."),
    "date_parsing": N_("Write a date as YYYY-MM-DD."),
    "date_type": N_("Write a date as YYYY-MM-DD."),
    "string_too_long": N_("Too long."),
    "string_too_short": N_("Required."),
    "too_long": N_("Too many values."),
}
KNOWN = (
    N_("a rejected item needs a reason"),
    N_("say why the consortium did not apply"),
    N_("name the instrument tried"),
    N_("organisations may be named by number only when they agreed (tick consent)"),
    N_("contains an e-mail address: remove e-mail addresses and phone numbers; write no personal names"),
    N_("contains a phone number: remove e-mail addresses and phone numbers; write no personal names"),
)
INVALID = N_("This value is not valid.")


def field_messages(problems: list[Problem], lang: str) -> dict[str, list[str]]:
    """Field name (``attempts.0.reason`` → ``attempts.0.reason``) → messages in ``lang``."""
    t = translator(lang)
    out: dict[str, list[str]] = {}
    for p in problems:
        if p.message in KNOWN:
            text = t.gettext(p.message)
        elif p.code in BY_CODE:
            text = t.gettext(BY_CODE[p.code])
        else:
            text = t.gettext(INVALID)
        out.setdefault(p.field, []).append(text)
    return out


def text(form: FormData, name: str) -> str:
    return str(form.get(name) or "").strip()


def review_values(form: FormData) -> dict[str, Any]:
    """The posted form as a ``ReviewIn`` record (blank choices left out)."""
    relevance = {m: text(form, f"relevance_{m}") for m in MISSIONS if text(form, f"relevance_{m}")}
    return {
        "instrument": text(form, "instrument"),
        "relevance": relevance,
        "barriers": [str(v) for v in form.getlist("barriers")],
        "adjustments": [str(v) for v in form.getlist("adjustments")],
        "adjustment_text": text(form, "adjustment_text") or None,
        "status": text(form, "status") or "proposed",
        "reason": text(form, "reason") or None,
        "decided_on": text(form, "decided_on") or None,
    }


def version_of(form: FormData) -> int:
    raw = text(form, "version")
    return int(raw) if raw.isdigit() else -1
