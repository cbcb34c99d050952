"""Matched terms for explanations: which words or phrases of a barrier occur in an instrument's text.

Pure string matching with rapidfuzz for spelling variants (nynorsk/bokmål, inflections, compounds); kept
apart from ``analyser.matching.relevance`` (TF-IDF, scikit-learn) so that code which only explains a
score does not import scikit-learn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    """
a an and are as at be by for from in into is it of on or the to with og i på til av med som er ein en eit et
den det dei de der om frå fra ved for å ikkje ikke
""".split()
)


def fold(text: str) -> str:
    """Lower-case and strip accents other than æ, ø, å."""
    out = []
    for ch in text.lower():
        if ch in "æøå":
            out.append(ch)
            continue
        out.append(unicodedata.normalize("NFKD", ch)[0])
    return "".join(out)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) >= 3 and w not in STOPWORDS]


def _same_stem(a: str, b: str) -> bool:
    """Inflections: a common prefix of at least 5 letters and 70 % of the shorter word."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= max(5, int(0.7 * min(len(a), len(b))))


def _word_in(word: str, vocabulary: list[str]) -> bool:
    if word in vocabulary:
        return True
    if len(word) >= 5 and any(word in v or _same_stem(word, v) for v in vocabulary):
        return True
    return process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=84) is not None


def matched_terms(terms: Sequence[str], text: str) -> list[str]:
    """The terms (words or phrases) whose every word occurs in ``text``, allowing spelling variants.

    A word matches an equal word, a longer compound that contains it (≥ 5 letters: infrastruktur in
    testinfrastruktur), an inflection with the same stem (virkemidlar ~ virkemiddel), or a word with
    rapidfuzz ratio ≥ 84 (verkemiddel ~ virkemiddel, risikoavlasting ~ risikoavlastning).
    """
    vocabulary = sorted(set(words(text)))
    if not vocabulary:
        return []
    found = []
    for term in terms:
        parts = words(term)
        if parts and all(_word_in(p, vocabulary) for p in parts):
            found.append(term)
    return found
