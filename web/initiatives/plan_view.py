"""What the county progress page shows of the county's time and resource plan and its initiatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from analyser.progress.plans import plan_summary
from catalogue.accounts.models import User
from catalogue.initiatives import loader
from web.initiatives import view as v
from web.initiatives.guard import read_actor


def county_plan(session: Session, user: User | None, code: str, today: dt.date) -> dict[str, Any]:
    """The plan against ``today`` (the page's date: today, or ``?as_of=``), overdue milestones flagged;
    the county's initiatives; and whether the visitor may change the plan."""
    who = read_actor(session, user)
    return {
        "plan": plan_summary(code, loader.load_milestones(session, code), today),
        "plan_may_edit": who is not None and who.may_act_for_county(code),
        "kind_labels": v.KIND_LABELS,
        "county_initiatives": v.ordered(loader.load_initiatives(session, code)),
        "initiative_status_labels": v.STATUS_LABELS,
    }
