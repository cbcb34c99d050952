"""Barrier findings (uncovered, weak, not answerable by instruments) and instruments that miss consortia.

Barrier coverage (answerable barrier b, answering instruments A_b, their agencies, ``min_answering`` m):
    E = Σ_{i∈A_b} score(b, i)                       weighted count of answers
    g = 1 − min(1, E/m) · (½ + ¼ · min(a, 2))       a = number of agencies behind A_b
(a single agency caps coverage at ¾: one agency's answer is fragile).
``barrier-uncovered`` when A_b is empty (g = 1), ``barrier-weak`` when g > 0. A barrier not answerable by
instruments gives ``barrier-unanswerable`` with g = 1, addressed to the departments that own the matter.

Consortium misses: an active instrument not open to consortia (``no`` c = 1, ``partial`` c = ½, not stated
c = 0.3) is flagged when its relevance ρ = max(mission relevance if it carries a mission tag, best text
relevance to an answerable barrier) reaches the ``relevant`` threshold; g = ρ · c (partial: c = 0.6).
"""

from __future__ import annotations

import numpy as np

from analyser.gaps.findings import Directory, Finding, Pressure, Texts, join, make
from analyser.matching.scoring import Scores
from catalogue.instruments.snapshot import InstrumentSnap

MAX_EVIDENCE = 12
CLOSEDNESS = {"no": 1.0, "partial": 0.6, None: 0.3}


def fold_agency(code: str) -> str:
    """County authorities count as one agency group (FK) in coverage figures."""
    return "FK" if code.startswith("FK-") else code


def barrier_findings(scores: Scores, directory: Directory, pressure: Pressure) -> list[Finding]:
    out = []
    for k, barrier in enumerate(scores.barriers):
        rule = scores.rules[k]
        owners = rule.owner_departments or barrier.owner_departments
        u, pairs = pressure.of_needs(rule.needs)
        if not rule.answerable:
            related = np.flatnonzero(scores.active & (scores.text[k] >= scores.spec.thresholds.relevant))
            related = related[np.argsort(-scores.text[k, related], kind="stable")][:5]
            texts = _unanswerable_texts(barrier.code, rule, directory, owners)
            out.append(
                make(
                    "barrier-unanswerable",
                    barrier.code,
                    1.0,
                    texts,
                    pressure=u,
                    barriers=[barrier.code],
                    instruments=[scores.slugs[i] for i in related],
                    needs=rule.needs,
                    unfunded_pairs=pairs,
                    departments=owners,
                )
            )
            continue
        answering = scores.answering(barrier.code)
        weighted = float(scores.score[k, answering].sum())
        agencies = sorted({fold_agency(a) for i in answering for a in scores.instruments[i].all_agencies})
        g = 1.0 - min(1.0, weighted / rule.min_answering) * (0.5 + 0.25 * min(len(agencies), 2))
        if g <= 1e-9:
            continue
        partial = scores.partial(barrier.code)[:5]
        kind = "barrier-uncovered" if len(answering) == 0 else "barrier-weak"
        texts = _coverage_texts(
            kind,
            barrier.code,
            rule,
            directory,
            owners,
            [scores.instruments[i] for i in answering],
            [scores.instruments[i] for i in partial],
        )
        out.append(
            make(
                kind,
                barrier.code,
                g,
                texts,
                pressure=u,
                barriers=[barrier.code],
                instruments=[scores.slugs[i] for i in [*answering[:MAX_EVIDENCE], *partial]],
                needs=rule.needs,
                unfunded_pairs=pairs,
                departments=owners,
                agencies=[a for i in partial for a in scores.instruments[i].all_agencies],
                extra={
                    "answering": [scores.slugs[i] for i in answering],
                    "partial": [scores.slugs[i] for i in partial],
                    "answering_agencies": agencies,
                    "weighted_answers": round(weighted, 3),
                    "min_answering": rule.min_answering,
                },
            )
        )
    return out


def _unanswerable_texts(code: str, rule, directory: Directory, owners) -> Texts:  # type: ignore[no-untyped-def]
    title = {lang: directory.barrier_title(code, lang) for lang in ("en", "nn", "nb")}
    given = dict(rule.recommendation)
    depts = {lang: join(list(owners), lang) for lang in ("en", "nn", "nb")}
    return Texts(
        title={
            "en": f"{code} cannot be answered by support instruments: {title['en']}",
            "nn": f"{code} kan ikkje løysast med verkemiddel: {title['nn']}",
            "nb": f"{code} kan ikke løses med virkemidler: {title['nb']}",
        },
        recommendation={
            "en": given.get("en")
            or f"{depts['en']} should take this up through the rules, licensing or "
            f"infrastructure they own; grants and loans cannot remove it.",
            "nn": given.get("nn")
            or f"{depts['nn']} bør ta dette opp gjennom regelverk, konsesjonar eller "
            f"infrastruktur dei eig; tilskot og lån kan ikkje fjerne barrieren.",
            "nb": given.get("nb")
            or given.get("nn")
            or f"{depts['nb']} bør ta dette opp gjennom regelverk, "
            f"konsesjoner eller infrastruktur de eier; tilskudd og lån kan ikke fjerne barrieren.",
        },
    )


def _coverage_texts(
    kind: str,
    code: str,
    rule,
    directory: Directory,
    owners,  # type: ignore[no-untyped-def]
    answering: list[InstrumentSnap],
    partial: list[InstrumentSnap],
) -> Texts:
    title = {lang: directory.barrier_title(code, lang) for lang in ("en", "nn", "nb")}
    n = len(answering)
    listed = {
        lang: join(
            [f"{i.name(lang)} ({i.agency})" for i in answering[:4]]
            + ([{"en": "others", "nn": "fleire", "nb": "flere"}[lang]] if n > 4 else []),
            lang,
        )
        for lang in ("en", "nn", "nb")
    }
    near = {lang: join([i.name(lang) for i in partial[:3]], lang) for lang in ("en", "nn", "nb")}
    depts = {lang: join(list(owners), lang) for lang in ("en", "nn", "nb")}
    if kind == "barrier-uncovered":
        titles = {
            "en": f"No instrument answers {code}: {title['en']}",
            "nn": f"Ingen verkemiddel svarar på {code}: {title['nn']}",
            "nb": f"Ingen virkemidler svarer på {code}: {title['nb']}",
        }
    else:
        titles = {
            "en": f"{code} is weakly covered ({n} instrument{'s' if n != 1 else ''}): {title['en']}",
            "nn": f"{code} er svakt dekt ({n} verkemiddel): {title['nn']}",
            "nb": f"{code} er svakt dekket ({n} virkemidler): {title['nb']}",
        }
    why = {lang: f": {rule.rationale(lang)}" if rule.rationale(lang) else "." for lang in ("en", "nn", "nb")}
    base = {
        "en": f"{depts['en']} should make sure the portfolio offers what the barrier needs{why['en']}",
        "nn": f"{depts['nn']} bør sjå til at porteføljen har det barrieren krev{why['nn']}",
        "nb": f"{depts['nb']} bør sørge for at porteføljen har det barrieren krever{why['nb']}",
    }
    if n:
        base = {
            "en": f"Answering today: {listed['en']}. " + base["en"],
            "nn": f"Svarar i dag: {listed['nn']}. " + base["nn"],
            "nb": f"Svarer i dag: {listed['nb']}. " + base["nb"],
        }
    if partial:
        base = {
            "en": base["en"] + f" Closest to answering: {near['en']}.",
            "nn": base["nn"] + f" Nærast å svare: {near['nn']}.",
            "nb": base["nb"] + f" Nærmest å svare: {near['nb']}.",
        }
    return Texts(title=titles, recommendation=base)


# ---------------------------------------------------------------- instruments that miss consortia


def offered_needs(inst: InstrumentSnap) -> list[str]:
    """Consortium needs (vocabulary NEEDS) an instrument would meet if a consortium could get it."""
    out = [s for s in inst.stages if s in ("feasibility", "rnd", "pilot", "full_scale")]
    if inst.funds_shared_infrastructure:
        out.append("shared_infrastructure")
    if inst.risk_relief:
        out.append("risk_relief")
    if "competence" in inst.types:
        out.append("competence")
    if inst.pays_coordination_costs:
        out.append("facilitation")
    return out


def consortium_findings(scores: Scores, directory: Directory, pressure: Pressure) -> list[Finding]:
    spec = scores.spec
    n = len(scores.instruments)
    if not n:
        return []
    answerable = np.array([r.answerable for r in scores.rules], dtype=bool)
    text = scores.text[answerable] if answerable.any() else np.zeros((1, n), dtype=np.float32)
    mission = np.fromiter((bool(i.missions) for i in scores.instruments), dtype=bool, count=n)
    relevance = np.maximum(np.where(mission, spec.thresholds.mission_relevance, 0.0), text.max(axis=0))
    eligibility = [i.consortium_eligibility for i in scores.instruments]
    closed = np.array([e != "yes" for e in eligibility], dtype=bool)
    candidates = np.flatnonzero(scores.active & closed & (relevance >= spec.thresholds.relevant))
    codes = [scores.codes[k] for k in np.flatnonzero(answerable)]
    relevant = (text[:, candidates] >= spec.thresholds.relevant).T.tolist()  # one row per candidate
    out = []
    for i, hits, rho in zip(candidates.tolist(), relevant, relevance[candidates].tolist(), strict=True):
        inst = scores.instruments[i]
        needs = offered_needs(inst)
        u, pairs = pressure.of_needs(needs)
        g = rho * CLOSEDNESS.get(inst.consortium_eligibility, 0.3)
        barriers = [c for c, hit in zip(codes, hits, strict=True) if hit]
        out.append(
            make(
                "consortium-miss",
                inst.slug,
                g,
                _miss_texts(inst, directory),
                pressure=u,
                instruments=[inst.slug],
                barriers=barriers,
                needs=needs,
                unfunded_pairs=pairs,
                departments=_departments(inst, directory),
                agencies=inst.all_agencies,
                extra={
                    "consortium_eligibility": inst.consortium_eligibility,
                    "condition": inst.consortium_condition,
                    "missions": list(inst.missions),
                    "relevance": round(rho, 3),
                },
            )
        )
    return out


def _departments(inst: InstrumentSnap, directory: Directory) -> tuple[str, ...]:
    key = ("departments", inst.all_agencies, inst.owner_ministries)
    found = directory.memo.get(key)
    if found is None:
        found = directory.memo[key] = tuple(
            d for a in inst.all_agencies for d in directory.ministry(a, inst.owner_ministries)
        )
    return found


def _miss_texts(inst: InstrumentSnap, directory: Directory) -> Texts:
    name = {lang: inst.name(lang) for lang in ("en", "nn", "nb")}
    state = inst.consortium_eligibility
    key = ("consortium-miss", inst.agency, state)
    rec = directory.memo.get(key)
    if rec is None:  # the recommendation depends on agency and state only
        rec = directory.memo[key] = _miss_recommendation(inst.agency, state, directory)
    return Texts(title=_miss_words(inst, name, state), recommendation=rec)


def _miss_words(inst: InstrumentSnap, name: dict[str, str], state: str | None) -> dict[str, str]:
    cond = f" (condition: {inst.consortium_condition.rstrip('.')})" if inst.consortium_condition else ""
    cond_nn = f" (vilkår: «{inst.consortium_condition.rstrip('.')}»)" if inst.consortium_condition else ""
    if state == "partial":
        return {
            "en": f"{name['en']} ({inst.agency}) is only partly open to consortia{cond}",
            "nn": f"{name['nn']} ({inst.agency}) er berre delvis open for konsortium{cond_nn}",
            "nb": f"{name['nb']} ({inst.agency}) er bare delvis åpen for konsortier{cond_nn}",
        }
    if state == "no":
        return {
            "en": f"{name['en']} ({inst.agency}) is closed to consortia",
            "nn": f"{name['nn']} ({inst.agency}) er stengd for konsortium",
            "nb": f"{name['nb']} ({inst.agency}) er stengt for konsortier",
        }
    return {
        "en": f"{name['en']} ({inst.agency}) does not state whether consortia may apply",
        "nn": f"{name['nn']} ({inst.agency}) seier ikkje om konsortium kan søkje",
        "nb": f"{name['nb']} ({inst.agency}) sier ikke om konsortier kan søke",
    }


def _miss_recommendation(code: str, state: str | None, directory: Directory) -> dict[str, str]:
    a = {lang: directory.agency_name(code, lang) for lang in ("en", "nn", "nb")}
    if state == "partial":
        return {
            "en": f"{a['en']} should let a consortium apply as one project, with a lead applicant on behalf "
            f"of the partners and costs shared between them.",
            "nn": f"{a['nn']} bør la eit konsortium søkje som eitt prosjekt, med ein hovudsøkjar på vegner "
            f"av partnarane og kostnadene delte mellom dei.",
            "nb": f"{a['nb']} bør la et konsortium søke som ett prosjekt, med en hovedsøker på vegne av "
            f"partnerne og kostnadene delt mellom dem.",
        }
    if state == "no":
        return {
            "en": f"{a['en']} should open the instrument to consortia, or add a consortium track, since it "
            f"is relevant to the missions or barriers.",
            "nn": f"{a['nn']} bør opne verkemiddelet for konsortium, eller leggje til eit eige "
            f"konsortiumspor, sidan det er relevant for samfunnsoppdraga eller barrierane.",
            "nb": f"{a['nb']} bør åpne virkemiddelet for konsortier, eller legge til et eget "
            f"konsortiumspor, siden det er relevant for samfunnsoppdragene eller barrierene.",
        }
    return {
        "en": f"{a['en']} should state in the call text whether and how a consortium may apply.",
        "nn": f"{a['nn']} bør seie i utlysinga om og korleis eit konsortium kan søkje.",
        "nb": f"{a['nb']} bør si i utlysningen om og hvordan et konsortium kan søke.",
    }
