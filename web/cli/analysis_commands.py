"""Gap-analysis commands: ``gaps``, ``coverage`` (barrier × agency or type) and ``tags-eval``.

They build the catalogue snapshot from DATABASE_URL and run the analyser (``analyser.gaps.analyse``) with the rules
in ``seeds/barrier_needs.yaml``. ``gaps`` also asks the funding-path finder which consortium needs stay
unfunded, so those gaps rank higher (``--no-paths`` skips that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from typing import Any

from analyser.gaps.analyse import Analysis, analyse
from analyser.gaps.needs import NeedsError, parse_needs
from catalogue.db import database_url, engine_for, transaction
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from catalogue.rules import load_rules

LANGS = ("nn", "nb", "en")
HEAD = {
    "nn": ("Alvor", "Type", "Funn", "Departement"),
    "nb": ("Alvor", "Type", "Funn", "Departement"),
    "en": ("Severity", "Kind", "Finding", "Department"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gaps = sub.add_parser(
        "gaps",
        help="gaps in the instrument portfolio, most severe first",
        description="Barrier coverage, instruments that miss consortia, holes in the grid, "
        "broken pipelines, hand-offs and overlaps (method: docs/analyser.md).",
    )
    gaps.add_argument("--json", action="store_true", help="print findings, coverage and portfolio as JSON")
    gaps.add_argument("--department", metavar="CODE", help="only findings for this department (e.g. KD)")
    gaps.add_argument("--lang", choices=LANGS, default="nn", help="language of titles (default nn)")
    gaps.add_argument("--limit", type=int, default=0, help="show at most N findings (default all)")
    gaps.add_argument("--no-paths", action="store_true", help="ignore unfunded consortium needs")
    gaps.set_defaults(func=cmd_gaps)

    cov = sub.add_parser("coverage", help="barrier × agency (or type) coverage matrix")
    cov.add_argument("--by", choices=("agency", "type"), default="agency")
    cov.add_argument("--json", action="store_true", help="print the matrix with the instruments per cell")
    cov.add_argument("--lang", choices=LANGS, default="nn")
    cov.set_defaults(func=cmd_coverage)

    tags = sub.add_parser("tags-eval", help="cross-validated macro-F1 of the tag-suggestion model")
    tags.add_argument("--json", action="store_true")
    tags.add_argument("--folds", type=int, default=5)
    tags.set_defaults(func=cmd_tags_eval)


def _snapshot() -> CatalogueSnapshot:
    with transaction(engine_for(database_url())) as session:
        return build_snapshot(session)


def _empty(snapshot: CatalogueSnapshot) -> bool:
    if snapshot.instruments:
        return False
    print(
        "the catalogue is empty: run `verkemiddelkart db upgrade` and `verkemiddelkart seed` first",
        file=sys.stderr,
    )
    return True


def _analysis(snapshot: CatalogueSnapshot, with_paths: bool) -> Analysis:
    """The same analysis the web pages and reports show (funding paths, gaps, freshness)."""
    rules = parse_needs(load_rules("barrier_needs"))
    if not with_paths:
        return analyse(snapshot, rules)
    from analyser.gaps.analysis import analyse_catalogue

    path_rules = {"paths": load_rules("path_rules"), "aid_ceilings": load_rules("aid_ceilings")}
    analysis, _paths = analyse_catalogue(snapshot, rules, path_rules, today=dt.date.today())
    return analysis


def cmd_gaps(args: argparse.Namespace) -> int:
    snapshot = _snapshot()
    if _empty(snapshot):
        return 1
    try:
        analysis = _analysis(snapshot, not args.no_paths)
    except NeedsError as exc:
        print(f"barrier-needs rules rejected:\n{exc}", file=sys.stderr)
        return 2
    findings = analysis.for_department(args.department) if args.department else analysis.findings
    if args.limit:
        findings = findings[: args.limit]
    if args.json:
        print(json.dumps(analysis.to_dict(findings), ensure_ascii=False, indent=2, default=_plain))
        return 0
    print(render_findings(findings, args.lang))
    return 0


def render_findings(findings: Any, lang: str) -> str:
    head = HEAD[lang]
    lines = [f"{head[0]:<14} {head[1]:<21} {head[2]:<60} {head[3]}", "-" * 110]
    for f in findings:
        title = textwrap.wrap(f.title(lang), 60) or [""]
        departments = ", ".join(f.departments)
        lines.append(f"{f.label(lang):<8}{f.severity:>5.2f}  {f.kind:<21} {title[0]:<60} {departments}")
        lines += [f"{'':<37}{t}" for t in title[1:]]
        lines += [
            f"{'':<37}→ {t}" if k == 0 else f"{'':<39}{t}"
            for k, t in enumerate(textwrap.wrap(f.recommendation(lang), 71))
        ]
    lines.append("-" * 110)
    word = {"en": "findings", "nn": "funn", "nb": "funn"}[lang]
    lines.append(f"{len(findings)} {word}")
    return "\n".join(lines)


def cmd_coverage(args: argparse.Namespace) -> int:
    snapshot = _snapshot()
    if _empty(snapshot):
        return 1
    analysis = analyse(snapshot, load_rules("barrier_needs"), checks=("coverage",))
    matrix = analysis.coverage[args.by]
    if args.json:
        print(json.dumps(matrix.as_dict(), ensure_ascii=False, indent=2))
        return 0
    width = max([6, *(len(c) + 1 for c in matrix.columns)])
    lines = [f"{'':<6}" + "".join(f"{c:>{width}}" for c in matrix.columns)]
    for row, counts in zip(matrix.rows, matrix.counts, strict=True):
        lines.append(f"{row:<6}" + "".join(f"{(n or '·')!s:>{width}}" for n in counts))
    lines.append("")
    for barrier in snapshot.barriers:
        lines.append(f"{barrier.code}: {barrier.title(args.lang)}")
    print("\n".join(lines))
    return 0


def cmd_tags_eval(args: argparse.Namespace) -> int:
    from analyser.matching.tagging import FACETS, evaluate

    snapshot = _snapshot()
    if _empty(snapshot):
        return 1
    results = [evaluate(snapshot.instruments, facet, folds=args.folds) for facet in FACETS]
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
        return 0
    for r in results:
        print(
            f"{r.facet:<13} macro-F1 {r.macro_f1:.3f}  ({len(r.labels)} labels, {r.instruments} "
            f"instruments, {r.folds}-fold cross-validation)"
        )
    return 0


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)
