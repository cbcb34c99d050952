"""Report vocabulary in nynorsk, bokmål and English, shaped like ``web.i18n.labels.VALUE_LABELS``.

Needs and severity bands come from the interface's ``web/i18n/labels.py``; only the report's own wording of
need coverage lives here.
"""

from __future__ import annotations

from web.i18n.labels import VALUE_LABELS, Triple, pick

NEED_LABELS: dict[str, Triple] = VALUE_LABELS["need"]

SEVERITY_LABELS: dict[str, Triple] = VALUE_LABELS["severity"]  # one place for the interface's labels

COVERAGE_LABELS: dict[str, Triple] = {
    "none": ("Ingen ordning", "Ingen ordning", "No scheme"),
    "weak": ("Berre svak dekning", "Bare svak dekning", "Only weakly covered"),
    "strong": ("Dekt", "Dekket", "Covered"),
}


def label(table: dict[str, Triple], code: str, lang: str) -> str:
    return pick(table[code], lang) if code in table else code
