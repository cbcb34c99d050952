"""The initiative and milestone forms: posted fields → the service's record, and the service's problems →
messages at each field in the interface language.

Lists are typed one item a line: municipalities; partners as "name; organisation number" (the number
where known); attachments as "address title" (http or https only).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from catalogue.errors import InputError
from web.i18n.problems import problem_message
from web.templating import N_

TEXT_FIELDS = ("county", "title", "challenge", "market_potential", "region", "status")
LIST_TEXT = ("municipalities", "partners", "links")
MILESTONE_FIELDS = ("kind", "title", "owner", "due_on", "resources", "done_on")
MESSAGES = {
    "missing": N_("Required."),
    "string_too_short": N_("Required."),
    "literal_error": N_("Choose one of the listed values."),
    "date_from_datetime_parsing": N_("Give a date written YYYY-MM-DD."),
    "date_parsing": N_("Give a date written YYYY-MM-DD."),
    "org_number": N_("Not a valid organisation number: 9 digits with a correct check digit."),
    "free_title": N_("A free milestone needs a title."),
    "too_long": N_("Too many items."),
}
FALLBACK = N_("Check this value.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _partner(line: str) -> dict[str, Any]:
    name, _, number = line.partition(";")
    return {"name": name.strip(), "org_number": number.strip() or None}


def _link(line: str) -> dict[str, Any]:
    url, _, title = line.partition(" ")
    return {"url": url.strip(), "title": title.strip() or None}


def initiative_values(form: FormData) -> dict[str, Any]:
    """What the form shows again: text as typed, choices as lists."""
    values: dict[str, Any] = {name: str(form.get(name) or "") for name in (*TEXT_FIELDS, *LIST_TEXT)}
    values["value_chains"] = [str(x) for x in form.getlist("value_chains")]
    values["missions"] = [str(x) for x in form.getlist("missions")]
    return values


def initiative_data(values: dict[str, Any]) -> dict[str, Any]:
    """The record the service validates."""
    data: dict[str, Any] = {k: values[k] for k in ("county", "title", "challenge", "market_potential")}
    data["region"] = values["region"] or None
    data["status"] = values["status"] or "submitted"
    data["value_chains"] = values["value_chains"]
    data["missions"] = values["missions"]
    data["municipalities"] = _lines(values["municipalities"])
    data["partners"] = [_partner(x) for x in _lines(values["partners"])]
    data["links"] = [_link(x) for x in _lines(values["links"])]
    return data


def values_of_record(record: dict[str, Any]) -> dict[str, Any]:
    """The form's values for a stored initiative (the API's record shape)."""
    return {
        **{k: record.get(k) or "" for k in TEXT_FIELDS},
        "value_chains": list(record.get("value_chains") or ()),
        "missions": list(record.get("missions") or ()),
        "municipalities": "\n".join(record.get("municipalities") or ()),
        "partners": "\n".join(
            p["name"] + (f"; {p['org_number']}" if p.get("org_number") else "")
            for p in record.get("partners") or ()
        ),
        "links": "\n".join(
            x["url"] + (f" {x['title']}" if x.get("title") else "") for x in record.get("links") or ()
        ),
    }


def milestone_values(form: FormData) -> dict[str, Any]:
    return {name: str(form.get(name) or "") for name in MILESTONE_FIELDS}


def milestone_data(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v or None) for k, v in values.items()}


def _code(code: str, message: str) -> str:
    if "organisation number" in message:
        return "org_number"
    if "free milestone" in message:
        return "free_title"
    if code == "too_long":
        return "too_long"
    return code


def messages(exc: InputError, t: Any) -> dict[str, list[str]]:
    """``{form field: [message, ...]}`` in the language of translator ``t``."""
    out: dict[str, list[str]] = {}
    for p in exc.problems:
        field = p.field.split(".")[0]
        if field == "(record)" and "free milestone" in p.message:
            field = "title"
        text = problem_message(p.code, p.message, t)
        if text is None:
            msgid = MESSAGES.get(_code(p.code, p.message))
            text = t.gettext(msgid) if msgid else t.gettext(FALLBACK)
        if text not in out.setdefault(field, []):
            out[field].append(text)
    return out
