"""The list of funded projects (/tildelingar): its query and its one context function.

``award_list_context`` feeds the HTML page, the htmx fragment, the CSV and JSON downloads, the Atom feed
and ``/api/v1/awards``. Counts and facets are SQL aggregates (``catalogue.awards.browse``); they are
cached per data stamp (a new import or new programme rules empty the cache), since at a million
activities each facet is a scan.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from analyser.lists import Page
from catalogue.awards import browse
from catalogue.awards.browse import ActivityRow, AwardFilter
from web.awards.view import AwardLabels
from web.lists import FacetGroup, ListParams, facet_group

LIST_PATH = "/tildelingar"
PER_PAGE = 25
MAX_PAGE = 400  # offset paging stops here: narrow the filter to see older projects
DOWNLOAD_ROWS = 10_000  # rows in one CSV/JSON download
Outcome = Literal["granted", "running", "finished", "rejected", "unknown"]
T = TypeVar("T")


class AwardQuery(ListParams):
    """Query parameters of the funded-project list (HTML, downloads, feed and API alike)."""

    PATH: ClassVar[str] = LIST_PATH
    FACETS: ClassVar[tuple[str, ...]] = browse.FACETS

    q: str = Field("", max_length=200, description="Words in the title or acronym, or a project number")
    funder: list[str] = Field([], description="Funder: agency code (FR, IN, ...) or EU")
    programme: list[str] = Field([], description="The funder's programme or activity code, e.g. ENERGIX")
    instrument: list[str] = Field([], description="Catalogue instrument slug, or 'none' for no instrument")
    county: list[str] = Field([], description="County code of the project, or 'unknown'")
    year: list[str] = Field([], description="Year (application, signature or award year), or 'unknown'")
    outcome: list[Outcome] = Field([], description="granted, running, finished, rejected, unknown")
    sector: list[str] = Field([], description="Sector of a participant: business, higher_education, ...")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(PER_PAGE, ge=1, le=200)

    @field_validator(*browse.FACETS, mode="before")
    @classmethod
    def _drop_blank(cls, v: Any) -> Any:
        return [x for x in v if x] if isinstance(v, list) else v

    @field_validator("year")
    @classmethod
    def _years(cls, v: list[str]) -> list[str]:
        for y in v:
            if y != browse.UNKNOWN and not (y.isdigit() and 1900 <= int(y) <= 2100):
                raise ValueError("a year is four digits (1900-2100) or 'unknown'")
        return v

    @field_validator("q")
    @classmethod
    def _printable(cls, v: str) -> str:
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in v):
            raise ValueError("the search text holds a control character")
        return v

    @field_validator("funder", "programme", "instrument", "county", "sector")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        for code in v:
            if len(code) > 100 or "\x00" in code:
                raise ValueError("a code is at most 100 characters")
        return v

    @classmethod
    def from_params(cls, params: QueryParams) -> tuple[AwardQuery, list[str]]:
        """Parse leniently: a bad value is dropped and named in the returned list of field names."""
        data: dict[str, Any] = {f: params.getlist(f) for f in cls.FACETS if f in params}
        data.update({k: params[k] for k in cls.model_fields if k not in cls.FACETS and k in params})
        try:
            return cls.model_validate(data), []
        except ValidationError as exc:
            bad = sorted({str(e["loc"][0]) for e in exc.errors()})
            return cls.model_validate({k: v for k, v in data.items() if k not in bad}), bad

    def to_filter(self) -> AwardFilter:
        return AwardFilter(q=self.q, **{f: frozenset(getattr(self, f)) for f in self.FACETS})


class _Lru:
    """A small least-recently-used cache shared by the requests of a process."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_COUNTS = _Lru()


def counted(session: Session, f: AwardFilter) -> tuple[int, dict[str, list[tuple[str, int]]], dict[str, str]]:
    """(total, facet counts, programme names) of a filter, cached per database and data stamp."""
    key = (str(session.get_bind().engine.url), browse.data_stamp(session), f)

    def compute() -> tuple[int, dict[str, list[tuple[str, int]]], dict[str, str]]:
        facets = browse.facet_counts(session, f)
        names = browse.programme_names(session, [v for v, _ in facets.get("programme", [])])
        return browse.count(session, f), facets, names

    return _COUNTS.get(key, compute)


def facet_groups(
    facets: dict[str, list[tuple[str, int]]], query: AwardQuery, labels: AwardLabels
) -> list[FacetGroup]:
    return [
        facet_group(f, labels.facet(f), dict(facets.get(f, [])), getattr(query, f), labels.value_of(f))
        for f in browse.FACETS
    ]


def award_list_context(
    session: Session, query: AwardQuery, labels: AwardLabels, *, rows: int | None = None
) -> dict[str, Any]:
    """Everything the list shows for one query; ``rows``: that many from the first (downloads, feed)."""
    f = query.to_filter()
    total, facets, names = counted(session, f)
    labels.programme_names.update(names)
    if rows is None:
        page = Page.of(query.page, query.per_page, total, clamp=False)
        offset, limit = page.offset, page.size
    else:
        page, offset, limit = Page.of(1, rows, total), 0, rows
    return {
        "query": query,
        "items": browse.activities(session, f, offset=offset, limit=limit),
        "total": total,
        "page": page,
        "facets": facet_groups(facets, query, labels),
        "max_page": MAX_PAGE,
    }


def award_record(a: ActivityRow) -> dict[str, Any]:
    """One activity as plain data (JSON, CSV, API): codes, not labels; amounts in major units."""
    return {
        "source": a.source,
        "id": a.source_ref,
        "url": f"{LIST_PATH}/{a.source}/{a.source_ref}",
        "title": a.title,
        "acronym": a.acronym,
        "funder": a.funder,
        "programme_code": a.programme_code,
        "programme_name": a.programme_name,
        "instrument": a.instrument,
        "outcome": a.outcome,
        "year": a.year,
        "county": a.county,
        "currency": a.currency,
        "amount_applied": _major(a.applied_minor),
        "amount_granted": _major(a.granted_minor),
        "lead_organisations": [name for name, _, _ in a.leads],
        "lead_orgnrs": [nr for _, nr, _ in a.leads if nr],
    }


def _major(minor: int | None) -> float | None:
    return None if minor is None else minor / 100
