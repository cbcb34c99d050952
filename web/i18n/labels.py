"""Labels of the catalogue's vocabularies: the one table, in English, translated through gettext.

``FACET_LABELS[facet]`` names a facet and ``VALUE_LABELS[facet][code]`` a value; both are English message
ids marked with ``N_`` (``make messages`` extracts them into ``web/locale``, where nynorsk and bokmål are
filled in). Agency, county and mission names come from the catalogue itself (see ``Labeller``). The
analyser and the catalogue hold codes only; every page, report and CLI command names them through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analyser.text import N_
from catalogue.instruments.snapshot import CatalogueSnapshot, MissionSnap
from web.i18n.catalogues import LANGS, Translator, translator
from web.i18n.wording import Wording, inline

FACET_LABELS: dict[str, str] = {
    "agency": N_("Agency"),
    "type": N_("Type"),
    "applicant": N_("Who may apply"),
    "consortium": N_("Consortia may apply"),
    "stage": N_("Stage"),
    "value_chain": N_("Value chain"),
    "mission": N_("Mission"),
    "county": N_("County"),
    "status": N_("Status"),
    "funding_form": N_("Funding form"),
    "deadline_kind": N_("Deadline"),
}

UNKNOWN = {"unknown": N_("Unknown")}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "type": {
        "financial": N_("Financial"),
        "collaboration": N_("Collaboration"),
        "competence": N_("Competence"),
    },
    "funding_form": {
        "grant": N_("Grant"),
        "loan": N_("Loan"),
        "guarantee": N_("Guarantee"),
        "equity": N_("Equity"),
        "tax_deduction": N_("Tax deduction"),
        "advisory": N_("Advisory services"),
        "network_programme": N_("Network programme"),
        "infrastructure_access": N_("Access to infrastructure"),
    },
    "applicant": {
        "single_firm": N_("Single firm"),
        "sme": N_("Small and medium firms"),
        "large_firm": N_("Large firms"),
        "consortium": N_("Consortium"),
        "cluster": N_("Cluster"),
        "research_org": N_("Research organisation"),
        "municipality": N_("Municipality"),
        "county": N_("County authority"),
        "public_body": N_("Public body"),
        "startup": N_("Start-up"),
        "individual": N_("Individual"),
    },
    "consortium": {
        "yes": N_("Yes"),
        "no": N_("No"),
        "partial": N_("Partly, with conditions"),
        **UNKNOWN,
    },
    "consortium_lead": {
        "firm": N_("A firm"),
        "research_org": N_("A research organisation"),
        "public_body": N_("A public body"),
        "cluster": N_("A cluster"),
        "any": N_("Any partner"),
    },
    "stage": {
        "idea": N_("Idea"),
        "feasibility": N_("Feasibility"),
        "rnd": N_("Research and development"),
        "pilot": N_("Pilot"),
        "demonstration": N_("Demonstration"),
        "full_scale": N_("Full scale"),
        "scale_up": N_("Scale-up"),
        "operation": N_("Operation"),
        "any": N_("Any stage"),
    },
    "value_chain": {
        "any": N_("Any value chain"),
        "hydrogen": N_("Hydrogen"),
        "battery": N_("Batteries"),
        "offshore_wind": N_("Offshore wind"),
        "biogas": N_("Biogas"),
        "ccs": N_("Carbon capture and storage"),
        "process_industry": N_("Process industry"),
        "forest_bio": N_("Forest and wood"),
        "bioeconomy": N_("Bioeconomy"),
        "maritime": N_("Maritime industry"),
        "aquaculture": N_("Aquaculture"),
        "agriculture": N_("Agriculture"),
        "transport": N_("Transport"),
        "buildings": N_("Buildings"),
        "energy_system": N_("Energy system"),
        "solar": N_("Solar energy"),
        "manufacturing": N_("Manufacturing"),
        "digital": N_("Digital"),
        "public_sector": N_("Public sector"),
        "health": N_("Health"),
    },
    "status": {"active": N_("Active"), "closed": N_("Closed"), **UNKNOWN},
    "deadline_kind": {
        "continuous": N_("Continuous"),
        "calls": N_("Calls"),
        "annual": N_("Annual"),
        **UNKNOWN,
    },
    "county": {
        "national": N_("Nationwide"),
        "all_counties": N_("Regional, every county"),
        **UNKNOWN,
    },
    "amount_source": {"agency": N_("The agency itself"), "third_party": N_("Third party (unofficial)")},
    "assisted_area": {"yes": N_("Yes"), "no": N_("No"), "unknown": N_("Not known")},
    "review_reason": {
        "never_verified": N_("Never verified"),
        "verified_long_ago": N_("Checked too long ago"),
        "status_unknown": N_("Status unknown"),
    },
    "geography": {"national": N_("National"), "regional": N_("Regional")},
    "confidence": {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")},
    "bool": {"true": N_("Yes"), "false": N_("No"), "none": N_("Unknown")},
    "sort": {
        "relevance": N_("Relevance"),
        "deadline": N_("Next deadline"),
        "amount": N_("Largest amount"),
    },
    # Instrument attributes named by the funding-path rules (seeds/path_rules.yaml).
    "attribute": {
        "pays_coordination_costs": N_("Pays coordination costs"),
        "funds_shared_infrastructure": N_("Funds shared infrastructure"),
        "risk_relief": N_("Offers risk relief"),
        "requires_research_partner": N_("Requires a research partner"),
        "consortium_without_legal_personality": N_("Consortium without legal personality"),
    },
    # Mission progress (web/progress)
    "symbiosis_status": {
        "planned": N_("Planned"),
        "in_development": N_("In development"),
        "in_operation": N_("In operation"),
        "ended": N_("Ended"),
        "unknown": N_("Nothing recorded"),
    },
    "emissions_status": {
        "baseline": N_("Baseline"),
        "reducing": N_("Reducing"),
        "net_zero": N_("Net zero"),
        **UNKNOWN,
    },
    "infrastructure": {
        "power": N_("Power"),
        "digital": N_("Digital infrastructure"),
        "green_transport": N_("Green transport"),
        "test_facilities": N_("Test facilities"),
        "symbiosis_infrastructure": N_("Physical infrastructure for symbiosis"),
    },
    "progress_status": {
        "met": N_("Target met"),
        "on_track": N_("On track"),
        "off_track": N_("Off track"),
        "no_data": N_("No data"),
    },
    "progress_reason": {
        "no_data": N_("Nothing recorded"),
        "cannot_project": N_("Below target, and too few years of records to project"),
        "projection_below_target": N_("The projection falls short of the target"),
    },
    "progress_need": {
        "symbioses": N_("More symbioses in operation"),
        "infrastructure": N_("Access to infrastructure"),
        "competence": N_("Access to critical competence"),
    },
    "nifu_level": {
        "1": N_("Societal mission"),
        "2": N_("Large overarching mission"),
        "3": N_("Targeted mission"),
        "4": N_("Limited mission"),
        "5": N_("Limited project"),
    },
    # Analysis pages and reports: coverage, gaps and funding paths
    "need": {
        "feasibility": N_("Feasibility study"),
        "rnd": N_("Research and development"),
        "pilot": N_("Pilot"),
        "full_scale": N_("Full-scale plant"),
        "shared_infrastructure": N_("Shared infrastructure"),
        "facilitation": N_("Facilitation and coordination"),
        "competence": N_("Competence"),
        "risk_relief": N_("Risk relief"),
    },
    "size_class": {
        "small": N_("Small firm"),
        "medium": N_("Medium-sized firm"),
        "large": N_("Large firm"),
        "unknown": N_("Size unknown"),
    },
    "member_role": {
        "lead": N_("Lead (applicant)"),
        "partner": N_("Partner"),
        "facilitator": N_("Facilitator"),
        "municipality": N_("Municipality"),
        "research_partner": N_("Research partner"),
        "unknown": N_("Role unknown"),
    },
    "need_coverage": {
        "strong": N_("Covered"),
        "weak": N_("Only weakly covered"),
        "none": N_("Not covered"),
    },
    "candidate_level": {
        "consortium": N_("The consortium applies jointly"),
        "member": N_("One member applies"),
    },
    # GBER research categories behind the aid ceilings (seeds/aid_ceilings.yaml)
    "activity": {
        "fundamental_research": N_("Fundamental research"),
        "industrial_research": N_("Industrial research"),
        "experimental_development": N_("Experimental development"),
        "feasibility_studies": N_("Feasibility study"),
    },
    "gap_kind": {
        "barrier-uncovered": N_("Barrier with no instrument"),
        "barrier-weak": N_("Weakly covered barrier"),
        "barrier-unanswerable": N_("Barrier instruments cannot remove"),
        "pipeline-gap": N_("Break in the stage pipeline"),
        "consortium-miss": N_("Closed to consortia"),
        "grid-hole": N_("Hole in the mission grid"),
        "overlap": N_("Overlap"),
        "handoff": N_("Hand-off between agencies"),
        "stale-data": N_("Not verified for 12 months"),
        "consortia-in-practice": N_("Open to consortia only on paper"),
        "catalogue-error": N_("Hole contradicted by funded projects"),
        "hole-confirmed": N_("Hole confirmed by funded projects"),
        "business-rejected": N_("Businesses rejected more often"),
        "unmapped-money": N_("Money outside the catalogue"),
        "uncoordinated-funding": N_("Several funders, no joint scheme"),
        "not-measurable": N_("Not measurable from the funded-project data"),
    },
    "severity": {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")},
    # Funded projects (catalogue/awards): outcomes, roles and sectors as the sources state them.
    "award_outcome": {
        "granted": N_("Granted"),
        "running": N_("Granted, running"),
        "finished": N_("Granted, finished"),
        "rejected": N_("Rejected"),
        "unknown": N_("Outcome not known"),
    },
    "award_role": {
        "responsible": N_("Responsible"),
        "coordinator": N_("Coordinator"),
        "participant": N_("Participant"),
    },
    "sector_kind": {
        "business": N_("Business"),
        "higher_education": N_("Universities and colleges"),
        "institute": N_("Research institutes"),
        "health": N_("Health trusts"),
        "public": N_("Public sector"),
        "other": N_("Other"),
        "abroad": N_("Abroad"),
        **UNKNOWN,
    },
    "funder": {"EU": N_("European Union (framework programmes)")},
    # The three limited missions (catalogue.vocabulary.MISSIONS) named by their topic, inside sentences;
    # the facet "mission" uses the catalogue's own titles.
    "mission_topic": {
        "I": N_("Mission I (industrial symbiosis)"),
        "II": N_("Mission II (infrastructure)"),
        "III": N_("Mission III (competence)"),
    },
}
COUNTY_AUTHORITIES = N_("County authorities")  # agency group FK: every county authority (FK-xx)

MISSION_LABEL = N_("Mission %(code)s")


class Labeller:
    """Names of facets and codes in one language: the table above through gettext, plus the catalogue's
    own names (agencies, counties, missions, barriers, instruments, consortia, ministries).

    Build one per (snapshot, language) — ``CatalogueState.labeller(lang)`` caches them. ``text(...)``
    words an analyser message (``analyser.text.Msg``) in the same language.
    """

    def __init__(self, snapshot: CatalogueSnapshot, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.t: Translator = translator(lang)
        self.lang = self.t.lang
        self.snapshot = snapshot
        gettext = self.t.gettext
        self._values: dict[str, Mapping[str, str]] = {
            facet: {code: gettext(msgid) for code, msgid in values.items()}
            for facet, values in VALUE_LABELS.items()
        }
        missions = {m.code: _mission_title(m, self.t) for m in snapshot.missions}
        self._values["mission"] = {
            **{code: gettext(MISSION_LABEL, code=code) for code in ("I", "II", "III")},
            **missions,
        }
        self._values["agency"] = {
            "FK": gettext(COUNTY_AUTHORITIES),
            **{a.code: a.name(self.lang) for a in snapshot.agencies},
        }
        self._values["county"] = {**self._values["county"], **dict(snapshot.counties)}
        self._text: Wording | None = None

    def facet(self, facet: str) -> str:
        msgid = FACET_LABELS.get(facet)
        return self.t.gettext(msgid) if msgid else facet

    def value(self, facet: str, value: object) -> str:
        """The label of a value; None means unknown, booleans read yes / no."""
        if value is None:
            return self._values.get(facet, {}).get("unknown") or self._values["bool"]["none"]
        if isinstance(value, bool):
            return self._values["bool"][str(value).lower()]
        return self._values.get(facet, {}).get(str(value), str(value))

    def inline(self, facet: str, value: object) -> str:
        """The label inside a sentence ("søk i fasen forstudie")."""
        return inline(self.value(facet, value))

    def values(self, facet: str, values: Iterable[object]) -> list[str]:
        return [self.value(facet, v) for v in values]

    def knows(self, facet: str, value: object) -> bool:
        return str(value) in self._values.get(facet, {})

    def name(self, kind: str, code: str) -> str:
        """A catalogue code by its name (``instrument``, ``barrier``, ``consortium_name``, ``department``)."""
        return self._wording().name(kind, code)

    def join(self, items: list[str], how: str = "and") -> str:
        """'a, b and c' in this language (``how="or"``: 'a, b or c')."""
        return self._wording().join(items, how)

    def text(self, value: object) -> str:
        """An analyser message (or any argument of one) worded in this language (web/i18n/wording.py)."""
        return self._wording()(value)

    def _wording(self) -> Wording:
        if self._text is None:
            self._text = Wording(self)
        return self._text


def _mission_title(m: MissionSnap, t: Translator) -> str:
    title = {"en": m.title_en, "nb": m.title_nb or m.title_nn}.get(t.lang, m.title_nn)
    prefix = t.gettext(MISSION_LABEL, code=m.code)
    return f"{prefix}: {title}" if title else prefix
