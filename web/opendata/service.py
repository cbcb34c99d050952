"""One instrument as a CPSV-AP-NO ``cpsv:PublicService`` with its requirements, possible output, channel,
contact point, competent authorities and places (mapping table in ``docs/open-data.md``).

Unknown facts are left out, never filled in; where CPSV-AP-NO requires a value we do not have (a description,
a contact point) the text says that it is not recorded.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from catalogue.instruments.snapshot import CatalogueSnapshot, InstrumentSnap
from web.i18n.formatting import formatter
from web.opendata.resources import agency_node, concept_node, is_public, location_node
from web.opendata.site import Site
from web.opendata.text import LANGS, add_texts, facet_label, fact, gettexts, joined, value_label, yes_no
from web.opendata.vocab import ADMS, CPSV, CPSVNO, CV, LANGUAGE, ROLE_SERVICE_PROVIDER, STATUS, VCARD
from web.templating import N_


def add_service(g: Graph, snapshot: CatalogueSnapshot, i: InstrumentSnap, site: Site) -> URIRef:
    s = site.service(i.slug)
    g.add((s, RDF.type, CPSV.PublicService))
    g.add((s, DCTERMS.identifier, Literal(str(s), datatype=XSD.anyURI)))
    add_texts(g, s, DCTERMS.title, {"nb": i.name_nb, "nn": i.name_nn or "", "en": i.name_en or ""})
    description = {"nn": i.summary_nn or "", "en": i.summary_en or ""}
    if not any(description.values()):
        description = gettexts(N_("No description of this instrument is recorded yet."))
    add_texts(g, s, DCTERMS.description, description)
    for lang in LANGS:
        if lang == "nb" or description.get(lang):
            g.add((s, DCTERMS.language, LANGUAGE[lang]))
    _organisations(g, snapshot, i, site, s)
    _contact_point(g, i, site, s)
    _output(g, i, site, s)
    _requirements(g, i, site, s)
    _channel(g, i, site, s)
    _places(g, snapshot, i, site, s)
    _classification(g, i, site, s)
    if i.status in STATUS:
        g.add((s, ADMS.status, STATUS[i.status]))
    if i.source_url:
        g.add((s, FOAF.homepage, URIRef(i.source_url)))
    return s


def _organisations(g: Graph, snapshot: CatalogueSnapshot, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    """Public agencies are competent authorities; other organisations (NHO, KS) take part as service
    providers. CPSV-AP-NO requires a competent authority: if no agency is public, the lead is given."""
    agencies = [a for code in i.all_agencies if (a := snapshot.agency(code)) is not None]
    any_public = any(is_public(a) for a in agencies)
    for position, a in enumerate(agencies):
        public = is_public(a) or (not any_public and position == 0)
        node = agency_node(g, site, snapshot, a, public=public)
        if public:
            g.add((s, CV.hasCompetentAuthority, node))
            continue
        participation = site.part(i.slug, f"deltaking-{a.code}")
        g.add((participation, RDF.type, CV.Participation))
        g.add((participation, DCTERMS.identifier, Literal(str(participation))))
        g.add((participation, CV.role, ROLE_SERVICE_PROVIDER))
        g.add((participation, CV.hasParticipant, node))
        role = gettexts(N_("Lead agency") if position == 0 else N_("Partner agency"))
        name = {"nb": a.name_nb, "nn": a.name_nn, "en": a.name_en}
        add_texts(g, participation, DCTERMS.description, fact(role, name))
        g.add((s, CV.hasParticipation, participation))


def _contact_point(g: Graph, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    """The agency's page about the instrument; without one, the instrument's page in this catalogue."""
    node = site.part(i.slug, "kontaktpunkt")
    g.add((node, RDF.type, CV.ContactPoint))
    g.add((node, CV.contactPage, URIRef(i.source_url) if i.source_url else s))
    g.add((s, CV.contactPoint, node))


def _output(g: Graph, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    """What an applicant may get: the instrument's funding forms and amounts."""
    node = site.part(i.slug, "resultat")
    g.add((node, RDF.type, CPSVNO.PossibleOutput))
    g.add((node, DCTERMS.identifier, Literal(str(node))))
    add_texts(g, node, DCTERMS.title, gettexts(N_("What the instrument gives")))
    lines = []
    if i.funding_forms:
        forms = joined(value_label("funding_form", f) for f in i.funding_forms)
        lines.append(fact(gettexts(N_("Funding form")), forms))
    if i.max_amount_nok is not None:
        amount = {lang: formatter(lang).nok(i.max_amount_nok) for lang in LANGS}
        lines.append(fact(gettexts(N_("Maximum per project")), amount))
    if i.aid_intensity_min_pct is not None or i.aid_intensity_max_pct is not None:
        pct = formatter("nb").pct_range(i.aid_intensity_min_pct, i.aid_intensity_max_pct)
        lines.append(fact(gettexts(N_("Aid intensity")), {lang: pct for lang in LANGS}))
    text = (
        joined(lines, "\n")
        if lines
        else gettexts(N_("The forms and amounts of support are not recorded yet."))
    )
    add_texts(g, node, DCTERMS.description, text)
    g.add((s, CPSVNO.hasPossibleOutput, node))


def _requirements(g: Graph, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    if i.applicants:
        node = _requirement(g, site.part(i.slug, "krav-sokjarar"), facet_label("applicant"))
        add_texts(g, node, DCTERMS.description, joined(value_label("applicant", a) for a in i.applicants))
        g.add((s, CV.holdsRequirement, node))
    lines = _consortium_facts(i)
    if lines:
        node = _requirement(g, site.part(i.slug, "krav-konsortium"), gettexts(N_("Condition for consortia")))
        g.add((node, RDF.type, CV.Criterion))
        text = joined(lines, "\n")
        if i.consortium_condition:  # written in English in the catalogue
            text["en"] = f"{text['en']}\n{i.consortium_condition}".strip()
        add_texts(g, node, DCTERMS.description, text)
        g.add((s, CV.holdsRequirement, node))


def _requirement(g: Graph, node: URIRef, title: dict[str, str]) -> URIRef:
    g.add((node, RDF.type, CV.Requirement))
    g.add((node, DCTERMS.identifier, Literal(str(node))))
    add_texts(g, node, DCTERMS.title, title)
    return node


def _consortium_facts(i: InstrumentSnap) -> list[dict[str, str]]:
    lines = []
    if i.consortium_eligibility is not None:
        lines.append(
            fact(gettexts(N_("Consortia may apply")), value_label("consortium", i.consortium_eligibility))
        )
    if i.consortium_min_partners is not None:
        n = str(i.consortium_min_partners)
        lines.append(fact(gettexts(N_("Minimum number of partners")), {lang: n for lang in LANGS}))
    if i.consortium_lead is not None:
        lines.append(
            fact(
                gettexts(N_("Who must lead a consortium")), value_label("consortium_lead", i.consortium_lead)
            )
        )
    flags = (
        (N_("A group without legal personality may apply"), i.consortium_without_legal_personality),
        (N_("Pays a coordinator's costs"), i.pays_coordination_costs),
        (N_("Requires a research partner"), i.requires_research_partner),
    )
    lines += [fact(gettexts(label), yes_no(value)) for label, value in flags if value is not None]
    return lines


def _channel(g: Graph, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    if not i.source_url:
        return
    node = site.part(i.slug, "kanal-nett")
    g.add((node, RDF.type, CV.Channel))
    g.add((node, DCTERMS.identifier, Literal(str(node))))
    g.add((node, VCARD.hasURL, URIRef(i.source_url)))
    add_texts(g, node, DCTERMS.description, gettexts(N_("The agency's web page about the instrument")))
    g.add((s, CV.hasChannel, node))


def _places(g: Graph, snapshot: CatalogueSnapshot, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    """The counties it is limited to; Norway when national or regional in every county; nothing if unknown."""
    if i.counties:
        for county in i.counties:
            g.add((s, DCTERMS.spatial, location_node(g, site, snapshot, county)))
    elif i.geography is not None:
        g.add((s, DCTERMS.spatial, location_node(g, site, snapshot, None)))


def _classification(g: Graph, i: InstrumentSnap, site: Site, s: URIRef) -> None:
    for t in i.types:
        g.add((s, CV.isClassifiedBy, concept_node(g, site, "type", t, value_label("type", t))))
    if i.stip_code:
        label = site.stip_labels.get(i.stip_code, i.stip_code)
        concept = concept_node(g, site, "stip", i.stip_code, {"en": label})
        g.add((s, CV.isClassifiedBy, concept))
    for chain in i.value_chains:
        add_texts(g, s, DCAT.keyword, value_label("value_chain", chain))
    for a in i.applicants:
        g.add((s, DCTERMS.audience, concept_node(g, site, "sokjarar", a, value_label("applicant", a))))
