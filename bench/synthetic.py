"""Synthetic catalogues with the shape of the seed catalogue, for benchmarks (analyser, search).

``synthetic_instruments(n, seed)`` returns ``n`` deterministic :class:`InstrumentSnap` records:

* agencies, tag counts and attribute distributions follow the seed catalogue (≈80 instruments): most
  instruments have one or two types, one funding form, one to three stages and one value chain, about
  45 % are open to consortia, 20 % partly, 30 % not;
* names and summaries (English and nynorsk, ≈800 characters together) are built from agency- and
  value-chain-specific phrases plus invented "brand" words drawn from a large pseudo-word lexicon with a
  Zipf-like frequency, so texts are lexically diverse the way a real catalogue is;
* about 1.5 % of the instruments are planted near-duplicates of an earlier instrument run by another
  agency (names and texts lightly edited, e.g. ``virkemiddel``/``verkemiddel``); their ``facts_note``
  says ``near-duplicate of <slug>`` so benchmarks can measure recall of the overlap detector.

``synthetic_snapshot(n, seed)`` wraps them in a :class:`CatalogueSnapshot` with the real agencies,
barriers and missions read from ``seeds/`` and three synthetic consortia.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalogue import vocabulary as v
from catalogue.instruments.snapshot import (
    AgencySnap,
    BarrierSnap,
    CatalogueSnapshot,
    ConsortiumSnap,
    InstrumentSnap,
    MissionSnap,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# agency: (weight, types, funding forms, stages)
PROFILES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "IN": (
        0.25,
        ("financial", "collaboration"),
        ("grant", "loan", "guarantee", "advisory"),
        ("feasibility", "rnd", "pilot", "full_scale", "scale_up"),
    ),
    "FR": (
        0.17,
        ("financial", "collaboration", "competence"),
        ("grant",),
        ("idea", "feasibility", "rnd", "pilot"),
    ),
    "ENOVA": (0.14, ("financial",), ("grant",), ("pilot", "demonstration", "full_scale")),
    "SIVA": (
        0.08,
        ("collaboration", "competence", "financial"),
        ("infrastructure_access", "equity", "network_programme", "grant"),
        ("idea", "feasibility", "pilot", "scale_up", "operation"),
    ),
    "HKDIR": (0.07, ("competence", "collaboration"), ("grant",), ("operation",)),
    "KD": (0.03, ("competence", "financial"), ("grant",), ("operation", "rnd")),
    "GASSNOVA": (0.02, ("financial",), ("grant",), ("rnd", "pilot", "demonstration")),
    "NHO": (0.01, ("competence", "collaboration"), ("advisory", "network_programme"), ("feasibility",)),
    "FK": (
        0.23,
        ("financial", "collaboration", "competence"),
        ("grant", "loan", "advisory"),
        ("idea", "feasibility", "rnd", "full_scale"),
    ),
}
COUNTIES = ("03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56")
MINISTRY = {
    "IN": "NFD",
    "SIVA": "NFD",
    "FR": "KD",
    "ENOVA": "KLD",
    "HKDIR": "KD",
    "KD": "KD",
    "GASSNOVA": "ED",
    "NHO": None,
    "FK": "KDD",
}

VC_WORDS: dict[str, tuple[str, str, str]] = {  # value chain: (nb, nn, en)
    "any": ("næringsutvikling", "næringsutvikling", "business development"),
    "hydrogen": ("hydrogenproduksjon", "hydrogenproduksjon", "hydrogen production"),
    "battery": ("batteriverdikjeden", "batteriverdikjeda", "battery value chain"),
    "offshore_wind": ("havvind", "havvind", "offshore wind"),
    "biogas": ("biogassanlegg", "biogassanlegg", "biogas plants"),
    "ccs": ("karbonfangst og lagring", "karbonfangst og lagring", "carbon capture and storage"),
    "process_industry": ("prosessindustrien", "prosessindustrien", "the process industry"),
    "forest_bio": ("skog og trebaserte produkter", "skog og trebaserte produkt", "forest and wood products"),
    "bioeconomy": ("bioøkonomi", "bioøkonomi", "the bioeconomy"),
    "maritime": ("maritim næring", "maritim næring", "maritime industry"),
    "aquaculture": ("havbruk", "havbruk", "aquaculture"),
    "agriculture": ("landbruk", "landbruk", "agriculture"),
    "transport": ("grønn transport", "grøn transport", "green transport"),
    "buildings": ("bygg og eiendom", "bygg og eigedom", "buildings"),
    "energy_system": ("energisystemet", "energisystemet", "the energy system"),
    "solar": ("solenergi", "solenergi", "solar energy"),
    "manufacturing": ("vareproduksjon", "vareproduksjon", "manufacturing"),
    "digital": ("digitalisering", "digitalisering", "digitalisation"),
    "public_sector": ("offentlig sektor", "offentleg sektor", "the public sector"),
    "health": ("helsenæringen", "helsenæringa", "health industry"),
}
VC_WEIGHTS = {"any": 8.0, "process_industry": 2.0, "hydrogen": 1.5, "maritime": 1.5, "aquaculture": 1.2}
PURPOSE = {  # instrument type → (nb name heads, nn name heads, en name heads, (en, nn) purposes)
    "financial": (
        ("Tilskudd til", "Lån til", "Støtte til", "Finansiering av"),
        ("Tilskot til", "Lån til", "Støtte til", "Finansiering av"),
        ("Grants for", "Loans for", "Support for", "Funding for"),
        (
            ("co-funds investments and development projects", "medfinansierer investeringar og prosjekt"),
            ("lends money on market terms", "lånar ut pengar på marknadsvilkår"),
            ("shares the risk of first plants", "deler risikoen for dei første anlegga"),
            ("pays part of the costs of testing new technology", "betaler ein del av testkostnadene"),
        ),
    ),
    "collaboration": (
        ("Samarbeidsprogram for", "Nettverk for", "Klyngeprogram for"),
        ("Samarbeidsprogram for", "Nettverk for", "Klyngeprogram for"),
        ("Collaboration programme for", "Network for", "Cluster programme for"),
        (
            (
                "brings firms, research groups and public bodies together",
                "samlar bedrifter, forskarar og offentlege aktørar",
            ),
            ("funds joint projects between companies", "finansierer felles prosjekt mellom bedrifter"),
            ("runs a national network", "driv eit nasjonalt nettverk"),
        ),
    ),
    "competence": (
        ("Kompetanseprogram for", "Etter- og videreutdanning i", "Opplæring i"),
        ("Kompetanseprogram for", "Etter- og vidareutdanning i", "Opplæring i"),
        ("Skills programme for", "Continuing education in", "Training in"),
        (
            ("builds the skills firms need", "byggjer kompetansen bedriftene treng"),
            ("funds courses for employees", "finansierer kurs for tilsette"),
            ("develops study programmes with industry", "utviklar studietilbod saman med næringslivet"),
        ),
    ),
}
SYLLABLES = (
    "ka",
    "lo",
    "vi",
    "ne",
    "sor",
    "tra",
    "bel",
    "mi",
    "fje",
    "rud",
    "ost",
    "an",
    "er",
    "gå",
    "lin",
    "dal",
    "ber",
    "ny",
    "ska",
    "ve",
    "tor",
    "hei",
    "mo",
    "sund",
    "ri",
    "kv",
    "el",
    "fo",
    "na",
    "ty",
)
# Sentence frames: {w} slots take lexicon words, so no two instruments share whole sentences by chance.
EN_FRAMES = (
    "The scheme is open to applicants across Norway working on {w} and {w}.",
    "Applications about {w} are assessed continuously.",
    "Calls on {w} are announced once or twice a year.",
    "Projects must show a clear climate benefit for {w}.",
    "The agency offers guidance on {w} before an application is submitted.",
    "Support is given as a share of eligible costs for {w} under the state-aid rules.",
    "Earlier rounds funded {w}, {w} and {w}.",
    "Priority goes to {w} with partners in {w}.",
    "The budget for {w} is set in the annual allocation letter.",
    "Results are reported to {w} after the project ends.",
)
NN_FRAMES = (
    "Ordninga er open for søkjarar i heile landet som arbeider med {w} og {w}.",
    "Søknader om {w} blir vurderte fortløpande.",
    "Utlysingar om {w} kjem ein eller to gonger i året.",
    "Prosjekta må vise klar klimaeffekt for {w}.",
    "Verkemiddelaktøren gir rettleiing om {w} før søknaden blir send.",
    "Støtta til {w} blir gitt som ein del av dei godkjende kostnadene.",
    "Tidlegare rundar har finansiert {w}, {w} og {w}.",
    "{W} med partnarar i {w} blir prioritert.",
    "Budsjettet for {w} blir fastsett i tildelingsbrevet.",
    "Resultata blir rapporterte til {w} når prosjektet er ferdig.",
)


@lru_cache(maxsize=4)
def _lexicon(size: int, seed: int) -> tuple[str, ...]:
    rng = random.Random(seed * 7919 + 17)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return tuple(ordered)


def _zipf_pick(rng: random.Random, items: tuple[str, ...]) -> str:
    # rank ~ 1/u distribution, truncated: frequent words recur, most are rare
    rank = int(len(items) ** rng.random()) - 1
    return items[min(rank, len(items) - 1)]


def _sample(rng: random.Random, pool: tuple[str, ...], k_weights: tuple[float, ...]) -> tuple[str, ...]:
    k = rng.choices(range(1, len(k_weights) + 1), weights=k_weights)[0]
    return tuple(sorted(rng.sample(pool, min(k, len(pool)))))


def _agency(rng: random.Random) -> str:
    codes = list(PROFILES)
    code = rng.choices(codes, weights=[PROFILES[c][0] for c in codes])[0]
    if code == "FK" and rng.random() < 0.8:
        return f"FK-{rng.choice(COUNTIES)}"
    return code


def _fill(rng: random.Random, frame: str, lex: tuple[str, ...]) -> str:
    out = frame
    while "{w}" in out or "{W}" in out:
        word = _zipf_pick(rng, lex)
        out = out.replace("{W}", word.capitalize(), 1) if "{W}" in out else out.replace("{w}", word, 1)
    return out


def _texts(
    rng: random.Random, types: tuple[str, ...], chains: tuple[str, ...], brand: str, lex: tuple[str, ...]
) -> dict[str, Any]:
    t = types[0]
    nb_head, nn_head, en_head, purposes = PURPOSE[t]
    en_purpose, nn_purpose = rng.choice(purposes)
    i = rng.randrange(len(nb_head))
    vc = chains[0]
    nb, nn, en = VC_WORDS[vc]
    extra = " ".join(_zipf_pick(rng, lex) for _ in range(rng.randint(4, 9)))
    other = ", ".join(VC_WORDS[c][2] for c in chains[1:]) or "other sectors"
    other_nn = ", ".join(VC_WORDS[c][1] for c in chains[1:]) or "andre sektorar"
    picks = rng.sample(range(len(EN_FRAMES)), 3)
    fill_en = " ".join(_fill(rng, EN_FRAMES[k], lex) for k in picks)
    fill_nn = " ".join(_fill(rng, NN_FRAMES[k], lex) for k in picks)
    return {
        "name_nb": f"{nb_head[i]} {nb} – {brand.capitalize()}",
        "name_nn": f"{nn_head[i]} {nn} – {brand.capitalize()}",
        "name_en": f"{en_head[i]} {en} ({brand.capitalize()})",
        "summary_en": f"{brand.capitalize()} {en_purpose} in {en} ({other}): {extra}. {fill_en}",
        "summary_nn": f"{brand.capitalize()} {nn_purpose} innan {nn} ({other_nn}): {extra}. {fill_nn}",
    }


def _one(rng: random.Random, index: int, lex: tuple[str, ...]) -> InstrumentSnap:
    agency = _agency(rng)
    _, type_pool, form_pool, stage_pool = PROFILES[agency.split("-")[0]]
    types = _sample(rng, type_pool, (0.45, 0.4, 0.15))
    k = rng.choices((1, 2, 3, 5), (0.6, 0.15, 0.15, 0.1))[0]
    weights = [VC_WEIGHTS.get(c, 0.6) for c in VC_WORDS]
    chains = tuple(sorted(set(rng.choices(list(VC_WORDS), k=k, weights=weights))))
    elig = rng.choices(("yes", "partial", "no", None), (0.45, 0.2, 0.3, 0.05))[0]
    brand = rng.choice(lex) + rng.choice(lex)  # uniform: brand names are nearly unique
    regional = agency.startswith("FK")
    return InstrumentSnap(
        id=index + 1,
        slug=f"syn-{index:06d}",
        agency=agency,
        owner_ministries=tuple(m for m in (MINISTRY[agency.split("-")[0]],) if m),
        types=types,
        funding_forms=_sample(rng, form_pool, (0.7, 0.2, 0.1)),
        applicants=_sample(rng, v.APPLICANTS, (0.15, 0.25, 0.3, 0.2, 0.1)),
        consortium_eligibility=elig,
        consortium_condition=("One member applies on behalf of the partners." if elig == "partial" else None),
        pays_coordination_costs=rng.random() < 0.08 if "collaboration" in types else None,
        stages=_sample(rng, stage_pool, (0.3, 0.4, 0.2, 0.1)),
        value_chains=chains,
        missions=_sample(rng, v.MISSIONS, (0.6, 0.3, 0.1)) if rng.random() < 0.8 else (),
        geography="regional" if regional else "national",
        counties=(agency[3:],) if regional and len(agency) > 2 else (),
        max_amount_nok=rng.choice((None, 500_000, 2_000_000, 10_000_000, 50_000_000)),
        aid_intensity_max_pct=rng.choice((None, None, 25, 40, 50, 60, 70)),
        deadline_kind=rng.choice(v.DEADLINE_KINDS),
        funds_shared_infrastructure=rng.random() < 0.12,
        risk_relief=rng.random() < 0.35 if "financial" in types else False,
        status=rng.choices(("active", "closed", None), (0.8, 0.07, 0.13))[0],
        confidence="medium",
        **_texts(rng, types, chains, brand, lex),
    )


_SPELLING = (
    ("verkemiddel", "virkemiddel"),
    ("kompetanse", "competence"),
    ("tilskot", "tilskudd"),
    ("ordninga", "ordningen"),
    ("prosjekt", "prosjekter"),
    ("bedrifter", "verksemder"),
)


def _near_duplicate(rng: random.Random, index: int, source: InstrumentSnap) -> InstrumentSnap:
    def edit(text: str | None) -> str | None:
        if not text:
            return text
        for a, b in _SPELLING:
            text = text.replace(a, b)
        words = text.split(" ")
        if len(words) > 6:
            del words[rng.randrange(len(words))]
        return " ".join(words)

    other = [a for a in ("IN", "FR", "SIVA", "ENOVA", "FK-46", "FK-50") if a != source.agency]
    return InstrumentSnap(
        **{
            **source.__dict__,
            "id": index + 1,
            "slug": f"syn-{index:06d}",
            "agency": rng.choice(other),
            "partner_agencies": (),
            "name_nb": edit(source.name_nb) or source.name_nb,
            "name_nn": edit(source.name_nn),
            "name_en": edit(source.name_en),
            "summary_en": edit(source.summary_en),
            "summary_nn": edit(source.summary_nn),
            "facts_note": f"near-duplicate of {source.slug}",
        }
    )


def synthetic_instruments(n: int, seed: int = 0) -> list[InstrumentSnap]:
    """``n`` deterministic synthetic instruments (same ``n`` and ``seed`` → same list)."""
    rng = random.Random(seed)
    lex = _lexicon(max(2000, min(60000, n // 2)), seed)
    out: list[InstrumentSnap] = []
    for index in range(n):
        if index > 10 and rng.random() < 0.015:
            out.append(_near_duplicate(rng, index, out[rng.randrange(index)]))
        else:
            out.append(_one(rng, index, lex))
    return out


@lru_cache(maxsize=1)
def _seed_parts() -> tuple[tuple[AgencySnap, ...], tuple[BarrierSnap, ...], tuple[MissionSnap, ...]]:
    def load(name: str) -> list[dict]:
        return yaml.safe_load((SEEDS / f"{name}.yaml").read_text(encoding="utf-8"))

    agencies = tuple(
        AgencySnap(
            a["code"], a["name_nb"], a["name_nn"], a["name_en"], a["kind"], a.get("ministry"), a.get("county")
        )
        for a in load("agencies")
    )
    barriers = tuple(
        BarrierSnap(
            b["code"],
            b["title_nn"],
            b["title_en"],
            b.get("title_nb", ""),
            b.get("description_nn"),
            b.get("description_en"),
            b.get("answerable_by_instruments", True),
            tuple(b.get("owner_departments") or ()),
            tuple(b.get("keywords_nn") or ()),
        )
        for b in load("barriers")
    )
    missions = tuple(
        MissionSnap(
            m["code"], m["level"], m["title_nn"], m["title_en"], m.get("title_nb", ""), m.get("parent")
        )
        for m in load("missions")
    )
    return agencies, barriers, missions


def synthetic_consortia() -> tuple[ConsortiumSnap, ...]:
    return (
        ConsortiumSnap(
            "syn-symbiosis-a",
            "Synthetic symbiosis A",
            "46",
            ("hydrogen", "aquaculture"),
            "feasibility",
            "full_scale",
            ("pilot", "shared_infrastructure", "facilitation"),
        ),
        ConsortiumSnap(
            "syn-symbiosis-b",
            "Synthetic symbiosis B",
            "34",
            ("forest_bio", "bioeconomy"),
            "rnd",
            "full_scale",
            ("risk_relief", "competence"),
        ),
        ConsortiumSnap(
            "syn-symbiosis-c",
            "Synthetic symbiosis C",
            "55",
            ("process_industry",),
            "pilot",
            "full_scale",
            ("full_scale", "shared_infrastructure"),
        ),
    )


def synthetic_snapshot(n: int, seed: int = 0) -> CatalogueSnapshot:
    agencies, barriers, missions = _seed_parts()
    return CatalogueSnapshot(
        instruments=tuple(synthetic_instruments(n, seed)),
        agencies=agencies,
        barriers=barriers,
        missions=missions,
        consortia=synthetic_consortia(),
        counties=tuple((c, c) for c in COUNTIES),
    )
