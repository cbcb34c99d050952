"""Words for vocabulary codes in finding texts (nynorsk, bokmål, English; same wording as web/i18n/labels.py)."""

from __future__ import annotations

LANGS = ("nn", "nb", "en")
_LABELS: dict[str, dict[str, tuple[str, str, str]]] = {
    "stage": {
        "idea": ("idé", "idé", "idea"),
        "feasibility": ("forstudie", "forstudie", "feasibility"),
        "rnd": ("forsking og utvikling", "forskning og utvikling", "research and development"),
        "pilot": ("pilot", "pilot", "pilot"),
        "demonstration": ("demonstrasjon", "demonstrasjon", "demonstration"),
        "full_scale": ("fullskala", "fullskala", "full scale"),
        "scale_up": ("oppskalering", "oppskalering", "scale-up"),
        "operation": ("drift", "drift", "operation"),
        "any": ("alle steg", "alle steg", "any stage"),
    },
    "value_chain": {
        "any": ("alle verdikjeder", "alle verdikjeder", "any value chain"),
        "hydrogen": ("hydrogen", "hydrogen", "hydrogen"),
        "battery": ("batteri", "batteri", "batteries"),
        "offshore_wind": ("havvind", "havvind", "offshore wind"),
        "biogas": ("biogass", "biogass", "biogas"),
        "ccs": ("karbonfangst og -lagring", "karbonfangst og -lagring", "carbon capture and storage"),
        "process_industry": ("prosessindustri", "prosessindustri", "process industry"),
        "forest_bio": ("skog og tre", "skog og tre", "forest and wood"),
        "bioeconomy": ("bioøkonomi", "bioøkonomi", "bioeconomy"),
        "maritime": ("maritim næring", "maritim næring", "maritime industry"),
        "aquaculture": ("havbruk", "havbruk", "aquaculture"),
        "agriculture": ("landbruk", "landbruk", "agriculture"),
        "transport": ("transport", "transport", "transport"),
        "buildings": ("bygg", "bygg", "buildings"),
        "energy_system": ("energisystem", "energisystem", "energy system"),
        "solar": ("solenergi", "solenergi", "solar energy"),
        "manufacturing": ("tilverking", "tilvirkning", "manufacturing"),
        "digital": ("digital", "digital", "digital"),
        "public_sector": ("offentleg sektor", "offentlig sektor", "public sector"),
        "health": ("helse", "helse", "health"),
    },
    "type": {
        "financial": ("finansielt", "finansielt", "financial"),
        "collaboration": ("samarbeid", "samarbeid", "collaboration"),
        "competence": ("kompetanse", "kompetanse", "competence"),
    },
    "mission": {
        "I": (
            "oppdrag I (industriell symbiose)",
            "oppdrag I (industriell symbiose)",
            "mission I (industrial symbiosis)",
        ),
        "II": ("oppdrag II (infrastruktur)", "oppdrag II (infrastruktur)", "mission II (infrastructure)"),
        "III": ("oppdrag III (kompetanse)", "oppdrag III (kompetanse)", "mission III (competence)"),
    },
}


def label(facet: str, code: str, lang: str) -> str:
    words = _LABELS.get(facet, {}).get(code)
    if words is None:
        return code
    return words[LANGS.index(lang) if lang in LANGS else 2]


def cap(text: str) -> str:
    """First letter upper-case, the rest untouched (str.capitalize would lower 'II')."""
    return text[:1].upper() + text[1:]


def labels(facet: str, codes: object, lang: str) -> list[str]:
    return [label(facet, str(c), lang) for c in codes]  # type: ignore[attr-defined]
