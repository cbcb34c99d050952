"""Gap reports: ``verkemiddelkart report`` and ``verkemiddelkart report-diff``.

verkemiddelkart report --department KD --format pdf -o report-KD.pdf
verkemiddelkart report --agency ENOVA --format md --lang en
verkemiddelkart report-diff old.json new.json [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from analyser.reports.diff import ReportDiff, compare
from catalogue.cases.loader import load_cases
from catalogue.instruments.loader import build_snapshot
from catalogue.reviews.loader import load_reviews
from web.analysis import award_evidence
from web.cli.session import cli_session
from web.i18n.catalogues import LANGS, Translator, translator
from web.i18n.formatting import format_date, format_decimal
from web.records import Records
from web.reports import FORMATS, render
from web.reports.build import UnknownAudience, make_report, resolve


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="gap summary for a department or an agency (html, pdf, md, json)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--department", metavar="CODE", help="NFD, KLD, KD, KDD or ED")
    who.add_argument("--agency", metavar="CODE", help="IN, SIVA, FR, ENOVA, HKDIR, ...")
    p.add_argument("--format", choices=tuple(FORMATS), default="html")
    p.add_argument("--lang", choices=LANGS, default="nn", help="nn (default), nb or en")
    p.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date printed on the report (default: today)",
    )
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_report)

    d = sub.add_parser("report-diff", help="what changed between two reports (their JSON form)")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    d.add_argument("--json", action="store_true", help="the changes as JSON")
    d.add_argument("--lang", choices=LANGS, default="nn")
    d.set_defaults(func=cmd_report_diff)


def cmd_report(args: argparse.Namespace) -> int:
    with cli_session() as session:
        snapshot = build_snapshot(session)
        evidence = award_evidence(session)
        records = Records(load_reviews(session), load_cases(session), ((0, 0, 0), (0, 0, 0)))
    awards = None if evidence.empty else evidence
    try:
        kind = "department" if args.department else "agency"
        audience = resolve(snapshot, args.department or args.agency, kind)
    except UnknownAudience as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    report = make_report(snapshot, audience, args.lang, today=args.date, awards=awards, records=records)
    data = render(report, args.format, snapshot)
    if args.output:
        args.output.write_bytes(data)
        print(
            f"{args.output}: {audience.kind} {audience.code}, {len(report.gaps)} gaps, "
            f"catalogue {report.catalogue_version}",
            file=sys.stderr,
        )
    elif args.format == "pdf" and sys.stdout.isatty():
        print("report: a PDF goes to a file (-o FILE) or a pipe, not the terminal", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_report_diff(args: argparse.Namespace) -> int:
    try:
        old, new = (json.loads(path.read_text(encoding="utf-8")) for path in (args.old, args.new))
        diff = compare(old, new)
    except (OSError, ValueError) as exc:  # json.JSONDecodeError and DiffError are ValueErrors
        print(f"report-diff: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(diff_text(diff, translator(args.lang)), end="")
    return 0


def diff_text(diff: ReportDiff, t: Translator) -> str:
    _, lang = t.gettext, t.lang
    lines = [
        _(
            "Changes for %(who)s from %(old)s (catalogue %(old_version)s) to %(new)s (catalogue "
            "%(new_version)s)",
            who=diff.audience,
            old=_date(diff.old_date, lang),
            new=_date(diff.new_date, lang),
            old_version=diff.old_version,
            new_version=diff.new_version,
        ),
        "",
    ]
    if diff.unchanged:
        return "\n".join([*lines, _("No changes."), ""])
    sections = [
        (_("Gaps closed"), [f"- {g.title} [{g.code}]" for g in diff.gaps_closed]),
        (_("New gaps"), [f"- {g.title} [{g.code}]" for g in diff.gaps_new]),
        (
            _("Priority changed"),
            [
                f"- {g.title} [{g.code}]: {_number(g.old_severity, lang)} → {_number(g.new_severity, lang)}"
                for g in diff.severity_changes
            ],
        ),
        (_("Instruments added"), [_instrument(c, t) for c in diff.instruments_added]),
        (_("Instruments removed"), [_instrument(c, t) for c in diff.instruments_removed]),
        (
            _("Instruments updated"),
            [f"{_instrument(c, t)} (v{c.old_version} → v{c.new_version})" for c in diff.instruments_updated],
        ),
    ]
    for title, items in sections:
        if items:
            lines += [f"{title} ({len(items)}):", *items, ""]
    return "\n".join(lines)


def _instrument(change: object, t: Translator) -> str:
    mark = " (" + t.gettext("own") + ")" if getattr(change, "audience", False) else ""
    return f"- {getattr(change, 'name', '')} [{getattr(change, 'slug', '')}]{mark}"


def _date(value: str, lang: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value), lang)
    except (TypeError, ValueError):
        return str(value)


def _number(value: float | None, lang: str) -> str:
    return "–" if value is None else format_decimal(value, lang, 2, None)
