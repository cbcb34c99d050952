"""Controlled vocabularies of the catalogue (part of the schema, shared by seeds, import and the analyser)."""

from __future__ import annotations

TYPES = ("financial", "collaboration", "competence")
FUNDING_FORMS = (
    "grant",
    "loan",
    "guarantee",
    "equity",
    "tax_deduction",
    "advisory",
    "network_programme",
    "infrastructure_access",
)
APPLICANTS = (
    "single_firm",
    "sme",
    "large_firm",
    "consortium",
    "cluster",
    "research_org",
    "municipality",
    "county",
    "public_body",
    "startup",
    "individual",
)
CONSORTIUM_ELIGIBILITY = ("yes", "no", "partial")
CONSORTIUM_LEAD = ("firm", "research_org", "public_body", "cluster", "any")
STAGES = ("idea", "feasibility", "rnd", "pilot", "demonstration", "full_scale", "scale_up", "operation")
VALUE_CHAINS = (
    "any",
    "hydrogen",
    "battery",
    "offshore_wind",
    "biogas",
    "ccs",
    "process_industry",
    "forest_bio",
    "bioeconomy",
    "maritime",
    "aquaculture",
    "agriculture",
    "transport",
    "buildings",
    "energy_system",
    "solar",
    "manufacturing",
    "digital",
    "public_sector",
    "health",
)
MISSIONS = ("I", "II", "III")
GEOGRAPHY = ("national", "regional")
DEADLINE_KINDS = ("continuous", "calls", "annual")
STATUSES = ("active", "closed")
CONFIDENCE = ("high", "medium", "low")
SIZE_CLASSES = ("small", "medium", "large")
MEMBER_ROLES = ("lead", "partner", "facilitator", "municipality", "research_partner")
NEEDS = (
    "feasibility",
    "rnd",
    "pilot",
    "full_scale",
    "shared_infrastructure",
    "facilitation",
    "competence",
    "risk_relief",
)

# Multi-valued instrument attributes stored as (facet, value) tags, with their vocabularies.
TAG_FACETS: dict[str, tuple[str, ...]] = {
    "type": TYPES,
    "funding_form": FUNDING_FORMS,
    "applicant": APPLICANTS,
    "stage": STAGES,
    "value_chain": VALUE_CHAINS,
    "mission": MISSIONS,
}

# Registers of industrial symbioses and industrial areas (mission progress, issue 8).
SYMBIOSIS_STATUSES = ("planned", "in_development", "in_operation", "ended")
EMISSIONS_STATUSES = ("baseline", "reducing", "net_zero")
INFRASTRUCTURE_KINDS = ("power", "digital", "green_transport", "test_facilities", "symbiosis_infrastructure")
INSTRUMENT_USE_ROLES = ("used", "applied", "planned")
