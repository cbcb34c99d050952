"""The initiative service: a merge keeps the merged initiative, its comments and its history, and points
it to the result; a merge can be undone; a plan's overdue milestones depend on the date asked about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from seeded_copy import sqlite_copy

from analyser.progress.plans import plan_summary
from catalogue.accounts.roles import Actor
from catalogue.db import engine_for, transaction
from catalogue.errors import Conflict, Forbidden
from catalogue.initiatives import loader
from catalogue.initiatives import service as svc
from catalogue.initiatives.snapshot import MilestoneSnap

VESTLAND = Actor(
    user_id=None, email="vestland@example.no", admin=False, agency="FK-46", county="46", working_group=False
)  # type: ignore[arg-type]
GROUP = Actor(
    user_id=None, email="gruppe@example.no", admin=False, agency="IN", county=None, working_group=True
)  # type: ignore[arg-type]


def _example(title: str) -> dict[str, object]:
    return {"county": "46", "title": f"EXAMPLE – {title}", "challenge": "c", "market_potential": "m"}


@pytest.fixture
def url(seeded_sqlite_url: str, tmp_path: Path) -> str:
    return sqlite_copy(seeded_sqlite_url, tmp_path)


def test_merged_initiative_keeps_its_history_and_points_to_the_result(seeded_url: str) -> None:
    """On SQLite and PostgreSQL (JSON lists, the version column, the self-reference)."""
    url = seeded_url
    with transaction(engine_for(url)) as session:
        a = svc.create_initiative(session, _example("A"), VESTLAND)
        b = svc.create_initiative(session, _example("B"), VESTLAND)
        svc.add_comment(session, a.id, {"text": "Close to B"}, GROUP)
        svc.merge(session, a.id, b.id, a.version, GROUP)
        with pytest.raises(Conflict):  # the version read before the merge is stale now
            svc.propose(session, a.id, True, 1, GROUP, dt.date(2026, 5, 13))
        a_id, b_id = a.id, b.id
    with transaction(engine_for(url)) as session:
        merged = loader.load_initiative(session, a_id)
        result = loader.load_initiative(session, b_id)
        history = loader.load_history(session, "initiative", a_id)
    assert merged is not None and result is not None
    assert merged.status == "merged" and merged.merged_into == b_id and result.merged_from == (a_id,)
    assert merged.title == "EXAMPLE – A" and [c.text for c in merged.comments] == ["Close to B"]
    assert [e.action for e in history] == ["merge", "comment", "create"]


def test_a_merge_can_be_undone_and_not_merged_twice(url: str) -> None:
    with transaction(engine_for(url)) as session:
        a = svc.create_initiative(session, _example("A"), VESTLAND)
        b = svc.create_initiative(session, _example("B"), VESTLAND)
        svc.merge(session, a.id, b.id, a.version, GROUP)
        entry = loader.load_history(session, "initiative", a.id)[0]
        with pytest.raises(Forbidden):
            svc.revert(session, entry.id, VESTLAND)  # a merge is the working group's to undo
        svc.revert(session, entry.id, GROUP)
        again = loader.load_initiative(session, a.id)
        assert again is not None and again.status == "submitted" and again.merged_into is None


def test_merged_initiative_cannot_be_changed_by_the_county(url: str) -> None:
    with transaction(engine_for(url)) as session:
        a = svc.create_initiative(session, _example("A"), VESTLAND)
        b = svc.create_initiative(session, _example("B"), VESTLAND)
        svc.merge(session, a.id, b.id, a.version, GROUP)
        with pytest.raises(Conflict):
            svc.update_initiative(session, a.id, _example("A2"), a.version, VESTLAND)


def _milestone(i: int, due: dt.date, done: dt.date | None = None) -> MilestoneSnap:
    return MilestoneSnap(id=i, county="46", kind="start", title=None, owner="x", due_on=due, done_on=done)


def test_overdue_milestones_depend_on_today() -> None:
    plan = [
        _milestone(1, dt.date(2026, 3, 1)),
        _milestone(2, dt.date(2026, 3, 1), done=dt.date(2026, 3, 5)),
        _milestone(3, dt.date(2026, 9, 1)),
    ]
    spring = plan_summary("46", plan, dt.date(2026, 4, 1))
    assert [r.milestone.id for r in spring.overdue] == [1] and spring.overdue[0].days_late == 31
    autumn = plan_summary("46", plan, dt.date(2026, 9, 2))
    assert [r.milestone.id for r in autumn.overdue] == [1, 3] and autumn.done == 1
    assert plan_summary("46", plan, dt.date(2026, 3, 1)).overdue == ()  # due today is not late
    assert plan_summary("11", plan, dt.date(2030, 1, 1)).rows == ()
