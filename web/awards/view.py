"""Naming the codes of the award pages (funders, programmes, instruments, outcomes, sectors) and writing
amounts held in minor units per currency, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from analyser.text import N_
from catalogue.awards.browse import UNKNOWN, UNMAPPED
from web.i18n.catalogues import translator
from web.i18n.formatting import format_decimal, format_nok
from web.i18n.labels import Labeller

FACET_NAMES = {
    "funder": N_("Funder"),
    "programme": N_("Programme"),
    "instrument": N_("Instrument"),
    "county": N_("County"),
    "year": N_("Year"),
    "outcome": N_("Outcome"),
    "sector": N_("Sector"),
}
NO_INSTRUMENT = N_("No catalogue instrument")
NOT_GIVEN = N_("Not given")


class AwardLabels:
    """The labels of the award facets and values in one language (one per request: it also keeps the
    programme names the page's queries found)."""

    def __init__(self, labeller: Labeller) -> None:
        self.labeller = labeller
        self.lang = labeller.lang
        self.gettext = translator(labeller.lang).gettext
        self.programme_names: dict[str, str] = {}

    def facet(self, facet: str) -> str:
        return self.gettext(FACET_NAMES[facet])

    def value(self, facet: str, value: str | None) -> str:
        if facet == "funder":
            return self.funder(value)
        if facet == "programme":
            name = self.programme_names.get(value or "")
            return f"{name} ({value})" if name else value or self.gettext(NOT_GIVEN)
        if facet == "instrument":
            return self.instrument(value)
        if facet == "county":
            return self.labeller.value("county", None if value == UNKNOWN else value)
        if facet == "year":
            return self.gettext(NOT_GIVEN) if value in (None, UNKNOWN) else str(value)
        if facet == "outcome":
            return self.labeller.value("award_outcome", value)
        if facet == "sector":
            return self.labeller.value("sector_kind", value or UNKNOWN)
        raise ValueError(facet)

    def value_of(self, facet: str) -> Callable[[str], str]:
        return lambda v: self.value(facet, v)

    def funder(self, code: str | None) -> str:
        if code and self.labeller.knows("funder", code):
            return self.labeller.value("funder", code)
        return self.labeller.value("agency", code) if code else self.gettext(NOT_GIVEN)

    def instrument(self, slug: str | None) -> str:
        if slug in (None, UNMAPPED):
            return self.gettext(NO_INSTRUMENT)
        return self.labeller.name("instrument", slug)

    def role(self, role: str) -> str:
        return self.labeller.value("award_role", role)

    def outcome(self, outcome: str) -> str:
        return self.labeller.value("award_outcome", outcome)

    def money(self, money: Mapping[str, int] | None, unknown: str = "–") -> str:
        """ "12 500 000 kr + 626 200 EUR": each currency's sum, largest first."""
        if not money or not any(money.values()):
            return unknown
        parts = sorted(money.items(), key=lambda kv: -kv[1])
        return " + ".join(self.amount(minor, currency) for currency, minor in parts if minor)

    def amount(self, minor: int | None, currency: str, unknown: str = "–") -> str:
        if minor is None:
            return unknown
        major = Decimal(minor) / 100
        if currency == "NOK":
            return format_nok(int(major), self.lang, unknown, short=False)
        digits = 0 if major == int(major) else 2
        return f"{format_decimal(float(major), self.lang, digits)} {currency}"

    def rate(self, share: float | None) -> str:
        if share is None:
            return self.gettext(NOT_GIVEN)
        return f"{format_decimal(share * 100, self.lang, 0)} %"
