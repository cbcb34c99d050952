"""Norwegian (and English) typography for reports: dates, numbers, amounts and quotation marks.

Nynorsk and bokmål: "30. november 2026", thousands grouped with a narrow no-break space ("1 250 000"),
decimal comma ("0,82"), «guillemets». English: "30 November 2026", "1,250,000", "0.82", “quotes”.
``space`` lets the PDF renderer fall back to an ordinary no-break space for fonts without U+202F.
"""

from __future__ import annotations

import datetime as dt

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_MONTHS_NO = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def norwegian(lang: str) -> bool:
    return lang in ("nn", "nb")


def format_date(day: dt.date, lang: str) -> str:
    if norwegian(lang):
        return f"{day.day}. {_MONTHS_NO[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_int(value: int, lang: str, space: str = NARROW_NBSP) -> str:
    grouped = f"{value:,d}"
    return grouped.replace(",", space) if norwegian(lang) else grouped


def format_decimal(value: float, lang: str, digits: int = 2, space: str = NARROW_NBSP) -> str:
    text = f"{value:,.{digits}f}"
    if not norwegian(lang):
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", space)


def format_nok(value: int | None, lang: str, unknown: str = "–", space: str = NARROW_NBSP) -> str:
    """Amounts in kroner: millions as "12,5 mill. kr" / "NOK 12.5 million", smaller as "750 000 kr"."""
    if value is None:
        return unknown
    if abs(value) >= 1_000_000:
        millions = value / 1_000_000
        digits = 0 if millions >= 100 or millions == int(millions) else 1
        number = format_decimal(millions, lang, digits, space)
        return f"{number}{NBSP}mill.{NBSP}kr" if norwegian(lang) else f"NOK{NBSP}{number}{NBSP}million"
    number = format_int(value, lang, space)
    return f"{number}{NBSP}kr" if norwegian(lang) else f"NOK{NBSP}{number}"


def quote(text: str, lang: str) -> str:
    return f"«{text}»" if norwegian(lang) else f"“{text}”"
