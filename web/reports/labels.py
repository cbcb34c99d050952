"""Report vocabulary in nynorsk, bokmål and English, shaped like ``web.labels.VALUE_LABELS``.

Consortium needs (``catalogue.vocabulary.NEEDS``) and severity bands are vocabulary the interface's
``web/labels.py`` does not carry yet; they live here until it does.
"""

from __future__ import annotations

from web.labels import VALUE_LABELS, Triple, pick

NEED_LABELS: dict[str, Triple] = {
    "feasibility": ("Forstudie", "Forstudie", "Feasibility study"),
    "rnd": ("Forsking og utvikling", "Forskning og utvikling", "Research and development"),
    "pilot": ("Pilot", "Pilot", "Pilot"),
    "full_scale": ("Fullskalaanlegg", "Fullskalaanlegg", "Full-scale plant"),
    "shared_infrastructure": ("Felles infrastruktur", "Felles infrastruktur", "Shared infrastructure"),
    "facilitation": ("Fasilitering og koordinering", "Fasilitering og koordinering",
                     "Facilitation and coordination"),
    "competence": ("Kompetanse", "Kompetanse", "Competence"),
    "risk_relief": ("Risikoavlasting", "Risikoavlastning", "Risk relief"),
}

SEVERITY_LABELS: dict[str, Triple] = VALUE_LABELS["severity"]  # one place for the interface's labels

COVERAGE_LABELS: dict[str, Triple] = {
    "none": ("Ingen ordning", "Ingen ordning", "No scheme"),
    "weak": ("Berre svak dekning", "Bare svak dekning", "Only weakly covered"),
    "strong": ("Dekt", "Dekket", "Covered"),
}


def label(table: dict[str, Triple], code: str, lang: str) -> str:
    return pick(table[code], lang) if code in table else code
