"""Display text as data: the analyser says WHAT to tell, the web layer says it in the reader's language.

A :class:`Msg` is a gettext message id (English, ``%(name)s`` placeholders) with its arguments; the
arguments may be plain values, vocabulary codes or catalogue codes (:class:`Term`), amounts
(:class:`Amount`), dates, other messages, lists of messages (:class:`Parts`) or text the rule files give
in each language (:class:`Local`). ``web/i18n/wording.py`` translates the id through the one gettext
catalogue (``web/locale``), names every code and formats numbers and dates with Babel.

``msg("...")`` and ``nmsg("...", "...", n)`` are extraction keywords (``make messages``), so every message
the analyser can produce is in the catalogue. Placeholders are always ``%(name)s``: numbers are formatted
by the web layer before they are put in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Union


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message id for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Term:
    """Codes to be named in the reader's language: a vocabulary facet (``stage``, ``value_chain``, ``need``,
    ...) or a catalogue table (``agency``, ``barrier``, ``instrument``, ``county``, ``department``,
    ``consortium_name``). Several codes are joined as a list ("a, b and c"; ``join="or"``, or ``"/"``)."""

    kind: str
    codes: tuple[str, ...]
    join: str = "and"

    @classmethod
    def of(cls, kind: str, codes: str | Iterable[str], join: str = "and") -> Term:
        return cls(kind, (codes,) if isinstance(codes, str) else tuple(codes), join)


@dataclass(frozen=True)
class Amount:
    """An amount in Norwegian kroner."""

    nok: int


@dataclass(frozen=True)
class Local:
    """Text a rule file gives in each language (falls back nb → nn → en)."""

    en: str = ""
    nn: str = ""
    nb: str = ""

    def __bool__(self) -> bool:
        return bool(self.en or self.nn or self.nb)


Arg = Union[str, int, float, dt.date, "Msg", Term, Amount, Local, "Parts", None]


@dataclass(frozen=True)
class Msg:
    """A gettext message id with its arguments (``plural`` set: ngettext with the count in ``num``)."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()
    plural: str | None = None

    @property
    def params(self) -> dict[str, Arg]:
        return dict(self.args)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: the message id and its arguments."""
        return {
            "message": self.id,
            **({"plural": self.plural} if self.plural else {}),
            "args": plain(self.args),
        }


@dataclass(frozen=True)
class Parts:
    """Messages shown one after another, separated by ``sep`` (punctuation, the same in every language)."""

    items: tuple[Msg, ...]
    sep: str = "; "

    def __bool__(self) -> bool:
        return bool(self.items)


def msg(message: str, **args: Arg) -> Msg:
    return Msg(message, tuple(args.items()))


def nmsg(singular: str, plural: str, num: int, **args: Arg) -> Msg:
    return Msg(singular, (("num", num), *args.items()), plural)


def plain(value: Any) -> Any:
    """Messages and their arguments as JSON-ready data."""
    if isinstance(value, Msg):
        return value.as_dict()
    if isinstance(value, Parts):
        return [plain(m) for m in value.items]
    if isinstance(value, Term):
        return {"term": value.kind, "codes": list(value.codes)}
    if isinstance(value, Amount):
        return {"nok": value.nok}
    if isinstance(value, Local):
        return {"en": value.en, "nn": value.nn, "nb": value.nb}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple) and all(isinstance(x, tuple) and len(x) == 2 for x in value):
        return {str(k): plain(v) for k, v in value}
    return value


def to_data(obj: Any, text: Callable[[Any], Any] = plain) -> Any:
    """Dataclasses, tuples, dicts and dates as JSON-ready data; messages through ``text`` (the web layer
    passes its wording to give them in a language)."""
    if isinstance(obj, Msg | Parts | Local):
        return text(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name), text) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(x, text) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(x, text) for k, x in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
