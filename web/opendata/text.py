"""Language-tagged literals in bokmål, nynorsk and English, from the one translation path (gettext catalogues
and the vocabulary labels of ``web.i18n.labels``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from web.i18n.catalogues import translator
from web.i18n.labels import FACET_LABELS, VALUE_LABELS

LANGS = ("nb", "nn", "en")

Texts = Mapping[str, str]  # language → text


def gettexts(message: str, **variables: object) -> dict[str, str]:
    """``message`` translated into each language."""
    return {lang: translator(lang).gettext(message, **variables) for lang in LANGS}


def value_label(facet: str, value: object) -> dict[str, str]:
    msgid = VALUE_LABELS.get(facet, {}).get(str(value))
    return {lang: translator(lang).gettext(msgid) if msgid else str(value) for lang in LANGS}


def facet_label(facet: str) -> dict[str, str]:
    return gettexts(FACET_LABELS[facet])


def joined(parts: Iterable[Texts], sep: str = ", ") -> dict[str, str]:
    parts = list(parts)
    return {lang: sep.join(p[lang] for p in parts if p.get(lang)) for lang in LANGS}


def fact(label: Texts, value: Texts) -> dict[str, str]:
    """``"label: value"`` in each language."""
    return {lang: f"{label[lang]}: {value[lang]}" for lang in LANGS}


def yes_no(value: bool) -> dict[str, str]:
    return value_label("bool", "true" if value else "false")


def add_texts(g: Graph, node: Node, predicate: URIRef, texts: Texts) -> None:
    """One literal per language that has a non-empty text."""
    for lang in LANGS:
        text = texts.get(lang)
        if text:
            g.add((node, predicate, Literal(text, lang=lang)))
