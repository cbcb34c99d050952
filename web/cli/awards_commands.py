"""Funded-project commands (docs/awards.md):

``awards import FILE --format fr-soknader|fr-eu|generic [--map MAP.yaml] [--dry-run]``,
``awards unmapped [--json]``, ``awards org ORGNR [--json]``, ``awards relink``, ``awards sources [--json]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalogue.awards import browse, loader, service
from catalogue.awards.reading import FORMATS
from catalogue.awards.service import Progress
from catalogue.awards.snapshot import ActivitySnap, OrganisationFundingSnap, ProgrammeTotalSnap, major
from catalogue.db import database_url, engine_for, transaction
from catalogue.errors import InputError
from catalogue.orgnumber import orgnumber_problem


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    awards = sub.add_parser(
        "awards", help="funded projects: import award files, unmapped programmes, organisations"
    )
    asub = awards.add_subparsers(dest="awards_command", required=True)
    imp = asub.add_parser("import", help="import a published award file (all or nothing; re-import updates)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=FORMATS, required=True)
    imp.add_argument("--map", type=Path, metavar="MAP.yaml", help="column map of a generic file")
    imp.add_argument("--dry-run", action="store_true", help="read and check every row; write nothing")
    imp.add_argument(
        "--fetched", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="when the file was fetched"
    )
    imp.set_defaults(func=cmd_import)
    unmapped = asub.add_parser("unmapped", help="programmes with no catalogue instrument, by granted money")
    unmapped.add_argument("--json", action="store_true")
    unmapped.set_defaults(func=cmd_unmapped)
    org = asub.add_parser("org", help="all funding of one organisation across sources and years")
    org.add_argument("orgnr")
    org.add_argument("--json", action="store_true")
    org.set_defaults(func=cmd_org)
    relink = asub.add_parser("relink", help="apply seeds/award_programmes.yaml rules to every activity again")
    relink.set_defaults(func=cmd_relink)
    sources = asub.add_parser("sources", help="the imported data sources: rows, years, when fetched")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(func=cmd_sources)


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress | None]:
    """A rich progress bar on a terminal; nothing otherwise (the summary line follows either way)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield report


def cmd_import(args: argparse.Namespace) -> int:
    if args.map is not None and args.format != "generic":
        print("--map is for --format generic only", file=sys.stderr)
        return 2
    try:
        with _progress_bar(f"importing {args.file.name}") as report:
            with transaction(engine_for(database_url())) as session:
                summary = service.import_awards(
                    session,
                    args.file,
                    args.format,
                    column_map=args.map,
                    dry_run=args.dry_run,
                    fetched_on=args.fetched,
                    progress=report,
                )
                if not args.dry_run:
                    browse.refresh_statistics(session)  # the pages' queries plan on the new sizes
    except InputError as exc:
        print(f"import rejected, nothing was written:\n{exc}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


def money(minor: int | None, currency: str) -> str:
    """Whole units with thin spaces as thousands separators: ``12 345 678 NOK``."""
    value = major(minor)
    return "-" if value is None else f"{value:,.0f} {currency}".replace(",", " ")


def _decimal(minor: int | None) -> str | None:
    value = major(minor)
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _total_dict(t: ProgrammeTotalSnap) -> dict[str, Any]:
    return {
        "funder": t.funder,
        "programme_code": t.programme_code,
        "programme_name": t.programme_name,
        "currency": t.currency,
        "activities": t.activities,
        "funded": t.funded,
        "granted": _decimal(t.granted_minor),
        "granted_minor": t.granted_minor,
    }


def cmd_unmapped(args: argparse.Namespace) -> int:
    with transaction(engine_for(database_url())) as session:
        totals = loader.programme_totals(session, unmapped_only=True)
        sources = loader.list_source_snaps(session)
    if args.json:
        data = {
            "programmes": [_total_dict(t) for t in totals],
            "sources": [{"key": s.key, "years": [s.year_from, s.year_to]} for s in sources],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(
        "Programmes in the award data that no catalogue instrument covers, by granted money (per currency):"
    )
    print(f"{'funder':<7}{'programme':<14}{'name':<48}{'applications':>13}{'funded':>8}{'granted':>22}")
    for t in totals:
        name = (t.programme_name or "")[:46]
        print(
            f"{t.funder:<7}{t.programme_code or '-':<14}{name:<48}{t.activities:>13,}{t.funded:>8,}"
            f"{money(t.granted_minor, t.currency):>22}"
        )
    covered = ", ".join(f"{s.key} ({s.year_from}-{s.year_to})" for s in sources) or "none imported"
    print(f"Sources: {covered}. Rules: seeds/award_programmes.yaml.")
    return 0


def _activity_dict(a: ActivitySnap) -> dict[str, Any]:
    return {
        "source": a.source,
        "ref": a.ref,
        "funder": a.funder,
        "programme_code": a.programme_code,
        "programme_name": a.programme_name,
        "instrument": a.instrument,
        "outcome": a.outcome,
        "year": a.year,
        "currency": a.currency,
        "applied": _decimal(a.applied_minor),
        "granted": _decimal(a.granted_minor),
        "title": a.title,
    }


def org_dict(f: OrganisationFundingSnap) -> dict[str, Any]:
    o = f.organisation
    return {
        "organisation": {
            "orgnr": o.orgnr,
            "name": o.name,
            "county": o.county,
            "county_name": o.county_name,
            "municipality": o.municipality,
            "sector": o.sector,
            "sector_kind": o.sector_kind,
        },
        "granted_by_currency": {c: _decimal(v) for c, v in f.granted_by_currency().items()},
        "instruments": list(f.instruments()),
        "consortia": [
            {
                "slug": c.slug,
                "name": c.name,
                "role": c.member_role,
                "registered_symbiosis": c.registered_symbiosis,
            }
            for c in f.consortia
        ],
        "activities": [
            {**_activity_dict(r.activity), "role": r.role, "own_amount": _decimal(r.amount_minor)}
            for r in f.roles
        ],
    }


def org_text(f: OrganisationFundingSnap) -> str:
    o = f.organisation
    funded = sum(1 for r in f.roles if r.activity.funded)
    totals = ", ".join(money(v, c) for c, v in sorted(f.granted_by_currency().items())) or "none"
    lines = [
        f"{o.name} ({o.orgnr}), {o.county_name or 'county not published'}, "
        f"sector {o.sector or 'not published'}",
        f"{len(f.roles)} activities, {funded} funded; granted: {totals}",
        f"Catalogue instruments: {', '.join(f.instruments()) or 'none linked'}",
        f"Consortia: {', '.join(c.slug for c in f.consortia) or 'none'}",
        "",
        f"{'year':<6}{'source':<13}{'programme':<14}{'instrument':<22}{'role':<13}{'outcome':<10}"
        f"{'amount':>18}  title",
    ]
    for r in f.roles:
        a = r.activity
        amount = r.amount_minor if r.amount_minor is not None else a.granted_minor
        lines.append(
            f"{a.year or '-':<6}{a.source:<13}{(a.programme_code or '-')[:13]:<14}"
            f"{(a.instrument or '-')[:21]:<22}{r.role:<13}{a.outcome:<10}{money(amount, a.currency):>18}"
            f"  {(a.title or '')[:60]}"
        )
    return "\n".join(lines)


def cmd_org(args: argparse.Namespace) -> int:
    orgnr = args.orgnr.replace(" ", "")
    problem = orgnumber_problem(orgnr)
    if problem:
        print(f"{args.orgnr!r} is not an organisation number: {problem}", file=sys.stderr)
        return 2
    with transaction(engine_for(database_url())) as session:
        funding = loader.organisation_funding(session, orgnr)
    if funding is None:
        print(f"no award data names organisation number {orgnr}", file=sys.stderr)
        return 1
    print(json.dumps(org_dict(funding), ensure_ascii=False, indent=2) if args.json else org_text(funding))
    return 0


def cmd_relink(args: argparse.Namespace) -> int:
    with transaction(engine_for(database_url())) as session:
        changed = service.relink(session)
    print(f"relinked: {changed} activities changed instrument")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with transaction(engine_for(database_url())) as session:
        sources = loader.list_source_snaps(session)
    if args.json:
        rows = [
            {
                "key": s.key,
                "name": s.name,
                "url": s.url,
                "format": s.format,
                "fetched_on": s.fetched_on.isoformat() if s.fetched_on else None,
                "rows_read": s.rows_read,
                "activities": s.activity_count,
                "participations": s.participation_count,
                "years": [s.year_from, s.year_to],
                "shows_partners": s.shows_partners,
            }
            for s in sources
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for s in sources:
        fetched = s.fetched_on.isoformat() if s.fetched_on else "fetch date not given"
        print(
            f"{s.key}: {s.name}; {s.activity_count:,} activities, {s.participation_count:,} participations, "
            f"years {s.year_from}-{s.year_to}, {fetched}; {s.url or ''}"
        )
    return 0
