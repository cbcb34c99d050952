"""Numbers, amounts and dates in the interface language (Babel)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal


class Formatter:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def number(self, n: int | float | None) -> str:
        return "" if n is None else format_decimal(n, locale=self.lang)

    def nok(self, n: int | None) -> str:
        if n is None:
            return ""
        return f"NOK {self.number(n)}" if self.lang == "en" else f"{self.number(n)} kr"

    def pct_range(self, low: int | None, high: int | None) -> str:
        if low is None and high is None:
            return ""
        if low is None or high is None or low == high:
            return f"{low if high is None else high} %"
        return f"{low}–{high} %"

    def date(self, d: dt.date | None) -> str:
        return "" if d is None else format_date(d, "long", locale=self.lang)

    def datetime(self, t: dt.datetime | None) -> str:
        return "" if t is None else format_datetime(t, "medium", locale=self.lang)


@lru_cache(maxsize=8)
def formatter(lang: str) -> Formatter:
    return Formatter(lang)
