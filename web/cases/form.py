"""Form data ⇄ listening-post cases."""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData

from web.reviews.form import text

ATTEMPT_ROWS = 3  # instruments tried, one row each; blank rows are left out


def attempts(form: FormData) -> list[dict[str, Any]]:
    out = []
    for n in range(ATTEMPT_ROWS):
        instrument, outcome = text(form, f"attempt_{n}_instrument"), text(form, f"attempt_{n}_outcome")
        reason = text(form, f"attempt_{n}_reason")
        if instrument or outcome or reason:
            out.append(
                {"instrument": instrument or None, "outcome": outcome or None, "reason": reason or None}
            )
    return out


def case_values(form: FormData) -> dict[str, Any]:
    """The posted form as a ``CaseIn`` record."""
    numbers = [n for n in re.split(r"[\s,;]+", text(form, "org_numbers")) if n]
    return {
        "county": text(form, "county"),
        "met_on": text(form, "met_on") or None,
        "value_chains": [str(v) for v in form.getlist("value_chains")],
        "stage": text(form, "stage"),
        "barriers": [str(v) for v in form.getlist("barriers")],
        "attempts": attempts(form),
        "text": text(form, "text") or None,
        "consent": text(form, "consent") == "true",
        "org_numbers": numbers,
    }


def padded(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The attempt rows the form shows: those recorded, then blank ones up to ``ATTEMPT_ROWS``."""
    rows = list(values.get("attempts") or [])[:ATTEMPT_ROWS]
    return rows + [{} for _ in range(ATTEMPT_ROWS - len(rows))]
