"""The detail page of one gap (/gap/{code}): its evidence resolved to names and links in the interface
language (instruments, barriers, consortia, unfunded needs, plus the check's own figures)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyser.gaps.findings import Finding
from web.analysis import gap_analysis
from web.gaps.award_evidence import AWARD_LABELS, AwardWords
from web.gaps.items import Item
from web.gaps.view import departments_of
from web.i18n.catalogues import translator
from web.i18n.formatting import formatter
from web.i18n.wording import ministry_name
from web.state import CatalogueState
from web.templating import N_

# Labels of the evidence a check adds beyond instruments, barriers, consortia and needs.
EXTRA_LABELS = {
    "answering": N_("Instruments answering"),
    "answering_agencies": N_("Agencies answering"),
    "min_answering": N_("Answering instruments needed"),
    "partial": N_("Answering in part"),
    "condition": N_("Condition for consortia"),
    "reason": N_("Reason"),
    "step": N_("Stage"),
    "steps": N_("Stages of the pipeline"),
    "value_chain": N_("Value chain"),
    "mission": N_("Mission"),
    "holes": N_("Holes"),
    "thin": N_("Thin cells"),
    "from": N_("From stage"),
    "to": N_("To stage"),
    "similarity": N_("Similarity"),
    "name_similarity": N_("Similarity of names"),
    "text_similarity": N_("Similarity of texts"),
    "joint_scheme_exists": N_("A joint scheme exists"),
    "weighted_answers": N_("Weighted answers"),
    "consortium_eligibility": N_("Consortia may apply"),
    "missions": N_("Missions"),
    "relevance": N_("Relevance to the missions and barriers"),
    "never_verified": N_("Never verified"),
    "by_agency": N_("Not verified, by agency"),
    "agency": N_("Agency"),
    "stale": N_("Instruments not verified"),
    "total": N_("Instruments in all"),
    "share": N_("Share not verified"),
    "queue": N_("Review queue"),
}
# Keys inside the pipeline steps and grid cells of the evidence.
PART_LABELS = {
    "step": N_("stage"),
    "stages": N_("stages"),
    "specific": N_("aimed at the value chain"),
    "agencies": N_("agencies"),
    "specific_open": N_("of them open to consortia"),
    "generic": N_("open to every value chain"),
    "generic_open": N_("of them open to consortia"),
    "type": N_("type"),
    "stage": N_("stage"),
}
REASONS = {
    "closed-to-consortia": N_("the instruments aimed at the value chain are closed to consortia"),
    "generic-only": N_("only instruments open to every value chain, none aimed at this one"),
    "generic-closed-only": N_(
        "only instruments open to every value chain, and those are closed to consortia"
    ),
    "none": N_("no instrument at all"),
}
STAGE_KEYS = {"step", "from", "to", "stage", "stages"}
STANDARD = ("instruments", "barriers", "consortia", "needs")


@dataclass(frozen=True)
class EvidenceRow:
    key: str
    label: str
    items: tuple[Item, ...]


class Resolver:
    """Codes of the catalogue and its vocabularies → words (and links) in one language."""

    def __init__(self, state: CatalogueState, lang: str) -> None:
        self.state, self.lang = state, lang
        self.t = translator(lang)
        self.labels = state.labeller(lang)
        self.fmt = formatter(lang)
        self.consortia = {c.slug: c for c in state.snapshot.consortia}
        self.barriers = {b.code: b for b in state.snapshot.barriers}

    def instrument(self, slug: str) -> Item:
        found = self.state.index.get(slug)
        return Item(found.name(self.lang), f"/instrumenter/{slug}") if found else Item(slug)

    def barrier(self, code: str) -> Item:
        found = self.barriers.get(code)
        return Item(f"{code}: {found.title(self.lang)}" if found else code, f"/dekning/{code}")

    def consortium(self, slug: str) -> Item:
        found = self.consortia.get(slug)
        return Item(found.name if found else slug, f"/finansieringsveg/{slug}" if found else None)

    def code(self, key: str, value: Any) -> Item:
        if isinstance(value, bool):
            return Item(self.labels.value("bool", value))
        if isinstance(value, float):
            return Item(self.fmt.number(round(value, 2)))
        if isinstance(value, int):
            return Item(self.fmt.number(value))
        text = str(value)
        if self.state.index.get(text) is not None:
            return self.instrument(text)
        if key in STAGE_KEYS:
            return Item(self.labels.value("stage", text))
        if key in ("value_chain", "mission", "type"):
            return Item(self.labels.value(key, text))
        if key == "missions":
            return Item(self.labels.value("mission", text))
        if key == "consortium_eligibility":
            return Item(self.labels.value("consortium", text))
        if key == "reason" and text in REASONS:
            return Item(self.t.gettext(REASONS[text]))
        if key in ("agencies", "answering_agencies", "agency"):
            return Item(self.labels.value("agency", text))
        if key == "queue" and text.startswith("/kontroll"):
            return Item(self.t.gettext("Open the review queue"), text)
        return Item(text)

    def values(self, key: str, value: Any) -> tuple[Item, ...]:
        if isinstance(value, (list, tuple)):
            return tuple(item for x in value for item in self.values(key, x))
        if isinstance(value, dict) and key == "by_agency":  # agency code → a count
            return tuple(
                Item(f"{self.labels.value('agency', a)}: {self.fmt.number(n)}", f"/instrumenter?agency={a}")
                for a, n in value.items()
            )
        if isinstance(value, dict):
            parts = [
                f"{self._part(k)}: " + ", ".join(i.text for i in self.values(k, x))
                for k, x in value.items()
                if x not in ((), [], None, "")
            ]
            return (Item("; ".join(parts)),)
        return (self.code(key, value),)

    def _part(self, key: str) -> str:
        return self.t.gettext(PART_LABELS[key]) if key in PART_LABELS else key.replace("_", " ")


def evidence_rows(finding: Finding, r: Resolver) -> list[EvidenceRow]:
    t = translator(r.lang)
    ev = finding.evidence
    rows = [
        EvidenceRow(
            "instruments", t.gettext("Instruments"), tuple(r.instrument(s) for s in ev.get("instruments", []))
        ),
        EvidenceRow("barriers", t.gettext("Barriers"), tuple(r.barrier(b) for b in ev.get("barriers", []))),
        EvidenceRow(
            "consortia",
            t.gettext("Consortia concerned"),
            tuple(r.consortium(c) for c in ev.get("consortia", [])),
        ),
        EvidenceRow("needs", t.gettext("Needs"), tuple(_need(n, r, t) for n in ev.get("needs", []))),
    ]
    words = AwardWords(r, ev) if "sources" in ev else None
    for key, value in ev.items():
        if key not in STANDARD and value not in ((), [], None, ""):
            if words is not None and key in AWARD_LABELS:
                if key.endswith("_more") and not value:
                    continue
                rows.append(EvidenceRow(key, t.gettext(AWARD_LABELS[key]), words.items(key, value)))
                continue
            label = t.gettext(EXTRA_LABELS[key]) if key in EXTRA_LABELS else key.replace("_", " ")
            rows.append(EvidenceRow(key, label, r.values(key, value)))
    return [row for row in rows if row.items]


def _need(ref: dict[str, Any], r: Resolver, t: Any) -> Item:
    need = r.labels.value("need", ref.get("need"))
    slug = ref.get("consortium")
    if not slug:
        return Item(need)
    consortium = r.consortium(slug)
    return Item(
        t.gettext("%(need)s: %(consortium)s cannot fund it", need=need, consortium=consortium.text),
        consortium.href,
    )


def gap_detail_context(state: CatalogueState, code: str, lang: str) -> dict[str, Any] | None:
    analysis = gap_analysis(state)
    finding = analysis.finding(code)
    if finding is None:
        return None
    r = Resolver(state, lang)
    return {
        "finding": finding,
        "evidence": evidence_rows(finding, r),
        "departments": [
            (d, ministry_name(d, lang), d in finding.departments) for d in departments_of(finding, analysis)
        ],
        "agencies": [(a, r.labels.value("agency", a)) for a in finding.agencies],
        "rank": analysis.findings.index(finding) + 1,
        "all_total": len(analysis.findings),
    }
