"""Text side of the search index: normalisation, tokens, stop words and the words behind each tag.

Normalisation folds case and Norwegian letters so that a user without a Norwegian keyboard finds the
same things: ``æ`` → ``ae``, ``ø`` → ``o``, ``å`` → ``a``, other accents are stripped (``é`` → ``e``).
Tokens are runs of letters and digits.

Every instrument is indexed over weighted fields (see ``FIELD_WEIGHTS``): its names in all languages,
its summaries (English and nynorsk), the consortium condition, the facts note, its agency codes and the
English, bokmål and nynorsk labels of its tags (value chains, stages, funding forms, types, applicants,
and the flags ``funds_shared_infrastructure`` and ``risk_relief``), so a purpose such as "waste heat to a
greenhouse" or "felles infrastruktur" finds instruments across agencies, not only by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from catalogue.instruments.snapshot import InstrumentSnap

_SEPARATORS = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122) else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_COMBINING = re.compile(r"[\u0300-\u036f]")

# Field weights (term frequency multipliers): names ×3, tag labels ×2; agency codes, summaries, the
# consortium condition and the facts note ×1.
TF_UNIT = 1.0
FIELD_WEIGHTS = {"name": 3, "tags": 2, "summary": 1, "facts": 1}

STOPWORDS = frozenset(
    """
a an and are as at be by for from has have in into is it its of on or the that this to with without
og pa til av med som er ein en eit et den det dei de der om fra ved under over eller men
ikkje ikke ho han seg sin sitt sine vi kan skal vil blir vert har
""".split()
)

# (facet, value) -> words in English, bokmål and nynorsk. Value chains also carry a few typical uses.
TAG_WORDS: dict[tuple[str, str], str] = {
    ("type", "financial"): "financial funding finansiell finansiering",
    ("type", "collaboration"): "collaboration cooperation samarbeid",
    ("type", "competence"): "competence knowledge kompetanse",
    ("funding_form", "grant"): "grant tilskudd tilskot støtte stønad",
    ("funding_form", "loan"): "loan lån",
    ("funding_form", "guarantee"): "guarantee garanti",
    ("funding_form", "equity"): "equity investment egenkapital eigenkapital",
    ("funding_form", "tax_deduction"): "tax deduction skattefradrag skattefrådrag",
    ("funding_form", "advisory"): "advisory advice rådgivning rådgjeving",
    ("funding_form", "network_programme"): "network programme nettverksprogram",
    ("funding_form", "infrastructure_access"): "infrastructure access infrastruktur tilgang",
    ("applicant", "single_firm"): "firm company bedrift føretak",
    ("applicant", "sme"): "sme small medium enterprise smb",
    ("applicant", "large_firm"): "large firm storbedrift",
    ("applicant", "consortium"): "consortium konsortium",
    ("applicant", "cluster"): "cluster klynge",
    ("applicant", "research_org"): "research organisation university forskningsorganisasjon "
    "forskingsorganisasjon universitet",
    ("applicant", "municipality"): "municipality kommune",
    ("applicant", "county"): "county fylke fylkeskommune",
    ("applicant", "public_body"): "public body offentlig offentleg",
    ("applicant", "startup"): "startup gründer oppstart",
    ("applicant", "individual"): "individual person",
    ("stage", "idea"): "idea idé",
    ("stage", "feasibility"): "feasibility study forstudie mulighetsstudie moglegheitsstudie",
    ("stage", "rnd"): "research development forskning forsking utvikling fou",
    ("stage", "pilot"): "pilot",
    ("stage", "demonstration"): "demonstration demonstrasjon",
    ("stage", "full_scale"): "full scale fullskala",
    ("stage", "scale_up"): "scale up oppskalering",
    ("stage", "operation"): "operation drift",
    ("value_chain", "hydrogen"): "hydrogen",
    ("value_chain", "battery"): "battery batteri",
    ("value_chain", "offshore_wind"): "offshore wind havvind",
    ("value_chain", "biogas"): "biogas",
    ("value_chain", "ccs"): "carbon capture storage ccs karbonfangst",
    ("value_chain", "process_industry"): "process industry prosessindustri",
    ("value_chain", "forest_bio"): "forest forestry wood skog tre",
    ("value_chain", "bioeconomy"): "bioeconomy bioøkonomi",
    ("value_chain", "maritime"): "maritime shipping maritim",
    ("value_chain", "aquaculture"): "aquaculture fish farming havbruk oppdrett",
    ("value_chain", "agriculture"): "agriculture farming greenhouse jordbruk landbruk veksthus drivhus",
    ("value_chain", "transport"): "transport",
    ("value_chain", "buildings"): "buildings construction bygg bygninger bygningar",
    ("value_chain", "energy_system"): "energy system grid energisystem",
    ("value_chain", "solar"): "solar solenergi",
    ("value_chain", "manufacturing"): "manufacturing industry industri vareproduksjon",
    ("value_chain", "digital"): "digital digitalisering",
    ("value_chain", "public_sector"): "public sector offentlig offentleg sektor",
    ("value_chain", "health"): "health helse",
    ("flag", "funds_shared_infrastructure"): "shared infrastructure felles delt infrastruktur",
    ("flag", "risk_relief"): "risk relief risikoavlastning",
}

TAG_FIELDS = (
    ("type", "types"),
    ("funding_form", "funding_forms"),
    ("applicant", "applicants"),
    ("stage", "stages"),
    ("value_chain", "value_chains"),
)


def fold(text: str, table: bytes = _SEPARATORS) -> bytes:
    """``text`` as lower-case ASCII bytes, every byte that is not a letter or digit made a space.

    æ → ae, ø → o, å → a; other letters lose their accents (NFKD, combining marks dropped); what has no
    ASCII form is a separator. Work is per distinct non-ASCII character, not per character.
    """
    if not text.isascii():
        for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("Æ", "ae"), ("Ø", "o"), ("Å", "a")):
            text = text.replace(a, b)
        if not text.isascii():
            for c in set(_NON_ASCII.findall(text)):
                folded = _fold(c)
                if folded != c:
                    text = text.replace(c, folded)
    return text.encode("ascii", "replace").translate(table)


@lru_cache(maxsize=4096)
def _fold(c: str) -> str:
    return "ss" if c == "ß" else _COMBINING.sub("", unicodedata.normalize("NFKD", c.lower()))


def normalise(text: str) -> str:
    """Folded form of a text (``fold``), as a string of tokens separated by spaces."""
    return fold(text).decode("ascii")


def split(text: str) -> list[str]:
    """The tokens of a text: maximal runs of ASCII letters and digits after folding."""
    return fold(text).decode("ascii").split()


def tokens(text: str | None) -> list[str]:
    """Normalised query tokens of at least two characters, stop words dropped."""
    if not text:
        return []
    return [t for t in split(text) if len(t) > 1 and t not in STOPWORDS]


def surface_words(text: str | None) -> Iterator[tuple[str, str]]:
    """(token, lower-case word as written) pairs, for showing suggestions with æøå intact."""
    if not text:
        return
    for word in re.findall(r"\w+", text.lower()):
        for tok in tokens(word):
            yield tok, word


def tag_text(i: InstrumentSnap) -> str:
    words = [_tag_words(facet, getattr(i, attr)) for facet, attr in TAG_FIELDS]
    if i.funds_shared_infrastructure:
        words.append(TAG_WORDS[("flag", "funds_shared_infrastructure")])
    if i.risk_relief:
        words.append(TAG_WORDS[("flag", "risk_relief")])
    return " ".join(words)


@lru_cache(maxsize=65536)
def _tag_words(facet: str, values: tuple[str, ...]) -> str:
    return " ".join(TAG_WORDS.get((facet, v), "") for v in values)


def instrument_fields(i: InstrumentSnap) -> list[tuple[str, int]]:
    """(text, weight in ``TF_UNIT``) of every indexed field of an instrument."""
    w = FIELD_WEIGHTS
    return [
        (" ".join(n for n in (i.name_nb, i.name_nn, i.name_en) if n), w["name"]),
        (tag_text(i), w["tags"]),
        (
            " ".join((*i.all_agencies, i.summary_en or "", i.summary_nn or "", i.consortium_condition or "")),
            w["summary"],
        ),
        (i.facts_note or "", w["facts"]),
    ]


def weighted_terms(i: InstrumentSnap) -> tuple[Counter[str], float]:
    """Field-weighted term frequencies of an instrument in ``TF_UNIT`` steps, and its weighted length.

    Each field's tokens are repeated ``weight`` times and counted once, so the counting runs in C. Stop
    words and one-letter tokens are indexed too (queries drop them), which keeps this loop free of Python
    per-token work.
    """
    toks: list[str] = []
    for text, weight in instrument_fields(i):
        if text:
            toks += split(text) * weight
    return Counter(toks), len(toks) * TF_UNIT
