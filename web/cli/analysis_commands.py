"""Gap-analysis commands: ``gaps``, ``coverage`` (barrier × agency or type) and ``tags-eval``.

They build the catalogue snapshot from DATABASE_URL and run the same analysis as the web pages and the
reports (``web.analysis.run_analysis``, rules in ``seeds/``): ``gaps`` also asks the funding-path finder
which consortium needs stay unfunded, so those gaps rank higher (``--no-paths`` skips that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from typing import Any

from analyser.gaps.analyse import analyse
from analyser.gaps.needs import NeedsError
from catalogue.awards.snapshot import AwardEvidence
from catalogue.db import database_url, engine_for, transaction
from catalogue.instruments.loader import build_snapshot
from catalogue.instruments.snapshot import CatalogueSnapshot
from web.analysis import award_evidence, needs_spec, run_analysis
from web.i18n.catalogues import LANGS
from web.i18n.formatting import format_decimal
from web.i18n.labels import Labeller


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


def _awards() -> AwardEvidence | None:
    """The funded-project evidence (None without award data: the analysis is then as before)."""
    with transaction(engine_for(database_url())) as session:
        evidence = award_evidence(session)
    return None if evidence.empty else evidence


def cmd_gaps(args: argparse.Namespace) -> int:
    snapshot = _snapshot()
    if _empty(snapshot):
        return 1
    try:
        analysis = run_analysis(
            snapshot, today=dt.date.today(), with_paths=not args.no_paths, awards=_awards()
        ).analysis
    except NeedsError as exc:
        print(f"barrier-needs rules rejected:\n{exc}", file=sys.stderr)
        return 2
    findings = analysis.for_department(args.department) if args.department else analysis.findings
    if args.limit:
        findings = findings[: args.limit]
    labels = Labeller(snapshot, args.lang)
    if args.json:
        data = analysis.to_dict(findings, text=labels.text)
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))
        return 0
    print(render_findings(findings, labels))
    return 0


def render_findings(findings: Any, labels: Labeller) -> str:
    """The findings as a terminal table: severity, kind, title, departments, then the recommendation."""
    _ = labels.t.gettext
    head = (_("Severity"), _("Kind"), _("Finding"), _("Department"))
    lines = [f"{head[0]:<14} {head[1]:<21} {head[2]:<60} {head[3]}", "-" * 110]
    for f in findings:
        title = textwrap.wrap(labels.text(f.title), 60) or [""]
        departments = ", ".join(f.departments)
        value = format_decimal(f.severity, labels.lang, 2, None)
        severity = f"{labels.value('severity', f.severity_label):<8}{value:>5}"
        lines.append(f"{severity}  {f.kind:<21} {title[0]:<60} {departments}")
        lines += [f"{'':<37}{t}" for t in title[1:]]
        lines += [
            f"{'':<37}→ {t}" if k == 0 else f"{'':<39}{t}"
            for k, t in enumerate(textwrap.wrap(labels.text(f.recommendation), 71))
        ]
    lines.append("-" * 110)
    lines.append(labels.t.ngettext("%(num)s finding", "%(num)s findings", len(findings)))
    return "\n".join(lines)


def cmd_coverage(args: argparse.Namespace) -> int:
    snapshot = _snapshot()
    if _empty(snapshot):
        return 1
    analysis = analyse(snapshot, needs_spec(), checks=("coverage",))
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
        lines.append(f"{barrier.code}: {barrier.title(args.lang)}")  # the matrix names barriers by code
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
