"""``verkemiddelkart path FILE`` / ``path --seeded SLUG``: a consortium's funding path (readable or JSON)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from itertools import groupby
from pathlib import Path

from analyser.paths.finder import find_path
from analyser.paths.model import Candidate, Excluded, FundingPath, Step, Track
from analyser.text import Term
from catalogue.awards.loader import award_stamp
from catalogue.db import database_url, engine_for, transaction
from catalogue.errors import InputError
from web.cli.path_precedents import precedent_lines
from web.i18n.catalogues import LANGS
from web.i18n.formatting import formatter
from web.i18n.labels import Labeller
from web.paths.precedents import build_precedent_index
from web.paths.service import PathContext, path_context, read_profile_file


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
        found = build_precedent_index(session, ctx.snapshot) if award_stamp(session)[0] else None
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
    path = find_path(ctx.index, profile, ctx.rules, today=args.today or dt.date.today(), precedents=found)
    labels = Labeller(ctx.snapshot, args.lang)
    if args.json:
        print(json.dumps(path.to_dict(labels.text), ensure_ascii=False, indent=2))
    else:
        print(render(path, labels))
    return 0


def _profile(args: argparse.Namespace, ctx: PathContext):  # type: ignore[no-untyped-def]
    if args.file is not None:
        return read_profile_file(args.file, ctx.counties)
    found = next((c for c in ctx.snapshot.consortia if c.slug == args.seeded), None)
    if found is None:
        known = ", ".join(sorted(c.slug for c in ctx.snapshot.consortia)) or "(none)"
        raise LookupError(f"no seeded consortium {args.seeded!r}; seeded: {known}")
    return found


def _candidate_lines(rows: tuple[Candidate, ...], w: Labeller) -> list[str]:
    lines = []
    for _slug, group in groupby(rows, key=lambda c: c.slug):
        items = list(group)
        c = items[0]
        level = w.value("candidate_level", c.level)
        who = ", ".join(x.member for x in items if x.member)
        agencies = "/".join((c.agency, *c.partner_agencies))
        who_text = f" ({who})" if who else ""
        name = w.text(Term("instrument", (c.slug,)))
        lines.append(f"    {c.fit:3}  {c.slug}  [{agencies}]  {level}{who_text}  – {name}")
        lines.append(f"         {w.text(c.why)}")
    return lines


def _excluded_lines(rows: tuple[Excluded, ...], w: Labeller) -> list[str]:
    if not rows:
        return []
    left_out = w.t.gettext("Left out")
    return [f"  {left_out}"] + [f"    {e.slug} [{e.reason}]: {w.text(e.reason_text)}" for e in rows]


def _ceiling_lines(step: Step, w: Labeller) -> list[str]:
    if not step.ceilings:
        return []
    _, fmt = w.t.gettext, formatter(w.lang)
    lines = ["  " + _("Aid ceilings (most public money per member, summed across agencies)")]
    for c in step.ceilings:
        money = f" = {fmt.nok(c.max_public_nok)}" if c.max_public_nok is not None else ""
        planned = _("; planned %(amount)s", amount=fmt.nok(c.planned_nok)) if c.planned_nok else ""
        mark = " (!)" if c.exceeds else ""
        pct = "–" if c.max_pct is None else f"{c.max_pct} %"  # a lower bound says so in the note
        lines.append(f"    {c.member}: {pct}{money}{planned}{mark}  ({w.text(c.note)})")
    return lines


def _step_lines(step: Step, w: Labeller) -> list[str]:
    _ = w.t.gettext
    head = _("Step %(n)s: %(stage)s", n=step.position, stage=_inline(w, "stage", step.stage))
    bits = [
        _("apply before work starts (now)")
        if step.apply_during is None
        else _("apply before work starts (during %(stage)s)", stage=_inline(w, "stage", step.apply_during))
    ]
    if step.needs:
        bits.insert(0, _("needs here: %(needs)s", needs=w.text(Term("need", step.needs))))
    if step.budget_nok is not None:
        bits.append(_("budget %(budget)s", budget=formatter(w.lang).nok(step.budget_nok)))
    lines = ["", f"{head} — " + " · ".join(bits), "  " + _("Eligible instruments (by fit)")]
    lines += _candidate_lines(step.candidates, w) or ["    " + _("(none)")]
    if step.more_eligible:
        lines.append("    " + _("… and %(n)s more eligible", n=step.more_eligible))
    if step.application_order:
        order = " → ".join(w.text(Term("instrument", (s,))) for s in step.application_order)
        lines.append("  " + _("application order") + f": {order}")
    return lines + _ceiling_lines(step, w) + _excluded_lines(step.excluded, w)


def _track_lines(track: Track, w: Labeller) -> list[str]:
    _ = w.t.gettext
    lines = [
        "",
        _("Track: %(need)s", need=_inline(w, "need", track.need)),
        "  " + _("Eligible instruments (by fit)"),
    ]
    lines += _candidate_lines(track.candidates, w) or ["    " + _("(none)")]
    if track.more_eligible:
        lines.append("    " + _("… and %(n)s more eligible", n=track.more_eligible))
    return lines + _excluded_lines(track.excluded, w)


def _inline(w: Labeller, facet: str, code: str | None) -> str:
    """A label inside a sentence (lower case: "Steg 1: forstudie")."""
    return w.text(Term(facet, (code,))) if code else "–"


def render(path: FundingPath, w: Labeller) -> str:
    """The path as readable text, step by step, then tracks, warnings and needs."""
    _ = w.t.gettext
    collaboration = (
        _("effective collaboration: yes (%(note)s)", note=w.text(path.collaboration_note))
        if path.collaboration
        else _("effective collaboration: not confirmed (%(note)s)", note=w.text(path.collaboration_note))
    )
    stages = _(
        "Stages %(current)s → %(target)s",
        current=_inline(w, "stage", path.current_stage),
        target=_inline(w, "stage", path.target_stage),
    )
    lines = [_("Funding path for %(name)s", name=path.name), f"{stages} · {collaboration}"]
    for step in path.steps:
        lines += _step_lines(step, w)
    for track in path.tracks:
        lines += _track_lines(track, w)
    if path.excluded:
        outside = w.t.ngettext(
            "%(num)s further instrument is outside these stages",
            "%(num)s further instruments are outside these stages",
            len(path.excluded),
        )
        lines += ["", outside + ": " + ", ".join(e.slug for e in path.excluded)]
    if path.warnings:
        lines += ["", _("Warnings")] + [f"  ! {w.text(x.text)}" for x in path.warnings]
    if path.ceiling_caveat:
        lines += ["", "* " + w.text(path.ceiling_caveat)]
    lines += ["", _("Needs")]
    lines += [
        f"  {w.value('need', c.need)}: {w.value('need_coverage', c.status)} — {w.text(c.note)}"
        for c in path.coverage
    ]
    unfunded = ", ".join(
        f"{_inline(w, 'need', c.need)} ({_inline(w, 'need_coverage', c.status)})" for c in path.unfunded
    )
    lines += ["", _("Needs without funding") + ": " + (unfunded or _("(none)"))]
    if path.precedents is not None:
        lines += precedent_lines(path.precedents, w)
    return "\n".join(lines)
