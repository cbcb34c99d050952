"""``verkemiddelkart progress [--json | --csv] [--as-of DATE]``: mission progress per county vs the 2030
targets, the same figures as the dashboard at /progress (definitions: docs/progress.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from analyser.progress.export import report_csv, report_dict
from analyser.progress.figures import CountyProgress, ProgressReport
from catalogue.instruments.loader import build_snapshot
from web.cli.session import cli_session
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
    p.set_defaults(func=cmd_progress)


def cmd_progress(args: argparse.Namespace) -> int:
    with cli_session() as session:
        report = progress_view(session, build_snapshot(session), args.as_of).report
    if args.json:
        print(json.dumps(report_dict(report), ensure_ascii=False, indent=2))
    elif args.csv:
        print(report_csv(report), end="")
    else:
        print(text_report(report))
    return 0


def _num(x: float | int | None, unknown: str = "no data") -> str:
    if x is None:
        return unknown
    return f"{x:g}" if isinstance(x, float) else str(x)


def _share(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0%}"


def _county_line(c: CountyProgress) -> str:
    projection = (
        _num(c.trend.projection) if c.trend.projection is not None else f"- ({c.trend.no_projection_reason})"
    )
    mark = "OFF TRACK" if c.off_track else ""
    return (
        f"{c.code}  {c.name:<16} {_num(c.symbioses_in_operation):>7} / {c.symbioses_target:g}  "
        f"{c.status:<9} areas {_num(c.areas_net_zero, '-'):>2}/{_num(c.areas_registered, '-'):<2} "
        f"infra {_share(c.shares.symbiosis_infrastructure.value):>7}  "
        f"competence {_share(c.shares.symbiosis_competence.value):>7}  2030: {projection}  {mark}"
    )


def text_report(r: ProgressReport) -> str:
    n = r.national
    lines = [
        f"Mission progress on {r.as_of.isoformat()} (targets for {r.targets.year}: "
        f"{r.targets.symbioses_per_county:g} symbioses in operation per county, "
        f"{r.targets.green_areas_total:g} net-zero industrial areas)",
        "",
        "Symbioses in operation per county / target; green areas net-zero/registered; shares of active "
        "symbioses with infrastructure and competence access; projection to the target year:",
        *(_county_line(c) for c in r.counties),
        "",
        f"Counties with data: {n.counties_with_data} of {n.counties_total}; meeting the target: "
        f"{n.counties_met}; off track or without data: {n.counties_off_track}.",
        f"Symbioses in operation: {_num(n.symbioses_in_operation)} "
        f"(by status: {', '.join(f'{k} {v}' for k, v in n.symbioses_by_status.items())}).",
        f"Net-zero industrial areas: {_num(n.areas_net_zero)} of {n.areas_target:g} "
        f"({_num(n.areas_registered, '0')} registered, {_num(n.areas_emissions_unknown, '0')} with emissions "
        f"status unknown); status {n.area_status}.",
        "'no data' = no status record for the county (not zero). Definitions: docs/progress.md",
    ]
    return "\n".join(lines)
