"""``verkemiddelkart progress [--json | --csv] [--as-of DATE]``: mission progress per county vs the 2030
targets, the same figures as the dashboard at /progress (definitions: docs/progress.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from babel.numbers import format_percent

from analyser.progress.export import report_csv, report_dict
from analyser.progress.figures import CountyProgress, ProgressReport
from catalogue.instruments.loader import build_snapshot
from web.cli.session import cli_session
from web.i18n.catalogues import LANGS
from web.i18n.formatting import format_date, format_decimal, locale_of
from web.i18n.labels import Labeller
from web.progress.data import progress_view


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("progress", help="mission progress per county against the 2030 targets")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="the figures as JSON (as /api/v1/progress)")
    fmt.add_argument("--csv", action="store_true", help="the figures as CSV (as /progress.csv)")
    p.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the state on this date (default: today)",
    )
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the text report (default en)")
    p.set_defaults(func=cmd_progress)


def cmd_progress(args: argparse.Namespace) -> int:
    with cli_session() as session:
        snapshot = build_snapshot(session)
        report = progress_view(session, snapshot, args.as_of).report
    if args.json:
        print(json.dumps(report_dict(report), ensure_ascii=False, indent=2))
    elif args.csv:
        print(report_csv(report), end="")
    else:
        print(text_report(report, Labeller(snapshot, args.lang)))
    return 0


class _Words:
    """The text report's words in one language: the one catalogue, labels of codes, Babel's numbers."""

    def __init__(self, labels: Labeller) -> None:
        self.labels, self._ = labels, labels.t.gettext

    def num(self, x: float | int | None, unknown: str | None = None) -> str:
        if x is None:
            return self._("no data") if unknown is None else unknown
        return format_decimal(x, self.labels.lang, None, None)

    def share(self, value: float | None) -> str:
        return (
            self._("unknown") if value is None else format_percent(value, locale=locale_of(self.labels.lang))
        )

    def projection(self, c: CountyProgress) -> str:
        if c.trend.projection is not None:
            return self.num(c.trend.projection)
        if c.trend.no_projection_reason == "one_year":
            return self._("none: records from one year only")
        return self._("none: no records")


def _county_line(c: CountyProgress, w: _Words) -> str:
    _ = w._
    mark = _("OFF TRACK") if c.off_track else ""
    status = w.labels.value("progress_status", c.status)
    areas = f"{w.num(c.areas_net_zero, '-'):>2}/{w.num(c.areas_registered, '-'):<2}"
    infra = _("infrastructure %(share)s", share=w.share(c.shares.symbiosis_infrastructure.value))
    competence = _("competence %(share)s", share=w.share(c.shares.symbiosis_competence.value))
    return (
        f"{c.code}  {c.name:<16} {w.num(c.symbioses_in_operation):>7} / {w.num(c.symbioses_target)}  "
        f"{status:<14} "
        + _("areas %(areas)s", areas=areas)
        + f"  {infra}  {competence}  "
        + _("%(year)s: %(projection)s", year=c.trend.target_year, projection=w.projection(c))
        + f"  {mark}"
    )


def text_report(r: ProgressReport, labels: Labeller) -> str:
    w, n = _Words(labels), r.national
    _ = w._
    by_status = ", ".join(
        f"{labels.inline('symbiosis_status', k)} {w.num(v)}" for k, v in n.symbioses_by_status.items()
    )
    lines = [
        _(
            "Mission progress on %(date)s (targets for %(year)s: %(symbioses)s symbioses in operation per "
            "county, %(areas)s net-zero industrial areas)",
            date=format_date(r.as_of, labels.lang),
            year=r.targets.year,
            symbioses=w.num(r.targets.symbioses_per_county),
            areas=w.num(r.targets.green_areas_total),
        ),
        "",
        _(
            "Symbioses in operation per county / target; green areas net-zero/registered; shares of active "
            "symbioses with infrastructure and competence access; projection to the target year:"
        ),
        *(_county_line(c, w) for c in r.counties),
        "",
        _(
            "Counties with data: %(with_data)s of %(total)s; meeting the target: %(met)s; off track or "
            "without data: %(off)s.",
            with_data=w.num(n.counties_with_data),
            total=w.num(n.counties_total),
            met=w.num(n.counties_met),
            off=w.num(n.counties_off_track),
        ),
        _(
            "Symbioses in operation: %(n)s (by status: %(statuses)s).",
            n=w.num(n.symbioses_in_operation),
            statuses=by_status,
        ),
        _(
            "Net-zero industrial areas: %(n)s of %(target)s (%(registered)s registered, %(unknown)s with "
            "emissions status unknown); status: %(status)s.",
            n=w.num(n.areas_net_zero),
            target=w.num(n.areas_target),
            registered=w.num(n.areas_registered, "0"),
            unknown=w.num(n.areas_emissions_unknown, "0"),
            status=labels.inline("progress_status", n.area_status),
        ),
        _("'no data' = no status record for the county (not zero). Definitions: docs/progress.md"),
    ]
    return "\n".join(lines)
