"""Numbers, amounts, dates and quotation marks in the interface language, through Babel.

English is British English (``en_GB``: "30 November 2026"). ``space`` replaces the locale's digit-group
separator where it is a space: reports use a narrow no-break space ("1 250 000"), PDF fonts without U+202F
an ordinary no-break space. The words around an amount ("NOK 12.5 million", "12,5 mill. kr") come from the
gettext catalogue, so the one catalogue decides them for pages, reports and the CLI alike.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal as babel_decimal
from babel.numbers import get_group_symbol

from analyser.text import N_
from web.i18n.catalogues import translator

LOCALES = {"nn": "nn", "nb": "nb", "en": "en_GB"}
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
QUOTES = {"nn": ("«", "»"), "nb": ("«", "»"), "en": ("“", "”")}
AMOUNT = N_("NOK %(amount)s")
MILLIONS = N_("NOK %(amount)s million")


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nn"])


def _grouped(text: str, lang: str, space: str | None) -> str:
    """``space`` for the locale's group separator where that is a space (Norwegian; not English ",")."""
    group = get_group_symbol(locale_of(lang))
    return text if space is None or not group.isspace() else text.replace(group, space)


def format_decimal(value: float, lang: str, digits: int | None = 2, space: str | None = NARROW_NBSP) -> str:
    """``value`` with ``digits`` decimals (None: as many as it has)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return _grouped(babel_decimal(value, format=pattern, locale=locale_of(lang)), lang, space)


def format_int(value: int, lang: str, space: str | None = NARROW_NBSP) -> str:
    return format_decimal(value, lang, 0, space)


def _unit(msgid: str, number: str, lang: str, together: bool) -> str:
    """The amount's words from the catalogue; ``together`` keeps them on one line (no-break spaces)."""
    pattern = translator(lang).gettext(msgid)
    return (pattern.replace(" ", NBSP) if together else pattern) % {"amount": number}


def format_nok(
    value: int | None, lang: str, unknown: str = "–", space: str | None = NARROW_NBSP, short: bool = True
) -> str:
    """Amounts in kroner. ``short`` (reports): millions as "12,5 mill. kr" / "NOK 12.5 million", kept on one
    line; otherwise the full amount, "1 250 000 kr" / "NOK 1,250,000"."""
    if value is None:
        return unknown
    if short and abs(value) >= 1_000_000:
        millions = value / 1_000_000
        digits = 0 if millions >= 100 or millions == int(millions) else 1
        return _unit(MILLIONS, format_decimal(millions, lang, digits, space), lang, True)
    return _unit(AMOUNT, format_int(value, lang, space), lang, short)


def format_date(day: dt.date, lang: str, form: str = "long") -> str:
    return babel_date(day, form, locale=locale_of(lang))


def quote(text: str, lang: str) -> str:
    start, end = QUOTES.get(lang, QUOTES["nn"])
    return f"{start}{text}{end}"


class Formatter:
    """The formatters of one language, for templates (``fmt``) and renderers."""

    def __init__(self, lang: str, group: str | None = None) -> None:
        self.lang = lang
        self.group = group

    def number(self, n: float | None, digits: int | None = None) -> str:
        return "" if n is None else format_decimal(n, self.lang, digits, self.group)

    def nok(self, n: int | None, unknown: str = "") -> str:
        return format_nok(n, self.lang, unknown, self.group, short=False)

    def nok_short(self, n: int | None, unknown: str = "–") -> str:
        return format_nok(n, self.lang, unknown, self.group)

    def pct_range(self, low: int | None, high: int | None) -> str:
        if low is None and high is None:
            return ""
        if low is None or high is None or low == high:
            return f"{self.number(low if high is None else high)} %"
        return f"{self.number(low)}–{self.number(high)} %"

    def date(self, d: dt.date | None) -> str:
        return "" if d is None else format_date(d, self.lang)

    def datetime(self, t: dt.datetime | None) -> str:
        return "" if t is None else babel_datetime(t, "medium", locale=locale_of(self.lang))

    def quote(self, text: str) -> str:
        return quote(text, self.lang)


@lru_cache(maxsize=8)
def formatter(lang: str, group: str | None = None) -> Formatter:
    return Formatter(lang, group)


def format_money(
    minor: int | None, currency: str, lang: str, space: str | None = NARROW_NBSP, short: bool = True
) -> str:
    """An amount in minor units (øre, cent) of ``currency``: kroner as ``format_nok``, other currencies as
    whole units with the ISO code ("1 250 000 EUR")."""
    if minor is None:
        return "–"
    units = (minor + 50) // 100
    if currency == "NOK":
        return format_nok(units, lang, space=space, short=short)
    return f"{format_int(units, lang, space)}{NBSP}{currency}"
