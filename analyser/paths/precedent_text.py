"""Words of funded projects' titles and texts, so that nynorsk, bokmål and English variants meet.

Normalisation (method in docs/paths.md, "Funded projects like yours"): lower case; accents folded and
``æ`` → ``e``, ``ø`` → ``o``, ``å`` → ``a`` (*bærekraft* = *berekraft*); English spelling made Norwegian
where it differs by rule only: ``ies`` → ``y`` at a word's end, ``ch`` → ``k``, ``ph`` → ``f``, ``th`` →
``t``, ``c`` → ``s`` before e/i/y and ``k`` elsewhere, ``w`` → ``v``, ``qu`` → ``kv``, ``x`` → ``ks``,
``z`` → ``s`` (*process* = *prosess*, *carbon* = *karbon*, *technology* ≈ *teknologi*).
Words are runs of letters and digits of at least 3 characters, stop words (nn/nb/en) dropped. A word's
**term** is its first ``STEM`` characters (*produksjon*/*production* → ``produ``,
*industri*/*industrial* → ``indus``, *energi*/*energy* → ``energ``).

Value chains are recognised from whole words (``CHAIN_STEMS``: a word starting with one of a chain's stems,
normalised the same way), not from terms, so that *hydropower* is not *hydrogen*.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

STEM = 5
_WORD = re.compile(r"[a-z0-9]+")
# English spelling rules, applied in this order (str.replace: fast on large chunks of text)
_PLURAL = re.compile(r"ies\b")  # after at least three letters (checked in normalise)
_ENGLISH: tuple[tuple[str, str], ...] = (("ch", "k"), ("ph", "f"), ("th", "t"), ("qu", "kv"), ("ce", "se"))
_ENGLISH += (("ci", "si"), ("cy", "sy"), ("c", "k"), ("w", "v"), ("x", "ks"), ("z", "s"))
_ASCII = frozenset(map(chr, range(128)))
_STOP = """
a an and are as at be by for from has have in into is it its of on or the that this to with without new
og pa til av med som er ein en eit et den det dei de der om fra ved under over eller men ikkje ikke
nye ny nytt nyt sin sitt sine seg kan skal vil blir vert har for fram frem mot
"""

# value chain -> stems of words that name it (nn/nb/en), before normalisation
CHAIN_WORDS: dict[str, tuple[str, ...]] = {
    "hydrogen": ("hydrogen", "ammoniakk", "ammonia", "elektrolys", "electrolys", "brenselcelle"),
    "battery": ("batteri", "battery", "batteries", "litium", "lithium"),
    "offshore_wind": ("havvind", "offshorevind"),
    "biogas": ("biogas", "biometan", "biomethane", "biorest"),
    "ccs": ("karbonfangst", "co2fangst", "ccs", "ccus"),
    "process_industry": (
        "prosessindustri",
        "smelteverk",
        "smelter",
        "aluminium",
        "silisium",
        "silicon",
        "ferrolegering",
        "ferroalloy",
        "sement",
        "cement",
        "metallurg",
    ),
    "forest_bio": ("skog", "forest", "treverk", "trebasert", "timber", "wood", "lignin", "cellulose"),
    "bioeconomy": ("bioøkonomi", "bioeconomy", "biomasse", "biomass", "biobasert", "biobased", "bioraffiner"),
    "maritime": ("maritim", "skip", "ship", "fartøy", "vessel", "ferje", "ferry", "hamn", "havn"),
    "aquaculture": ("havbruk", "oppdrett", "akvakultur", "aquacultur", "fiskefôr", "laks", "salmon"),
    "agriculture": ("landbruk", "jordbruk", "agricultur", "veksthus", "drivhus", "greenhouse", "husdyr"),
    "transport": ("transport", "logistikk", "logistics"),
    "buildings": ("bygg", "bygning", "building", "construction"),
    "energy_system": ("energisystem", "kraftnett", "straumnett", "strømnett", "fjernvarme"),
    "solar": ("solenergi", "solcelle", "solar", "photovolta"),
    "manufacturing": ("vareproduksjon", "manufactur"),
    "digital": ("digital", "maskinlæring"),
    "health": ("helse", "health", "pasient", "patient"),
}


def _fold_char(c: str) -> str:
    if c in "æøå":
        return {"æ": "e", "ø": "o", "å": "a"}[c]
    base = unicodedata.normalize("NFKD", c)[0]
    return base if base.isascii() else c


_FOLD = str.maketrans(
    {chr(i): _fold_char(chr(i)) for i in range(0xC0, 0x250) if _fold_char(chr(i)) != chr(i)}
)


def normalise(text: str) -> str:
    """Lower case, accents and æøå folded, English spelling rules applied (one line per input line)."""
    out = text.lower()
    for char in set(out).difference(_ASCII):  # a few distinct letters, however long the text
        out = out.replace(char, char.translate(_FOLD))
    if "ies" in out:
        out = _PLURAL.sub(lambda m: "y" if out[max(0, m.start() - 3) : m.start()].isalpha() else "ies", out)
    for old, new in _ENGLISH:
        out = out.replace(old, new)
    return out


STOPWORDS = frozenset(normalise(_STOP).split())


SEPARATOR = "zzz"  # between texts in chunk_words: cannot occur in normalised text (every z becomes s)


def chunk_words(texts: Sequence[str]) -> list[str]:
    """The words of many texts in one list, each text followed by ``SEPARATOR`` (short words and stop
    words kept: the caller drops them per distinct word)."""
    joined = normalise("\x01".join(texts))
    words: list[str] = _WORD.findall(joined.replace("\x01", f" {SEPARATOR} ") + f" {SEPARATOR}")
    return words


def kept(word: str) -> bool:
    return len(word) >= 3 and word not in STOPWORDS


def words_of(texts: Sequence[str]) -> list[list[str]]:
    """The words of each text (normalised, stop words and words under 3 characters dropped)."""
    if not texts:
        return []
    joined = normalise("\n".join(t.replace("\n", " ").replace("\r", " ") for t in texts))
    stop = STOPWORDS
    return [[w for w in _WORD.findall(line) if len(w) >= 3 and w not in stop] for line in joined.split("\n")]


# (normalised stem, chain bit) of every word of CHAIN_WORDS
CHAIN_STEMS = tuple(
    (normalise(stem), bit) for bit, stems in enumerate(CHAIN_WORDS.values()) for stem in stems
)


def chain_bits(word: str) -> int:
    """Bit mask (bit = position in ``CHAIN_WORDS``) of the value chains a normalised word names."""
    mask = 0
    for stem, bit in CHAIN_STEMS:
        if word.startswith(stem):
            mask |= 1 << bit
    return mask
