"""The evidence of findings from funded-project data (``analyser.gaps.awards``) on the gap page: sources
with their years, example awards, programmes, organisations and the reasons a fact is not measurable,
worded in the interface language (no code shows)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from web.gaps.items import Item
from web.i18n.formatting import format_money
from web.templating import N_

AWARD_LABELS = {
    "sources": N_("Sources and years"),
    "not_measurable_sources": N_("Sources that cannot show it"),
    "awards": N_("Funded projects (largest first)"),
    "awards_more": N_("Further projects not listed"),
    "funded": N_("Funded projects"),
    "multi_organisation": N_("Of them with two or more organisations"),
    "share_multi": N_("Share with two or more organisations"),
    "currency": N_("Currency"),
    "granted_minor": N_("Money granted in all"),
    "unmapped_minor": N_("Of it through programmes missing from the catalogue"),
    "unmapped_funded": N_("Funded projects in those programmes"),
    "share_unmapped": N_("Share of the money"),
    "programmes": N_("Programmes"),
    "programmes_more": N_("Further programmes not listed"),
    "not_measurable": N_("Not measurable"),
    "grid_finding": N_("The hole in the mission grid"),
    "contradicted": N_("Holes where projects were funded"),
    "counties": N_("Funded projects by county"),
    "programme": N_("Programme"),
    "business_rejected": N_("Business applicants rejected"),
    "business_decided": N_("Decided applications from business"),
    "other_rejected": N_("Other applicants rejected"),
    "other_decided": N_("Decided applications from others"),
    "rejection_difference": N_("Difference in rejection rate"),
    "p_value": N_("p-value (Fisher's exact test, one-sided)"),
    "funders": N_("Funders"),
    "organisations": N_("Organisations"),
    "organisations_more": N_("Further organisations not listed"),
    "members_funded": N_("Members with funding"),
    "funding": N_("Funding by funder"),
}
REASONS = {
    "no-partners": N_("the sources name only the responsible organisation, not the partners"),
    "too-few": N_("too few cases in the sources to say"),
    "no-rejections": N_("the sources list grants only, not rejected applications"),
    "no-classification": N_("no programme in the data is classified into this value chain"),
}


def _years(s: Mapping[str, Any]) -> str:
    start, end = s.get("year_from"), s.get("year_to")
    if start is None:
        return ""
    return f"{start}" if end in (None, start) else f"{start}–{end}"


class AwardWords:
    """Words for the award keys of a finding's evidence; ``currency`` for its sums."""

    def __init__(self, r: Any, evidence: Mapping[str, Any]) -> None:  # r: web.gaps.evidence.Resolver
        self.r, self.t, self.ev = r, r.t, evidence
        self.currency = str(evidence.get("currency") or "NOK")

    def money(self, minor: int | None, currency: str | None = None) -> str:
        return format_money(minor, currency or self.currency, self.r.lang, short=False)

    def pct(self, share: float) -> str:
        return f"{self.r.fmt.number(round(100 * share, 1))} %"

    def items(self, key: str, value: Any) -> tuple[Item, ...]:
        method: Callable[[Any], Any] | None = getattr(self, f"_{key}", None)
        if method is not None:
            return tuple(method(value))
        if key in ("share_multi", "share_unmapped", "rejection_difference"):
            return (Item(self.pct(float(value))),)
        if key in ("granted_minor", "unmapped_minor"):
            return (Item(self.money(int(value))),)
        if key == "p_value":
            return (Item(self.r.fmt.number(float(value), 4)),)
        if key == "grid_finding":
            return (Item(self.t.gettext("Open the grid hole"), f"/gap/{value}"),)
        return self.r.values(key, value)

    def _source(self, s: Mapping[str, Any]) -> Item:
        shows = (
            self.t.gettext("names every participant")
            if s.get("shows_partners")
            else self.t.gettext("names only the responsible organisation")
        )
        years = _years(s)
        return Item(f"{s['name']}" + (f", {years}" if years else "") + f" ({shows})")

    def _sources(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [self._source(s) for s in value]

    def _not_measurable_sources(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return self._sources(value)

    def _awards(self, value: list[Mapping[str, Any]]) -> list[Item]:
        out = []
        for a in value:
            orgs = ", ".join(a.get("organisations") or [])
            extra = int(a.get("organisation_count") or 0) - len(a.get("organisations") or [])
            if extra > 0:
                orgs += " " + self.t.gettext("and %(num)s more", num=self.r.fmt.number(extra))
            parts = [
                a.get("title") or self.t.gettext("(no title)"),
                self.t.gettext("project %(ref)s", ref=a.get("ref")),
                str(a.get("year") or ""),
                a.get("programme") or "",
                orgs,
                self.money(a.get("granted_minor"), a.get("currency")),
                self.r.labels.value("award_outcome", a.get("outcome")),
            ]
            out.append(Item(" · ".join(p for p in parts if p)))
        return out

    def _programmes(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [
            Item(
                f"{p['programme']} {p['name']}".strip()
                + ": "
                + self.t.gettext(
                    "%(money)s, %(funded)s of %(num)s projects funded",
                    money=self.money(p["granted_minor"], p["currency"]),
                    funded=self.r.fmt.number(p["funded"]),
                    num=self.r.fmt.number(p["activities"]),
                )
            )
            for p in value
        ]

    def _not_measurable(self, value: list[Mapping[str, Any]]) -> list[Item]:
        out = []
        for entry in value:
            reason = self.t.gettext(REASONS.get(str(entry.get("reason")), REASONS["too-few"]))
            if "business_decided" in entry:
                reason += (
                    " ("
                    + self.t.gettext(
                        "%(business)s from business, %(others)s from others",
                        business=self.r.fmt.number(entry["business_decided"]),
                        others=self.r.fmt.number(entry["other_decided"]),
                    )
                    + ")"
                )
            if "instrument" in entry:
                head = self.r.instrument(str(entry["instrument"]))
                if entry.get("programme"):
                    programme = str(entry["programme"]).split(":", 1)[-1]
                    head = Item(f"{head.text} ({programme})", head.href)
                out.append(Item(f"{head.text}: {reason}", head.href))
            else:
                mission = self.r.labels.value("mission_topic", entry.get("mission"))
                chain = self.r.labels.value("value_chain", entry.get("value_chain"))
                out.append(Item(f"{mission}, {chain}: {reason}"))
        return out

    def _contradicted(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [
            Item(
                f"{self.r.labels.value('type', c['type'])} / {self.r.labels.value('stage', c['stage'])}: "
                + self.t.ngettext("%(num)s funded project", "%(num)s funded projects", c["funded"])
            )
            for c in value
        ]

    def _counties(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [
            Item(
                (
                    self.r.labels.value("county", c["county"])
                    if c["county"]
                    else self.t.gettext("county not given")
                )
                + f": {self.r.fmt.number(c['funded'])}"
            )
            for c in value
        ]

    def _funding_line(self, f: Mapping[str, Any]) -> str:
        return self.t.ngettext(
            "%(funder)s: %(num)s project, %(money)s",
            "%(funder)s: %(num)s projects, %(money)s",
            f["activities"],
            funder=self.r.labels.value("agency", f["funder"]),
            money=self.money(f["granted_minor"], f["currency"]),
        )

    def _funding(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [Item(self._funding_line(f)) for f in value]

    def _organisations(self, value: list[Mapping[str, Any]]) -> list[Item]:
        return [
            Item(
                o["organisation"]
                + (f" ({o['orgnr']})" if o.get("orgnr") else "")
                + ": "
                + "; ".join(self._funding_line(f) for f in o["funding"])
            )
            for o in value
        ]

    def _funders(self, value: list[str]) -> list[Item]:
        return [Item(self.r.labels.value("agency", f)) for f in value]

    def _currency(self, value: str) -> list[Item]:
        return [Item(str(value))]

    def _programme(self, value: str) -> list[Item]:
        return [Item(str(value).split(":", 1)[-1])]
