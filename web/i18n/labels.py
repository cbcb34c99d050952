"""Labels of the catalogue's vocabularies in nynorsk, bokmål and English: the one place they live.

``VALUE_LABELS[facet][value] = (nn, nb, en)``. Agency, county and mission labels come from the
catalogue itself (see ``Labeller``); everything with a fixed vocabulary is here. Interface text that is
not vocabulary goes through gettext (``web/locale``).
"""

from __future__ import annotations

from collections.abc import Mapping

from catalogue.instruments.snapshot import CatalogueSnapshot, MissionSnap

Triple = tuple[str, str, str]
_IDX = {"nn": 0, "nb": 1, "en": 2}

FACET_LABELS: dict[str, Triple] = {
    "agency": ("Aktør", "Aktør", "Agency"),
    "type": ("Type", "Type", "Type"),
    "applicant": ("Kven kan søkje", "Hvem kan søke", "Who may apply"),
    "consortium": ("Konsortium kan søkje", "Konsortium kan søke", "Consortia may apply"),
    "stage": ("Fase", "Fase", "Stage"),
    "value_chain": ("Verdikjede", "Verdikjede", "Value chain"),
    "mission": ("Oppdrag", "Oppdrag", "Mission"),
    "county": ("Fylke", "Fylke", "County"),
    "status": ("Status", "Status", "Status"),
    "funding_form": ("Finansieringsform", "Finansieringsform", "Funding form"),
    "deadline_kind": ("Søknadsfrist", "Søknadsfrist", "Deadline"),
}

VALUE_LABELS: dict[str, dict[str, Triple]] = {
    "type": {
        "financial": ("Finansiell", "Finansiell", "Financial"),
        "collaboration": ("Samarbeid", "Samarbeid", "Collaboration"),
        "competence": ("Kompetanse", "Kompetanse", "Competence"),
    },
    "funding_form": {
        "grant": ("Tilskot", "Tilskudd", "Grant"),
        "loan": ("Lån", "Lån", "Loan"),
        "guarantee": ("Garanti", "Garanti", "Guarantee"),
        "equity": ("Eigenkapital", "Egenkapital", "Equity"),
        "tax_deduction": ("Skattefrådrag", "Skattefradrag", "Tax deduction"),
        "advisory": ("Rådgjeving", "Rådgivning", "Advisory services"),
        "network_programme": ("Nettverksprogram", "Nettverksprogram", "Network programme"),
        "infrastructure_access": (
            "Tilgang til infrastruktur",
            "Tilgang til infrastruktur",
            "Access to infrastructure",
        ),
    },
    "applicant": {
        "single_firm": ("Einskild bedrift", "Enkeltbedrift", "Single firm"),
        "sme": ("Små og mellomstore bedrifter", "Små og mellomstore bedrifter", "Small and medium firms"),
        "large_firm": ("Store bedrifter", "Store bedrifter", "Large firms"),
        "consortium": ("Konsortium", "Konsortium", "Consortium"),
        "cluster": ("Klynge", "Klynge", "Cluster"),
        "research_org": ("Forskingsorganisasjon", "Forskningsorganisasjon", "Research organisation"),
        "municipality": ("Kommune", "Kommune", "Municipality"),
        "county": ("Fylkeskommune", "Fylkeskommune", "County authority"),
        "public_body": ("Offentleg verksemd", "Offentlig virksomhet", "Public body"),
        "startup": ("Oppstartsbedrift", "Oppstartsbedrift", "Start-up"),
        "individual": ("Privatperson", "Privatperson", "Individual"),
    },
    "consortium": {
        "yes": ("Ja", "Ja", "Yes"),
        "no": ("Nei", "Nei", "No"),
        "partial": ("Delvis, på vilkår", "Delvis, på vilkår", "Partly, with conditions"),
        "unknown": ("Ukjent", "Ukjent", "Unknown"),
    },
    "consortium_lead": {
        "firm": ("Bedrift", "Bedrift", "A firm"),
        "research_org": ("Forskingsorganisasjon", "Forskningsorganisasjon", "A research organisation"),
        "public_body": ("Offentleg verksemd", "Offentlig virksomhet", "A public body"),
        "cluster": ("Klynge", "Klynge", "A cluster"),
        "any": ("Kven som helst av partnarane", "Hvem som helst av partnerne", "Any partner"),
    },
    "stage": {
        "idea": ("Idé", "Idé", "Idea"),
        "feasibility": ("Forstudie", "Forstudie", "Feasibility"),
        "rnd": ("Forsking og utvikling", "Forskning og utvikling", "Research and development"),
        "pilot": ("Pilot", "Pilot", "Pilot"),
        "demonstration": ("Demonstrasjon", "Demonstrasjon", "Demonstration"),
        "full_scale": ("Fullskala", "Fullskala", "Full scale"),
        "scale_up": ("Oppskalering", "Oppskalering", "Scale-up"),
        "operation": ("Drift", "Drift", "Operation"),
    },
    "value_chain": {
        "any": ("Alle verdikjeder", "Alle verdikjeder", "Any value chain"),
        "hydrogen": ("Hydrogen", "Hydrogen", "Hydrogen"),
        "battery": ("Batteri", "Batteri", "Batteries"),
        "offshore_wind": ("Havvind", "Havvind", "Offshore wind"),
        "biogas": ("Biogass", "Biogass", "Biogas"),
        "ccs": ("Karbonfangst og -lagring", "Karbonfangst og -lagring", "Carbon capture and storage"),
        "process_industry": ("Prosessindustri", "Prosessindustri", "Process industry"),
        "forest_bio": ("Skog og tre", "Skog og tre", "Forest and wood"),
        "bioeconomy": ("Bioøkonomi", "Bioøkonomi", "Bioeconomy"),
        "maritime": ("Maritim", "Maritim", "Maritime"),
        "aquaculture": ("Havbruk", "Havbruk", "Aquaculture"),
        "agriculture": ("Landbruk", "Landbruk", "Agriculture"),
        "transport": ("Transport", "Transport", "Transport"),
        "buildings": ("Bygg", "Bygg", "Buildings"),
        "energy_system": ("Energisystem", "Energisystem", "Energy system"),
        "solar": ("Solenergi", "Solenergi", "Solar energy"),
        "manufacturing": ("Tilverking", "Tilvirkning", "Manufacturing"),
        "digital": ("Digital", "Digital", "Digital"),
        "public_sector": ("Offentleg sektor", "Offentlig sektor", "Public sector"),
        "health": ("Helse", "Helse", "Health"),
    },
    "status": {
        "active": ("Aktiv", "Aktiv", "Active"),
        "closed": ("Avslutta", "Avsluttet", "Closed"),
        "unknown": ("Ukjent", "Ukjent", "Unknown"),
    },
    "deadline_kind": {
        "continuous": ("Løpande", "Løpende", "Continuous"),
        "calls": ("Utlysingar", "Utlysninger", "Calls"),
        "annual": ("Årleg", "Årlig", "Annual"),
        "unknown": ("Ukjent", "Ukjent", "Unknown"),
    },
    "county": {
        "national": ("Heile landet", "Hele landet", "Nationwide"),
        "all_counties": ("Regionalt, alle fylke", "Regionalt, alle fylker", "Regional, every county"),
        "unknown": ("Ukjent", "Ukjent", "Unknown"),
    },
    "geography": {
        "national": ("Nasjonal", "Nasjonal", "National"),
        "regional": ("Regional", "Regional", "Regional"),
    },
    "amount_source": {
        "agency": ("Aktøren sjølv", "Aktøren selv", "The agency itself"),
        "third_party": ("Tredjepart (uoffisiell)", "Tredjepart (uoffisiell)", "Third party (unofficial)"),
    },
    "assisted_area": {
        "yes": ("Ja", "Ja", "Yes"),
        "no": ("Nei", "Nei", "No"),
        "unknown": ("Veit ikkje", "Vet ikke", "Not known"),
    },
    "review_reason": {
        "never_verified": ("Aldri kontrollert", "Aldri kontrollert", "Never verified"),
        "verified_long_ago": (
            "Kontrollert for lenge sidan",
            "Kontrollert for lenge siden",
            "Checked too long ago",
        ),
        "status_unknown": ("Status ukjend", "Status ukjent", "Status unknown"),
    },
    "confidence": {
        "high": ("Høg", "Høy", "High"),
        "medium": ("Middels", "Middels", "Medium"),
        "low": ("Låg", "Lav", "Low"),
    },
    "bool": {
        "true": ("Ja", "Ja", "Yes"),
        "false": ("Nei", "Nei", "No"),
        "none": ("Ukjent", "Ukjent", "Unknown"),
    },
    "sort": {
        "relevance": ("Relevans", "Relevans", "Relevance"),
        "deadline": ("Neste frist", "Neste frist", "Next deadline"),
        "amount": ("Største beløp", "Største beløp", "Largest amount"),
    },
    # Mission progress (web/progress/routes.py)
    "symbiosis_status": {
        "planned": ("Planlagd", "Planlagt", "Planned"),
        "in_development": ("Under utvikling", "Under utvikling", "In development"),
        "in_operation": ("I drift", "I drift", "In operation"),
        "ended": ("Avslutta", "Avsluttet", "Ended"),
        "unknown": ("Ingen registrering", "Ingen registrering", "Nothing recorded"),
    },
    "emissions_status": {
        "baseline": ("Utgangspunkt", "Utgangspunkt", "Baseline"),
        "reducing": ("Kuttar utslepp", "Kutter utslipp", "Reducing"),
        "net_zero": ("Netto nullutslepp", "Netto nullutslipp", "Net zero"),
        "unknown": ("Ukjent", "Ukjent", "Unknown"),
    },
    "infrastructure": {
        "power": ("Krafttilgang", "Krafttilgang", "Power"),
        "digital": ("Digital infrastruktur", "Digital infrastruktur", "Digital infrastructure"),
        "green_transport": ("Grøn transport", "Grønn transport", "Green transport"),
        "test_facilities": ("Testfasilitetar", "Testfasiliteter", "Test facilities"),
        "symbiosis_infrastructure": (
            "Fysisk infrastruktur for symbiose",
            "Fysisk infrastruktur for symbiose",
            "Physical infrastructure for symbiosis",
        ),
    },
    "progress_status": {
        "met": ("Nådd", "Nådd", "Target met"),
        "on_track": ("På veg", "På vei", "On track"),
        "off_track": ("Ikkje på veg", "Ikke på vei", "Off track"),
        "no_data": ("Ingen data", "Ingen data", "No data"),
    },
    "progress_reason": {
        "no_data": ("Ingen registreringar", "Ingen registreringer", "Nothing recorded"),
        "cannot_project": (
            "Under målet, og for få år med registreringar til å framskrive",
            "Under målet, og for få år med registreringer til å framskrive",
            "Below target, and too few years of records to project",
        ),
        "projection_below_target": (
            "Framskrivinga når ikkje målet",
            "Framskrivingen når ikke målet",
            "The projection falls short of the target",
        ),
    },
    "progress_need": {
        "symbioses": ("Fleire symbiosar i drift", "Flere symbioser i drift", "More symbioses in operation"),
        "infrastructure": (
            "Tilgang til infrastruktur",
            "Tilgang til infrastruktur",
            "Access to infrastructure",
        ),
        "competence": (
            "Tilgang til kritisk kompetanse",
            "Tilgang til kritisk kompetanse",
            "Access to critical competence",
        ),
    },
    "nifu_level": {
        "1": ("Samfunnsoppdrag", "Samfunnsoppdrag", "Mission"),
        "2": (
            "Stort overgripande samfunnsoppdrag",
            "Stort overgripende samfunnsoppdrag",
            "Large overarching mission",
        ),
        "3": ("Målretta samfunnsoppdrag", "Målrettet samfunnsoppdrag", "Targeted mission"),
        "4": ("Avgrensa samfunnsoppdrag", "Avgrenset samfunnsoppdrag", "Limited mission"),
        "5": ("Avgrensa prosjekt", "Avgrenset prosjekt", "Limited project"),
    },
    # Analysis pages: coverage, gaps and funding paths (web/coverage/routes.py, gaps.py, funding_path.py)
    "need": {
        "feasibility": ("Forstudie", "Forstudie", "Feasibility study"),
        "rnd": ("Forsking og utvikling", "Forskning og utvikling", "Research and development"),
        "pilot": ("Pilot", "Pilot", "Pilot"),
        "full_scale": ("Fullskalaanlegg", "Fullskalaanlegg", "Full-scale plant"),
        "shared_infrastructure": ("Felles infrastruktur", "Felles infrastruktur", "Shared infrastructure"),
        "facilitation": (
            "Fasilitering og koordinering",
            "Fasilitering og koordinering",
            "Facilitation and coordination",
        ),
        "competence": ("Kompetanse", "Kompetanse", "Competence"),
        "risk_relief": ("Risikoavlasting", "Risikoavlastning", "Risk relief"),
    },
    "size_class": {
        "small": ("Lita bedrift", "Liten bedrift", "Small firm"),
        "medium": ("Mellomstor bedrift", "Mellomstor bedrift", "Medium-sized firm"),
        "large": ("Stor bedrift", "Stor bedrift", "Large firm"),
        "unknown": ("Ukjend storleik", "Ukjent størrelse", "Size unknown"),
    },
    "member_role": {
        "lead": ("Leiar (søkjar)", "Leder (søker)", "Lead (applicant)"),
        "partner": ("Partnar", "Partner", "Partner"),
        "facilitator": ("Fasilitator", "Fasilitator", "Facilitator"),
        "municipality": ("Kommune", "Kommune", "Municipality"),
        "research_partner": ("Forskingspartnar", "Forskningspartner", "Research partner"),
        "unknown": ("Ukjend rolle", "Ukjent rolle", "Role unknown"),
    },
    "need_coverage": {
        "strong": ("Dekt", "Dekket", "Covered"),
        "weak": ("Berre svakt dekt", "Bare svakt dekket", "Only weakly covered"),
        "none": ("Ikkje dekt", "Ikke dekket", "Not covered"),
    },
    "candidate_level": {
        "consortium": (
            "Konsortiet søkjer saman",
            "Konsortiet søker sammen",
            "The consortium applies jointly",
        ),
        "member": ("Eitt medlem søkjer", "Ett medlem søker", "One member applies"),
    },
    "gap_kind": {
        "barrier-uncovered": (
            "Barriere utan verkemiddel",
            "Barriere uten virkemiddel",
            "Barrier with no instrument",
        ),
        "barrier-weak": ("Svakt dekt barriere", "Svakt dekket barriere", "Weakly covered barrier"),
        "barrier-unanswerable": (
            "Barriere verkemiddel ikkje kan løyse",
            "Barriere virkemidler ikke kan løse",
            "Barrier instruments cannot remove",
        ),
        "pipeline-gap": ("Brot i fasekjeda", "Brudd i fasekjeden", "Break in the stage pipeline"),
        "consortium-miss": ("Stengt for konsortium", "Stengt for konsortier", "Closed to consortia"),
        "grid-hole": ("Hol i oppdragsrutenettet", "Hull i oppdragsrutenettet", "Hole in the mission grid"),
        "overlap": ("Overlapp", "Overlapp", "Overlap"),
        "handoff": ("Overgang mellom aktørar", "Overgang mellom aktører", "Hand-off between agencies"),
        "stale-data": (
            "Ikkje stadfesta på 12 månader",
            "Ikke bekreftet på 12 måneder",
            "Not verified for 12 months",
        ),
    },
    "severity": {
        "high": ("Høg", "Høy", "High"),
        "medium": ("Middels", "Middels", "Medium"),
        "low": ("Låg", "Lav", "Low"),
    },
}

MISSION_FALLBACK: dict[str, Triple] = {
    "I": ("Oppdrag I", "Oppdrag I", "Mission I"),
    "II": ("Oppdrag II", "Oppdrag II", "Mission II"),
    "III": ("Oppdrag III", "Oppdrag III", "Mission III"),
}


def pick(triple: Triple, lang: str) -> str:
    return triple[_IDX.get(lang, 0)]


class Labeller:
    """Labels of facet names and values in one language, with the catalogue's own names added.

    Build one per (snapshot, language) — ``CatalogueState.labeller(lang)`` caches them.
    """

    def __init__(self, snapshot: CatalogueSnapshot, lang: str) -> None:
        self.lang = lang
        dynamic: dict[str, dict[str, str]] = {
            "agency": {a.code: a.name(lang) for a in snapshot.agencies},
            "county": {code: name for code, name in snapshot.counties},
            "mission": {
                m.code: _mission_title(m, lang) for m in snapshot.missions if m.code in MISSION_FALLBACK
            },
        }
        self._values: dict[str, Mapping[str, str]] = {
            facet: {v: pick(t, lang) for v, t in values.items()} for facet, values in VALUE_LABELS.items()
        }
        self._values["mission"] = {v: pick(t, lang) for v, t in MISSION_FALLBACK.items()}
        for facet, values in dynamic.items():
            self._values[facet] = {**self._values.get(facet, {}), **values}

    def facet(self, facet: str) -> str:
        triple = FACET_LABELS.get(facet)
        return pick(triple, self.lang) if triple else facet

    def value(self, facet: str, value: object) -> str:
        """The label of a value; None means unknown, booleans read yes / no."""
        if value is None:
            return self._values.get(facet, {}).get("unknown") or self._values["bool"]["none"]
        if isinstance(value, bool):
            return self._values["bool"][str(value).lower()]
        return self._values.get(facet, {}).get(str(value), str(value))

    def values(self, facet: str, values: object) -> list[str]:
        return [self.value(facet, v) for v in values]  # type: ignore[attr-defined]


def _mission_title(m: MissionSnap, lang: str) -> str:
    title = {"en": m.title_en, "nb": m.title_nb or m.title_nn}.get(lang, m.title_nn)
    prefix = pick(MISSION_FALLBACK[m.code], lang)
    return f"{prefix}: {title}" if title else prefix
