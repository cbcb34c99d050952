"""Facet values of an instrument (the search index keeps a bitset per value: ``analyser.lists.FacetBits``).

Facet rules (the SQL side, ``catalogue.instruments.repository.facet_counts_sql``, applies the same ones):

- ``agency``: the lead agency AND every partner agency, so a joint scheme counts under each of them;
- ``type``, ``applicant``, ``stage``, ``value_chain``, ``mission``, ``funding_form``: the instrument's
  tags (an instrument without tags of a facet is counted under no value of it);
- ``consortium``: ``consortium_eligibility`` (yes / no / partial), ``unknown`` when NULL;
- ``status``: active / closed, ``unknown`` when NULL;
- ``deadline_kind``: continuous / calls / annual, ``unknown`` when NULL;
- ``county``: ``national`` for national instruments; a regional one counts under each of its county
  codes, or under ``all_counties`` when its county list is empty; ``unknown`` when the geography is NULL
  and no county is listed (a NULL geography with counties listed counts under those counties).
"""

from __future__ import annotations

from operator import attrgetter

from catalogue.instruments.snapshot import InstrumentSnap

FACETS = (
    "agency",
    "type",
    "applicant",
    "consortium",
    "stage",
    "value_chain",
    "mission",
    "county",
    "status",
    "funding_form",
    "deadline_kind",
)

TAG_ATTRS = {
    "type": "types",
    "applicant": "applicants",
    "stage": "stages",
    "value_chain": "value_chains",
    "mission": "missions",
    "funding_form": "funding_forms",
}
SCALAR_ATTRS = {"consortium": "consortium_eligibility", "status": "status", "deadline_kind": "deadline_kind"}
UNKNOWN = "unknown"


def county_values(i: InstrumentSnap) -> tuple[str, ...]:
    if i.geography == "national":
        return ("national",)
    if i.counties:
        return tuple(dict.fromkeys(i.counties))
    if i.geography == "regional":
        return ("all_counties",)
    return (UNKNOWN,)


def facet_values(i: InstrumentSnap) -> dict[str, tuple[str, ...]]:
    """The values an instrument counts under, per facet (each value once)."""
    out: dict[str, tuple[str, ...]] = {"agency": tuple(dict.fromkeys(i.all_agencies))}
    for facet, attr in TAG_ATTRS.items():
        out[facet] = tuple(dict.fromkeys(getattr(i, attr)))
    for facet, attr in SCALAR_ATTRS.items():
        out[facet] = (getattr(i, attr) or UNKNOWN,)
    out["county"] = county_values(i)
    return out


def facet_column(facet: str, snaps: list[InstrumentSnap]) -> list[tuple[str, ...]]:
    """The values of one facet for every instrument (``facet_values`` by column; duplicates allowed)."""
    if facet in TAG_ATTRS:
        return list(map(attrgetter(TAG_ATTRS[facet]), snaps))
    if facet in SCALAR_ATTRS:
        return [(v or UNKNOWN,) for v in map(attrgetter(SCALAR_ATTRS[facet]), snaps)]
    if facet == "agency":
        return list(map(attrgetter("all_agencies"), snaps))
    return list(map(county_values, snaps))
