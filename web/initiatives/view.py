"""Initiatives, milestones and history as the API returns them and as the pages show them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from catalogue.accounts.roles import Actor
from catalogue.initiatives.snapshot import AuditSnap, InitiativeSnap, MilestoneSnap
from web.templating import N_

STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "withdrawn": N_("Withdrawn"),
    "proposed": N_("Proposed to the minister"),
    "merged": N_("Merged"),
}
KIND_LABELS = {
    "identify_areas": N_("Identify industrial areas"),
    "identify_symbioses": N_("Identify industrial symbioses"),
    "start": N_("Start"),
    "decide": N_("Decision"),
    "other": N_("Other milestone"),
}
ACTION_LABELS = {
    "create": N_("Submitted"),
    "update": N_("Changed"),
    "comment": N_("Commented"),
    "merge": N_("Merged into another initiative"),
    "absorb": N_("Another initiative merged into this"),
    "propose": N_("Proposed to the minister"),
    "unpropose": N_("Proposal taken back"),
    "revert": N_("Undone"),
}
FIELD_LABELS = {
    "county": N_("County"),
    "title": N_("Title"),
    "challenge": N_("Societal challenge"),
    "market_potential": N_("Value creation in an international market"),
    "value_chains": N_("Value chains"),
    "missions": N_("Missions"),
    "region": N_("Region"),
    "municipalities": N_("Municipalities"),
    "partners": N_("Partners"),
    "links": N_("Attachments (links)"),
    "status": N_("Status"),
    "merged_into": N_("Merged into"),
    "merged_from": N_("Merged from"),
    "proposed_on": N_("Proposed on"),
    "comment": N_("Comment"),
    "kind": N_("Milestone"),
    "owner": N_("Owner"),
    "due_on": N_("Date"),
    "resources": N_("Resources"),
    "done_on": N_("Done on"),
    "into": N_("Merge into"),
    "text": N_("Comment"),
}


def initiative_out(i: InitiativeSnap, *, show_authors: bool) -> dict[str, Any]:
    out = dataclasses.asdict(i)
    out["comments"] = [
        {**dataclasses.asdict(c), "author": c.author if show_authors else None} for c in i.comments
    ]
    return out


def milestone_out(m: MilestoneSnap, today: dt.date) -> dict[str, Any]:
    return {**dataclasses.asdict(m), "overdue": m.overdue(today)}


def change_out(e: AuditSnap, *, show_authors: bool) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at,
        "action": e.action,
        "user": e.user_email if show_authors else None,
        "version": e.version,
        "note": e.note,
        "changes": e.changes,
    }


def may_edit(who: Actor | None, i: InitiativeSnap) -> bool:
    return who is not None and who.may_act_for_county(i.county) and i.status not in ("merged", "proposed")


def may_steer(who: Actor | None) -> bool:
    """May comment, merge and propose (the working group and admins)."""
    return who is not None and who.in_working_group


def merge_targets(initiatives: tuple[InitiativeSnap, ...], i: InitiativeSnap) -> list[InitiativeSnap]:
    return [t for t in initiatives if t.id != i.id and t.status not in ("merged", "withdrawn")]


def ordered(initiatives: tuple[InitiativeSnap, ...]) -> list[InitiativeSnap]:
    """Proposals first, then the rest still in play, then merged and withdrawn; newest first in each."""
    rank = {"proposed": 0, "submitted": 1, "draft": 2, "merged": 3, "withdrawn": 4}
    return sorted(initiatives, key=lambda i: (rank.get(i.status, 5), -i.id))


CONFLICT_MESSAGE = N_(
    "Someone else changed this after you opened it, or it is now merged or proposed. Your changes are not "
    "saved: open it again to see what is stored, then make your changes there."
)

# The messages of the service's domain errors, as pages show them (listed so that extraction finds them and
# the .po files translate them; see web/errors.py).
SHOWN_MESSAGES = (
    N_("Log in to change initiatives and plans."),
    N_("Only the county's own editors may change its initiatives and plan."),
    N_("Only the working group may comment on, merge and propose initiatives."),
    N_("There is no initiative with this number."),
    N_("There is no milestone with this number."),
    N_("A merged or proposed initiative is in the working group's hands; it cannot be changed."),
    N_("A merged or withdrawn initiative cannot be proposed."),
    N_("This kind of change cannot be undone."),
    N_("There is no such change."),
    N_("This account is not active."),
    N_("A later change touched the same fields; undo that change first."),
    N_(
        "Someone else changed this after you read it (you read version %(expected)s; it is now at version "
        "%(current)s). Nothing was saved."
    ),
)
UNDOABLE = ("update", "merge", "propose", "unpropose", "revert")
WORKING_GROUP_STEPS = ("merge", "propose", "unpropose")


def may_undo(who: Actor | None, i: InitiativeSnap, action: str) -> bool:
    """Whether to offer undoing a recorded step (the service decides again when it is asked)."""
    if who is None or action not in UNDOABLE:
        return False
    if action in WORKING_GROUP_STEPS:
        return who.in_working_group
    return who.may_act_for_county(i.county) and i.status not in ("merged", "proposed")
