"""``verkemiddelkart path FILE`` / ``path --seeded SLUG``: a consortium's funding path (readable or JSON)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from itertools import groupby
from pathlib import Path

from analyser.paths.finder import find_path
from analyser.paths.model import Candidate, FundingPath
from analyser.paths.profile import read_profile_file
from analyser.paths.rules import compile_rules
from analyser.paths.text import LANGS, Texts
from catalogue.db import database_url, engine_for, transaction
from catalogue.errors import InputError
from web.paths.service import PathContext, path_context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "path",
        help="funding path for a consortium profile (YAML or JSON)",
        description="Which instruments, in which order, for which member; aid ceilings; "
        "what stays unfunded. Reads the catalogue from DATABASE_URL.",
    )
    p.add_argument("file", nargs="?", type=Path, help="consortium profile (.yaml/.yml or .json)")
    p.add_argument("--seeded", metavar="SLUG", help="use a seeded consortium instead of a file")
    p.add_argument("--json", action="store_true", help="print the path as JSON")
    p.add_argument("--lang", choices=LANGS, default="nn", help="language of the texts (default nn)")
    p.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="date for deadline checks, YYYY-MM-DD (default: today)",
    )
    p.set_defaults(func=cmd_path)


def cmd_path(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.seeded is None):
        print("give either a profile FILE or --seeded SLUG", file=sys.stderr)
        return 2
    with transaction(engine_for(database_url())) as session:
        ctx = path_context(session)
    if not ctx.snapshot.instruments:
        print(
            "the catalogue is empty: run `verkemiddelkart db upgrade` and `verkemiddelkart seed` first",
            file=sys.stderr,
        )
        return 1
    try:
        profile = _profile(args, ctx)
    except InputError as exc:
        print(f"consortium profile rejected:\n{exc}", file=sys.stderr)
        return 2
    except LookupError as exc:
        print(str(exc.args[0]), file=sys.stderr)
        return 1
    path = find_path(ctx.index, profile, ctx.rules, today=args.today or dt.date.today(), lang=args.lang)
    if args.json:
        print(json.dumps(path.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(path, Texts(compile_rules(ctx.rules).texts, args.lang)))
    return 0


def _profile(args: argparse.Namespace, ctx: PathContext):  # type: ignore[no-untyped-def]
    if args.file is not None:
        return read_profile_file(args.file, ctx.counties)
    found = next((c for c in ctx.snapshot.consortia if c.slug == args.seeded), None)
    if found is None:
        known = ", ".join(sorted(c.slug for c in ctx.snapshot.consortia)) or "(none)"
        raise LookupError(f"no seeded consortium {args.seeded!r}; seeded: {known}")
    return found


def _candidate_lines(rows: tuple[Candidate, ...], t: Texts) -> list[str]:
    lines = []
    for _slug, group in groupby(rows, key=lambda c: c.slug):
        items = list(group)
        c = items[0]
        level = t.raw("level", c.level)
        who = ", ".join(x.member for x in items if x.member)
        agencies = "/".join((c.agency, *c.partner_agencies))
        who_text = f" ({who})" if who else ""
        lines.append(f"    {c.fit:3}  {c.slug}  [{agencies}]  {level}{who_text}  – {c.name}")
        text = c.why.replace(c.member, who) if c.level == "member" and c.member and len(items) > 1 else c.why
        lines.append(f"         {text}")
    return lines


def _step_lines(step, t: Texts) -> list[str]:  # type: ignore[no-untyped-def]
    head = t.t("cli", "step", n=step.position, stage=t.stage(step.stage))
    bits = [
        t.t("cli", "apply_now")
        if step.apply_during is None
        else t.t("cli", "apply_during", stage=t.stage(step.apply_during))
    ]
    if step.needs:
        bits.insert(0, t.t("cli", "needs", needs=t.needs(step.needs)))
    if step.budget_nok is not None:
        bits.append(t.t("cli", "budget", budget=t.nok(step.budget_nok)))
    lines = ["", f"{head} — " + " · ".join(bits), f"  {t.t('cli', 'candidates')}"]
    lines += _candidate_lines(step.candidates, t) or [f"    {t.t('cli', 'none')}"]
    if step.more_eligible:
        lines.append(f"    {t.t('cli', 'more', n=step.more_eligible)}")
    if step.application_order:
        lines.append(f"  {t.t('cli', 'order')}: " + " → ".join(step.application_order))
    if step.ceilings:
        lines.append(f"  {t.t('cli', 'ceilings')}")
        for c in step.ceilings:
            money = f" = {t.nok(c.max_public_nok)}" if c.max_public_nok is not None else ""
            planned = f"; plan {t.nok(c.planned_nok)}{' (!)' if c.exceeds else ''}" if c.planned_nok else ""
            lines.append(f"    {c.member}: {c.max_pct} %{money}{planned}  ({c.note})")
    if step.excluded:
        lines.append(f"  {t.t('cli', 'excluded')}")
        lines += [f"    {e.slug} [{e.reason}]: {e.reason_text}" for e in step.excluded]
    return lines


def render(path: FundingPath, t: Texts) -> str:
    """The path as readable text, step by step, then tracks, warnings and needs."""
    lines = [
        t.t("cli", "title", name=path.name),
        t.t("cli", "stages", current=t.stage(path.current_stage), target=t.stage(path.target_stage))
        + " · "
        + t.t(
            "cli",
            "collaboration_yes" if path.collaboration else "collaboration_no",
            note=path.collaboration_note,
        ),
    ]
    for step in path.steps:
        lines += _step_lines(step, t)
    for track in path.tracks:
        lines += ["", t.t("cli", "track", need=t.need(track.need)), f"  {t.t('cli', 'candidates')}"]
        lines += _candidate_lines(track.candidates, t) or [f"    {t.t('cli', 'none')}"]
        if track.more_eligible:
            lines.append(f"    {t.t('cli', 'more', n=track.more_eligible)}")
        if track.excluded:
            lines.append(f"  {t.t('cli', 'excluded')}")
            lines += [f"    {e.slug} [{e.reason}]: {e.reason_text}" for e in track.excluded]
    if path.excluded:
        lines += [
            "",
            t.t("cli", "not_considered", n=len(path.excluded))
            + ": "
            + ", ".join(e.slug for e in path.excluded),
        ]
    if path.warnings:
        lines += ["", t.t("cli", "warnings")] + [f"  ! {w.text}" for w in path.warnings]
    lines += ["", t.t("cli", "coverage")]
    lines += [f"  {t.need(c.need)}: {t.raw('coverage', c.status)} — {c.note}" for c in path.coverage]
    unfunded = path.unfunded
    lines += [
        "",
        t.t("cli", "unfunded")
        + ": "
        + (
            ", ".join(f"{t.need(c.need)} ({t.raw('coverage', c.status)})" for c in unfunded)
            if unfunded
            else t.t("cli", "none")
        ),
    ]
    return "\n".join(lines)
