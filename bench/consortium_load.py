"""Consortium saves for bench/load_test.py: anonymous visitors saving new consortia through the funding-path
form (all under the SAME name, so that they race for the same slug), and logged-in editors changing one
saved consortium with the version they read (409 when someone else was first; read again and retry).

Each visitor sends member names of its own, so a merge of two saves into one row shows in the check.
Each editor's update raises a counter (the pilot budget) by one and names the editor and the counter in
its last member, so the final row must equal the last successful update.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.orm import Session

from catalogue.consortia import service as consortia
from catalogue.db import engine_for, transaction
from catalogue.instruments.schemas import ConsortiumIn, MemberIn

PATH_URL = "/finansieringsveg"
SHARED_NAME = "Lastprove Felles Konsortium"  # every anonymous save asks for this name (one slug base)
EDITED_SLUG = "lastprove-redigert"
EDITED_NAME = "Lastprove Redigert"
COUNTER_STAGE = "pilot"
# Raised for the server the load test starts: all its traffic comes from 127.0.0.1.
SERVER_ENV = {"VK_ANON_SAVES_PER_MINUTE": "1000000", "VK_ANON_PATHS_PER_MINUTE": "1000000"}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
COUNTER_RE = re.compile(rf'name="budget-{COUNTER_STAGE}" value="(\d*)"')
SAVED_RE = re.compile(rf"^{PATH_URL}/([a-z0-9-]+)\?lagra=1$")


@dataclass
class ConsortiumStats:
    saved_new: list[tuple[str, list[str]]] = field(default_factory=list)  # (slug, member names sent)
    updates: list[tuple[int, int, list[str]]] = field(
        default_factory=list
    )  # (version read, counter, members)
    update_conflicts: int = 0


def base_form(name: str, members: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "county": "46",
        "current_stage": "feasibility",
        "target_stage": "pilot",
        "needs": ["pilot", "shared_infrastructure"],
        "value_chains": ["aquaculture", "energy_system"],
    }
    for i, member in enumerate(members):
        data |= {
            f"members-{i}-name": member,
            f"members-{i}-size_class": "small" if i == 0 else "medium",
            f"members-{i}-role": "lead" if i == 0 else "partner",
        }
    return data


def edited_members(editor: int, counter: int) -> list[str]:
    return ["Redigert Hovud AS", "Redigert Partnar AS", f"Redaktor {editor} runde {counter} AS"]


def prepare(session: Session) -> None:
    """The consortium the editors change (a web-form one, counter 0, version 1)."""
    record = ConsortiumIn(
        slug=EDITED_SLUG,
        name=EDITED_NAME,
        county="46",
        value_chains=["aquaculture", "energy_system"],
        current_stage="feasibility",
        target_stage="pilot",
        needs=["pilot", "shared_infrastructure"],
        budget_per_stage={COUNTER_STAGE: 0},
        members=[
            MemberIn(name=m, size_class="small" if i == 0 else "medium", role="lead" if i == 0 else "partner")
            for i, m in enumerate(edited_members(-1, 0))
        ],
        source=consortia.WEB_FORM,
    )
    row = consortia.create_consortium(session, record, None)
    assert row.slug == EDITED_SLUG


async def visitor(base: str, n: int, stop: float, stats: Any, cstats: ConsortiumStats) -> None:
    """An anonymous visitor: open the form (CSRF cookie + token), then save new consortia until ``stop``."""
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(keepalive_expiry=2.0)
    ) as client:
        started = time.perf_counter()
        r = await client.get(PATH_URL)
        stats.record(started, "form GET", r.status_code)
        found = CSRF_RE.search(r.text)
        if r.status_code != 200 or not found:
            stats.errors.append(f"GET {PATH_URL}: {r.status_code}")
            return
        token, i = found.group(1), 0
        while time.perf_counter() < stop:
            members = [f"Besokar {n} lagring {i} medlem {j} AS" for j in range(3)]
            data = base_form(SHARED_NAME, members) | {"save": "new", "csrf_token": token}
            i += 1
            started = time.perf_counter()
            try:
                r = await client.post(PATH_URL, data=data, follow_redirects=False)
            except httpx.HTTPError as exc:
                stats.errors.append(f"POST save=new: {type(exc).__name__}")
                continue
            stats.record(started, "save new", r.status_code)
            saved = SAVED_RE.match(r.headers.get("location", ""))
            if r.status_code == 303 and saved:
                cstats.saved_new.append((saved.group(1), members))
            else:
                stats.errors.append(f"POST save=new: {r.status_code} {r.text[:200]}")


async def consortium_editor(
    base: str, n: int, email: str, password: str, stop: float, stats: Any, cstats: ConsortiumStats
) -> None:
    """A logged-in editor: open the saved consortium, raise its counter by one, save with the version read."""
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(keepalive_expiry=2.0)
    ) as client:
        r = await client.post("/api/v1/login", json={"email": email, "password": password})
        if r.status_code != 200:
            stats.errors.append(f"login {email}: {r.status_code}")
            return
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                r = await client.get(f"{PATH_URL}/{EDITED_SLUG}")
            except httpx.HTTPError as exc:
                stats.errors.append(f"GET consortium: {type(exc).__name__}")
                continue
            stats.record(started, "consortium GET", r.status_code)
            token, version, counter = (
                CSRF_RE.search(r.text),
                VERSION_RE.search(r.text),
                COUNTER_RE.search(r.text),
            )
            if r.status_code != 200 or not (token and version and counter):
                stats.errors.append(f"GET consortium: {r.status_code}")
                return
            read, value = int(version.group(1)), int(counter.group(1) or 0)
            members = edited_members(n, value + 1)
            data = base_form(EDITED_NAME, members) | {
                f"budget-{COUNTER_STAGE}": str(value + 1),
                "slug": EDITED_SLUG,
                "version": str(read),
                "save": "update",
                "csrf_token": token.group(1),
            }
            started = time.perf_counter()
            try:
                r = await client.post(PATH_URL, data=data, follow_redirects=False)
            except httpx.HTTPError as exc:
                stats.errors.append(f"POST save=update: {type(exc).__name__}")
                continue
            stats.record(started, "save update", r.status_code)
            if r.status_code == 303:
                cstats.updates.append((read, value + 1, members))
            elif r.status_code == 409:
                cstats.update_conflicts += 1
            else:
                stats.errors.append(f"POST save=update: {r.status_code} {r.text[:200]}")


def verify(url: str, cstats: ConsortiumStats) -> list[str]:
    """What is wrong in the database after the run (empty: every save kept, nothing merged or lost)."""
    problems: list[str] = []
    with transaction(engine_for(url)) as session:

        def members_of(cid: int) -> list[str]:
            q = "SELECT name FROM consortium_member WHERE consortium_id = :c ORDER BY position"
            return list(session.scalars(text(q), {"c": cid}))

        rows = {
            slug: (cid, name)
            for cid, slug, name in session.execute(
                text("SELECT id, slug, name FROM consortium WHERE slug <> :e AND source = :s"),
                {"e": EDITED_SLUG, "s": consortia.WEB_FORM},
            )
        }
        slugs = [slug for slug, _ in cstats.saved_new]
        if len(set(slugs)) != len(slugs):
            problems.append(f"save=new: {len(slugs) - len(set(slugs))} slugs handed out twice")
        if len(rows) != len(slugs):
            problems.append(f"save=new: {len(slugs)} saves (303) but {len(rows)} web-form rows")
        for slug, sent in cstats.saved_new:
            if slug not in rows:
                problems.append(f"save=new: {slug} missing")
            elif rows[slug][1] != SHARED_NAME or members_of(rows[slug][0]) != sent:
                problems.append(f"save=new: {slug} holds {members_of(rows[slug][0])}, sent {sent}")
        cid, version, budget = session.execute(
            text("SELECT id, version, budget_per_stage FROM consortium WHERE slug = :e"), {"e": EDITED_SLUG}
        ).one()
        budget = budget if isinstance(budget, dict) else __import__("json").loads(budget)
        done = len(cstats.updates)
        if version != 1 + done:
            problems.append(f"update: version {version}, expected {1 + done}")
        if sorted(r for r, _, _ in cstats.updates) != list(range(1, 1 + done)):
            problems.append("update: the versions read by the successful updates do not go up by one")
        last = max(cstats.updates, key=lambda u: u[1]) if cstats.updates else (0, 0, edited_members(-1, 0))
        if int(budget.get(COUNTER_STAGE, 0)) != done or last[1] != done or members_of(cid) != last[2]:
            problems.append(f"update: final row (counter {budget}, {members_of(cid)}) is not the last update")
        audit = list(
            session.execute(text("SELECT consortium_slug, action, version FROM consortium_audit ORDER BY id"))
        )
        creates = [a for a in audit if a.action == "create" and a.consortium_slug != EDITED_SLUG]
        updates = sorted(
            a.version for a in audit if a.action == "update" and a.consortium_slug == EDITED_SLUG
        )
        if len(creates) != len(slugs) or {a.consortium_slug for a in creates} != set(slugs):
            problems.append(f"audit: {len(creates)} create entries for {len(slugs)} saves")
        if updates != list(range(2, 2 + done)):
            problems.append(f"audit: {len(updates)} update entries for {done} updates")
        cstats.audit_counts = (len(creates), len(updates))  # type: ignore[attr-defined]
    return problems
