"""The funding-path form (/finansieringsveg): form fields ⇄ a consortium profile, with field-level messages.

``PathForm`` holds what the visitor typed, as text, so a form with mistakes re-renders exactly as sent.
``check(form, counties, lang)`` turns it into a profile through ``analyser.paths.profile.parse_profile`` (the
same validation as the API and the CLI) and maps every problem to the form field it names
(``members.1.org_number`` → the input ``f-members-1-org_number``) in the interface language.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyser.paths.profile import ConsortiumProfile, parse_profile, slugify
from catalogue import vocabulary as v
from catalogue.consortia.service import WEB_FORM
from catalogue.errors import InputError, Problem
from catalogue.instruments.schemas import ConsortiumIn
from catalogue.instruments.snapshot import ConsortiumSnap
from catalogue.orgnumber import orgnumber_problem
from web.i18n.catalogues import translator
from web.i18n.problems import problem_message

MEMBER_FIELDS = ("name", "org_number", "size_class", "role", "in_assisted_area")
HIDDEN_MEMBER_FIELDS = ("sector_nace", "county")  # kept from a saved consortium, not edited here
MAX_MEMBERS = 30
SOURCE = WEB_FORM
# What the form shows of a saved consortium: saving changes takes these, the rest stays as stored.
SAVED_FIELDS = (
    "name",
    "county",
    "value_chains",
    "current_stage",
    "target_stage",
    "needs",
    "budget_per_stage",
    "members",
)


@dataclass
class MemberRow:
    name: str = ""
    org_number: str = ""
    size_class: str = ""
    role: str = ""
    in_assisted_area: str = ""  # yes / no / "" (unknown): GBER art. 25(6) assisted-area increase
    sector_nace: str = ""
    county: str = ""

    def is_blank(self) -> bool:
        return not any(getattr(self, f).strip() for f in MEMBER_FIELDS)


@dataclass
class PathForm:
    """The form as typed. ``slug`` is the saved consortium it was opened from (None for a new one)."""

    name: str = ""
    county: str = ""
    value_chains: list[str] = field(default_factory=list)
    current_stage: str = ""
    target_stage: str = ""
    needs: list[str] = field(default_factory=list)
    budgets: dict[str, str] = field(default_factory=dict)
    members: list[MemberRow] = field(default_factory=lambda: [MemberRow()])
    slug: str | None = None
    version: str = ""  # of the saved consortium when it was opened (optimistic locking)
    description_nn: str | None = None
    description_en: str | None = None

    @classmethod
    def from_form(cls, form: Mapping[str, Any], getlist: Any) -> PathForm:
        """From posted form data (``getlist(name)`` reads repeated fields)."""
        count = _member_count(form)
        members = [
            MemberRow(
                **{f: _text(form.get(f"members-{i}-{f}")) for f in (*MEMBER_FIELDS, *HIDDEN_MEMBER_FIELDS)}
            )
            for i in range(count)
        ]
        return cls(
            name=_text(form.get("name")),
            county=_text(form.get("county")),
            value_chains=[x for x in getlist("value_chains") if x in v.VALUE_CHAINS],
            current_stage=_text(form.get("current_stage")),
            target_stage=_text(form.get("target_stage")),
            needs=[x for x in getlist("needs") if x in v.NEEDS],
            budgets={s: _text(form.get(f"budget-{s}")) for s in v.STAGES if _text(form.get(f"budget-{s}"))},
            members=members or [MemberRow()],
            slug=_text(form.get("slug")) or None,
            version=_text(form.get("version")),
        )

    @classmethod
    def from_consortium(cls, c: ConsortiumSnap) -> PathForm:
        return cls(
            name=c.name,
            county=c.county or "",
            value_chains=list(c.value_chains),
            current_stage=c.current_stage or "",
            target_stage=c.target_stage or "",
            needs=list(c.needs),
            budgets={s: str(n) for s, n in c.budget_per_stage.items()},
            members=[
                MemberRow(
                    m.name,
                    m.org_number or "",
                    m.size_class or "",
                    m.role or "",
                    m.in_assisted_area if m.in_assisted_area in ("yes", "no") else "",
                    m.sector_nace or "",
                    m.county or "",
                )
                for m in c.members
            ]
            or [MemberRow()],
            slug=c.slug,
            version=str(c.version),
            description_nn=c.description_nn,
            description_en=c.description_en,
        )

    def with_member_added(self) -> PathForm:
        if len(self.members) >= MAX_MEMBERS:
            return self
        return dataclasses.replace(self, members=[*self.members, MemberRow()])

    def with_member_removed(self, index: int) -> PathForm:
        members = [m for i, m in enumerate(self.members) if i != index]
        return dataclasses.replace(self, members=members or [MemberRow()])

    def field_ids(self) -> list[str]:
        """Ids of every control that can carry a message (each has a message slot ``<id>-error``)."""
        ids = [
            "f-name",
            "f-county",
            "f-current_stage",
            "f-target_stage",
            "f-needs",
            "f-value_chains",
            "f-budgets",
            *(f"f-budget-{s}" for s in v.STAGES),
        ]
        return ids + [f"f-members-{i}-{f}" for i in range(len(self.members)) for f in MEMBER_FIELDS]

    def filled_members(self) -> list[tuple[int, MemberRow]]:
        """(row index, row) of the rows with anything in them; blank rows are ignored."""
        return [(i, m) for i, m in enumerate(self.members) if not m.is_blank()]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _member_count(form: Mapping[str, Any]) -> int:
    indexes = [int(m.group(1)) for k in form.keys() if (m := re.fullmatch(r"members-(\d+)-name", k))]
    return min(MAX_MEMBERS, max(indexes) + 1) if indexes else 0


@dataclass
class Checked:
    """The outcome of checking a form: the profile (None when invalid) and messages by field id."""

    profile: ConsortiumProfile | None
    errors: dict[str, str]
    general: list[str]

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.errors and not self.general


def profile_data(form: PathForm, fallback_name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The raw profile for ``parse_profile`` and the problems found on the way (budgets), by field id."""
    errors: dict[str, str] = {}
    budgets: dict[str, int] = {}
    for stage, raw in form.budgets.items():
        digits = raw.replace(" ", "").replace("\u00a0", "").replace(".", "")
        if stage in v.STAGES and re.fullmatch(r"-?\d+", digits):
            budgets[stage] = int(digits)
        else:
            errors[f"f-budget-{stage}"] = "budget_format"
    name = form.name or fallback_name
    data = {
        "slug": slugify(name),
        "name": name,
        "county": form.county or None,
        "value_chains": form.value_chains,
        "current_stage": form.current_stage or None,
        "target_stage": form.target_stage or None,
        "needs": form.needs,
        "budget_per_stage": budgets,
        "members": [
            {
                "name": m.name,
                "org_number": m.org_number or None,
                "size_class": m.size_class or None,
                "role": m.role or None,
                "in_assisted_area": m.in_assisted_area or None,
                "sector_nace": m.sector_nace or None,
                "county": m.county or None,
            }
            for _, m in form.filled_members()
        ],
    }
    return data, errors


def check(form: PathForm, counties: Collection[str], lang: str, *, for_saving: bool = False) -> Checked:
    """Validate ``form``; messages are in ``lang``. Saving also needs the consortium's own name."""
    t = translator(lang)
    data, codes = profile_data(form, form.name or t.gettext("Unnamed consortium"))
    errors = {fid: message_for(code, t) for fid, code in codes.items()}
    general: list[str] = []
    if for_saving and not form.name:
        errors["f-name"] = t.gettext("Give the consortium a name before you save it.")
    rows = [i for i, _ in form.filled_members()]
    try:
        profile = parse_profile(data, source=SOURCE, known_counties=counties)
    except InputError as exc:
        for problem in exc.problems:
            fid = field_id(problem.field, rows)
            text = problem_text(problem, form, rows, t)
            if fid is None:
                general.append(text)
            else:
                errors.setdefault(fid, text)
        return Checked(None, errors, general)
    return Checked(None if errors else profile, errors, general)


def field_id(path: str, rows: list[int]) -> str | None:
    """The id of the form control a problem's field path names; None when no single control fits."""
    parts = path.split(".")
    if parts[0] in ("name", "county", "current_stage", "target_stage"):
        return f"f-{parts[0]}"
    if parts[0] in ("value_chains", "needs"):
        return f"f-{parts[0]}"
    if parts[0] == "budget_per_stage":
        return f"f-budget-{parts[1]}" if len(parts) > 1 and parts[1] in v.STAGES else "f-budgets"
    if parts[0] == "members" and len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
        name = parts[2] if parts[2] in MEMBER_FIELDS else "name"
        return f"f-members-{rows[int(parts[1])]}-{name}"
    return None


def problem_text(problem: Problem, form: PathForm, rows: list[int], t: Any) -> str:
    """The problem in the interface language (the validators speak English)."""
    parts = problem.field.split(".")
    last, message = parts[-1], problem.message
    if (shared := problem_message(problem.code, message, t)) is not None:
        return shared
    if last == "org_number" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
        raw = form.members[rows[int(parts[1])]].org_number
        why = orgnumber_problem(raw.replace(" ", "")) or ""
        return message_for("org_digits" if why.startswith("must be") else "org_check", t)
    if last == "county":
        return message_for("county", t)
    if last == "target_stage" and "comes before" in message:
        return message_for("stage_order", t)
    if last == "name" and parts[0] == "members":
        return message_for("duplicate_member" if "duplicate" in message else "member_name", t)
    if parts[0] == "budget_per_stage" and "negative" in message:
        return message_for("budget_negative", t)
    return str(message)


def message_for(code: str, t: Any) -> str:
    messages = {
        "org_digits": t.gettext("An organisation number has 9 digits."),
        "org_check": t.gettext(
            "This is not a valid organisation number: the check digit does not match "
            "(MOD11). Check the number in the Central Coordinating Register."
        ),
        "county": t.gettext("Unknown county. Choose a county from the list."),
        "stage_order": t.gettext("The target stage comes before the current stage."),
        "duplicate_member": t.gettext("Two members have the same name."),
        "member_name": t.gettext("Give the member a name."),
        "budget_format": t.gettext("Write the budget in whole kroner, e.g. 2500000."),
        "budget_negative": t.gettext("A budget cannot be negative."),
    }
    return messages[code]


def consortium_in(profile: ConsortiumProfile, slug: str, form: PathForm) -> ConsortiumIn:
    """The record to save (``catalogue.consortia.service``) under ``slug``."""
    return ConsortiumIn(
        slug=slug,
        name=profile.name,
        county=profile.county,
        value_chains=list(profile.value_chains),
        current_stage=profile.current_stage,
        target_stage=profile.target_stage,
        needs=list(profile.needs),
        budget_per_stage=dict(profile.budget_per_stage),
        members=[
            {
                "name": m.name,
                "org_number": m.org_number,
                "size_class": m.size_class,
                "sector_nace": m.sector_nace,
                "role": m.role,
                "county": m.county,
                "in_assisted_area": m.in_assisted_area,
            }
            for m in profile.members
        ],
        description_nn=form.description_nn,
        description_en=form.description_en,
        source=SOURCE,
    )


def slug_base(name: str) -> str:
    """The address a new consortium asks for (``catalogue.consortia.service.create_consortium`` adds -2,
    -3, ... when it is taken)."""
    return slugify(name)[:60].strip("-") or "consortium"
