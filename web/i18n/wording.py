"""Analyser messages (``analyser.text``) in the reader's language.

``Labeller(snapshot, lang).text(msg)`` translates the message id through the one gettext catalogue and
words every argument: vocabulary codes by their labels (lower-case inside a sentence), catalogue codes
by their names in the language, amounts, numbers and dates through Babel, text from the rule files in
the language. Nothing the analyser holds as a code reaches the reader as a code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from analyser.text import N_, Amount, Local, Msg, Parts, Term
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules
from web.i18n.catalogues import Translator
from web.i18n.formatting import formatter


class Labeller(Protocol):
    """What wording needs of ``web.i18n.labels.Labeller`` (a protocol, so the two modules do not import
    each other)."""

    lang: str
    t: Translator
    snapshot: CatalogueSnapshot

    def value(self, facet: str, value: object) -> str: ...


AND = N_("%(items)s and %(last)s")
OR = N_("%(items)s or %(last)s")
CATALOGUE_KINDS = ("agency", "barrier", "instrument", "department", "consortium_name", "county", "mission")


@lru_cache(maxsize=1)
def ministries() -> dict[str, dict[str, Any]]:
    """Ministry code → its record in ``seeds/ministries.yaml`` (name_nn, name_nb, name_en)."""
    return {m["code"]: m for m in load_rules("ministries") or ()}


def ministry_name(code: str, lang: str) -> str:
    found = ministries().get(code)
    return str(found.get(f"name_{lang}") or found.get("name_nn") or code) if found else code


class Wording:
    def __init__(self, labels: Labeller) -> None:
        self.labels = labels
        self.lang = labels.lang
        self.t = labels.t
        self.fmt = formatter(labels.lang)
        snap = labels.snapshot
        barriers = {b.code: b for b in snap.barriers}
        consortia = {c.slug: c.name for c in snap.consortia}
        self._instruments: dict[str, Any] | None = None
        self._names: dict[str, Callable[[str], str]] = {
            "barrier": lambda c: b.title(self.lang) if (b := barriers.get(c)) else c,
            "instrument": self.instrument,
            "consortium_name": lambda c: consortia.get(c, c),
            "department": lambda c: ministry_name(c, self.lang),
        }

    def instrument(self, slug: str) -> str:
        if self._instruments is None:
            self._instruments = {i.slug: i for i in self.labels.snapshot.instruments}
        found = self._instruments.get(slug)
        return found.name(self.lang) if found else slug

    def __call__(self, value: object) -> str:
        if isinstance(value, Msg):
            return self.message(value)
        if isinstance(value, Parts):
            return value.sep.join(self.message(m) for m in value.items)
        if isinstance(value, Term):
            return self.term(value)
        if isinstance(value, Amount):
            return self.fmt.nok(value.nok)
        if isinstance(value, Local):
            return self.local(value)
        if isinstance(value, bool) or value is None:
            return self.labels.value("bool", value)
        if isinstance(value, (int, float)):
            return self.fmt.number(value)
        if isinstance(value, dt.date):
            return self.fmt.date(value)
        return str(value)

    def message(self, m: Msg) -> str:
        """The message in the language; a label that opens it keeps its capital ("Full scale: apply ...")."""
        args = {
            k: self.term(v, inline=not m.id.startswith(f"%({k})s")) if isinstance(v, Term) else self(v)
            for k, v in m.args
        }
        if m.plural is None:
            return self.t.gettext(m.id, **args) if args else self.t.gettext(m.id)
        num = dict(m.args).get("num")
        count = num if isinstance(num, int) else 0
        return self.t.ngettext(m.id, m.plural, count, **args)  # "num" as Babel formats it

    def term(self, term: Term, inline: bool = True) -> str:
        names = [self.name(term.kind, c, inline) for c in term.codes]
        if names and not inline:
            names[1:] = [self.name(term.kind, c) for c in term.codes[1:]]
        return self.join(names, term.join)

    def name(self, kind: str, code: str, inline: bool = True) -> str:
        """One code named: catalogue names as they are, vocabulary labels in lower case inside a sentence."""
        if kind in self._names:
            return self._names[kind](code)
        label = self.labels.value(kind, code)
        return label if kind in CATALOGUE_KINDS or not inline else lower_first(label)

    def join(self, items: list[str], how: str = "and") -> str:
        """'a, b and c' ('or'); '/' and ',' join without a word."""
        if how in ("/", ","):
            return (how if how == "/" else ", ").join(items)
        if len(items) <= 1:
            return "".join(items)
        pattern = OR if how == "or" else AND
        return self.t.gettext(pattern, items=", ".join(items[:-1]), last=items[-1])

    def local(self, text: Local) -> str:
        order = {"nb": (text.nb, text.nn, text.en), "nn": (text.nn, text.en), "en": (text.en,)}
        return next((x for x in order.get(self.lang, ()) if x), text.en or text.nn or text.nb)


def inline(label: str) -> str:
    """A label inside a sentence: first letter in lower case, unless the first word is an acronym ("FoU")."""
    word = label.split(" ", 1)[0]
    if not word[:1].isupper() or any(ch.isupper() for ch in word[1:]):
        return label
    return label[:1].lower() + label[1:]


lower_first = inline  # ``name`` has a parameter called ``inline``
