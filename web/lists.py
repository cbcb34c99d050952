"""What the faceted list pages share (the instrument list /instrumenter, the gap list /gap).

Every list has the same shape: a query model read from the URL (a ``ListParams`` subclass), one context
function that returns ``query``, ``items``, ``total``, ``page`` (``analyser.lists.Page``) and ``facets``
(``FacetGroup``s), and three routes built from that one context: the page or its htmx fragment
(``list_page``), JSON and CSV (``json_download``, ``csv_download``). The templates share their macros in
``web/templates/_list.html`` (facet sidebar, active-filter chips, result count, pagination).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from catalogue.escaping import csv_cell
from web.templating import VARY, render

# Blocks of a list template an htmx request may get (the server decides, never the client).
LIST_FRAGMENT = ("results", "facets", "status")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


def facet_group(
    name: str,
    label: str,
    counts: Mapping[str, int],
    chosen: Collection[str],
    label_of: Callable[[str], str],
    order: Sequence[str] | None = None,
) -> FacetGroup:
    """The values of one facet with a count or ticked, in ``order`` (default: as counted, then the ticked
    values nothing has, alphabetically)."""
    if order is None:
        order = [*counts, *sorted(set(chosen) - counts.keys())]
    values = [
        FacetValue(v, label_of(v), counts.get(v, 0), v in chosen)
        for v in order
        if counts.get(v) or v in chosen
    ]
    return FacetGroup(name, label, values)


class ListParams(BaseModel):
    """The query of a list page: the URL holds the whole state; ``params``/``url`` write it back."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    PATH: ClassVar[str]
    FACETS: ClassVar[tuple[str, ...]]

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The non-default parameters as (name, value) pairs, with ``changes`` applied."""
        values = {**self.model_dump(), **changes}
        out: list[tuple[str, str]] = []
        for name, field in type(self).model_fields.items():
            v = values[name]
            if v is None or v == field.default or v == [] or v == "":
                continue
            out.extend((name, str(x)) for x in (v if isinstance(v, list) else [v]))
        return out

    def url(self, path: str | None = None, **changes: Any) -> str:
        qs = urlencode(self.params(**changes))
        path = path or self.PATH
        return f"{path}?{qs}" if qs else path

    def without(self, facet: str, value: str) -> str:
        """The list URL with one facet value unticked (page back to 1)."""
        changes: dict[str, Any] = {facet: [v for v in getattr(self, facet) if v != value], "page": 1}
        return self.url(**changes)

    def filters(self) -> dict[str, frozenset[str]]:
        """The ticked values of every facet that has some."""
        return {f: frozenset(getattr(self, f)) for f in self.FACETS if getattr(self, f)}


def list_page(
    request: Request, template: str, query: ListParams, context: dict[str, Any], ignored: list[str]
) -> Response:
    """The list page, or its fragment for htmx; ``ignored``: the query values that were not understood."""
    return render(
        request, template, {**context, "ignored": ignored}, fragment=LIST_FRAGMENT, page_url=query.url()
    )


def json_download(body: dict[str, Any], filename: str) -> Response:
    return JSONResponse(body, headers={"Content-Disposition": f'inline; filename="{filename}"', "Vary": VARY})


def csv_download(records: list[dict[str, Any]], filename: str) -> Response:
    return Response(
        to_csv(records),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": VARY},
    )


def to_csv(records: list[dict[str, Any]]) -> str:
    """Records as CSV (lists joined with "; ", unknown as empty), with a BOM so spreadsheets read UTF-8.

    Text a spreadsheet would run as a formula is neutralised (``catalogue.escaping.csv_cell``)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    if not records:
        return buf.getvalue()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        writer.writerow(
            {
                k: csv_cell("; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v))
                for k, v in r.items()
            }
        )
    return buf.getvalue()


def page_link(path: str) -> Callable[..., str]:
    """``link(page=n)`` → ``path?page=n``: the page links of a list whose only parameter is the page."""

    def link(page: int) -> str:
        return f"{path}?page={page}"

    return link
