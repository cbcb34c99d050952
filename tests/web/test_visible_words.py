"""Every page type, read in nynorsk and bokmål as a visitor reads it: no vocabulary code and no English label.

The visible text is what the browser shows (tags, scripts, styles and attributes stripped), less the
catalogue's own content (every text stored in the database: names, summaries, notes, conditions — data, in
whatever language it was written) and less machine text set as ``<code>``. A *code* is
any value of the vocabularies in ``catalogue/vocabulary.py`` that is not also a Norwegian word (``pilot``,
``transport`` and ``no`` are; ``offshore_wind``, ``grant`` and ``aquaculture`` are not); the Norwegian
words are those of the nn and nb catalogues. An *English label* is a label of ``web/i18n/labels.py`` whose
translation differs from it ("Grant" for "Tilskot").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po
from editing_helpers import csrf_of, edit_form, log_in, writable_app
from fastapi.testclient import TestClient
from initiative_helpers import api_log_in as initiative_log_in
from initiative_helpers import example_initiative, example_milestone, initiatives_app
from sqlalchemy.engine import Engine

from analyser.text import N_
from catalogue import vocabulary
from catalogue.cases.schemas import OUTCOMES
from catalogue.initiatives.schemas import AUDIT_ACTIONS, INITIATIVE_STATUSES, MILESTONE_KINDS
from catalogue.reviews.schemas import ADJUSTMENTS, RELEVANCE, REVIEW_STATUSES
from web.i18n.catalogues import po_path, translator
from web.i18n.labels import FACET_LABELS, VALUE_LABELS, inline

SLUG = "in-miljoteknologi"
WORD = re.compile(r"[A-Za-zÆØÅæøåÉé]+(?:[_-][A-Za-zÆØÅæøå]+)*")
SKIP = {"script", "style", "template", "code"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in SKIP

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in SKIP and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "\n".join(parser.parts)


def norwegian_words() -> set[str]:
    words: set[str] = set()
    for lang in ("nn", "nb"):
        with po_path(lang).open("rb") as f:
            for m in read_po(f, locale=lang):
                for s in m.string if isinstance(m.string, tuple) else (m.string,):
                    words |= {w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)[sd]", " ", s or ""))}
    return words


def vocabulary_codes() -> set[str]:
    codes: set[str] = set()
    for value in vars(vocabulary).values():
        groups = value.values() if isinstance(value, dict) else [value]
        for group in groups:
            if isinstance(group, tuple) and all(isinstance(x, str) for x in group):
                codes |= set(group)
    return codes


NORWEGIAN = norwegian_words()
# The vocabularies of review items and listening-post cases (issue 18) count as codes too.
RECORD_CODES = {*ADJUSTMENTS, *RELEVANCE, *REVIEW_STATUSES, *OUTCOMES}
CODES = {c for c in vocabulary_codes() | RECORD_CODES if c.lower() not in NORWEGIAN}


def english_labels(lang: str) -> set[str]:
    """Labels (and their in-sentence forms) that read differently in ``lang``, minus Norwegian words."""
    gettext = translator(lang).gettext
    msgids = {*FACET_LABELS.values(), *(m for values in VALUE_LABELS.values() for m in values.values())}
    out = set()
    for msgid in msgids:
        if gettext(msgid) == msgid or {w.lower() for w in WORD.findall(msgid)} <= NORWEGIAN:
            continue
        out |= {msgid, inline(msgid)}
    return out


def stored_texts(engine: Engine) -> list[str]:
    """Every free text in the database (names, notes, conditions: values with a space in them), with and
    without a closing full stop (conditions are quoted without it), longest first."""
    found: set[str] = set()
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        for t in meta.tables.values():
            columns = [c for c in t.columns if isinstance(c.type, sa.String | sa.Text)]
            for row in conn.execute(sa.select(*columns)) if columns else ():
                found |= {v.strip() for v in row if isinstance(v, str) and " " in v.strip()}
    return sorted(found | {v.rstrip(".") for v in found}, key=len, reverse=True)


def without(text: str, data: list[str]) -> str:
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return text


def leaks(text: str, lang: str) -> list[str]:
    found = {w for w in WORD.findall(text) if w in CODES}
    found |= {
        label for label in english_labels(lang) if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text)
    }
    return sorted(found)


@pytest.fixture(scope="module")
def editor(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A logged-in editor of Innovasjon Norge, after one edit (so the history has an entry), one review item
    changed once (so its history names a field) and one listening-post case (so their lists show every
    column)."""
    app = writable_app(seeded_sqlite_url, tmp_path_factory.mktemp("visible"))
    with TestClient(app) as c:
        log_in(c, "in")
        data = edit_form(c, SLUG) | {"name_nn": "Miljøteknologiordninga (retta)"}
        assert c.post(f"/instrumenter/{SLUG}/rediger", data=data, follow_redirects=False).status_code == 303
        _record_review_and_case(c)
        yield c


def _record_review_and_case(c: TestClient) -> None:
    headers = {"X-CSRF-Token": csrf_of(c.get("/gjennomgangar/ny").text)}
    item = {
        "instrument": SLUG,
        "relevance": {"I": "high", "III": "none"},
        "barriers": ["B1"],
        "adjustments": ["open_to_consortia", "pay_coordination_costs"],
        "status": "rejected",
        "reason": "Budsjettet tillèt det ikkje i år.",
        "decided_on": "2026-11-20",
    }
    r = c.post("/api/v1/reviews", json={"version": 0, "review": item}, headers=headers)
    assert r.status_code == 201, r.text
    changed = {"version": r.json()["version"], "review": item | {"adjustment_text": "Felles søknad."}}
    assert c.put(f"/api/v1/reviews/{r.json()['id']}", json=changed, headers=headers).status_code == 200
    case = {
        "county": "46",
        "met_on": "2026-10-02",
        "value_chains": ["offshore_wind"],
        "stage": "pilot",
        "barriers": ["B1", "B8"],
        "attempts": [
            {"instrument": SLUG, "outcome": "not_applied", "reason": "for lite til eit konsortium"},
            {"instrument": None, "outcome": "between_schemes"},
            {"instrument": SLUG, "outcome": "granted"},
        ],
    }
    assert c.post("/api/v1/cases", json={"version": 0, "case": case}, headers=headers).status_code == 201


def page_urls(client: TestClient) -> list[str]:
    """One URL of every page type (a gap detail of every kind of gap; a report of each format)."""
    state = client.app.state.catalogue  # type: ignore[attr-defined]
    from web.analysis import gap_analysis

    findings = gap_analysis(state).findings
    gaps = {f.kind: f"/gap/{f.code}" for f in reversed(findings)}
    county = next(code for code, _ in state.snapshot.counties)
    consortia = [c.slug for c in state.snapshot.consortia]
    return [
        "/",
        "/instrumenter",
        "/instrumenter?value_chain=hydrogen&funding_form=grant&stage=pilot",
        f"/instrumenter/{SLUG}",
        "/instrumenter/fr-ipn",
        "/gap",
        *gaps.values(),
        "/dekning",
        "/dekning/B2",
        "/finansieringsveg",
        *(f"/finansieringsveg/{slug}" for slug in consortia),
        f"/finansieringsveg/{consortia[0]}/utskrift",
        "/progress",
        f"/progress/{county}",
        "/rapportar",
        "/rapportar/KLD.html",
        "/rapportar/KLD.md",
        "/rapportar/ENOVA.html",
        "/rapportar/ENOVA.md",
        f"/instrumenter/{SLUG}/rediger",
        f"/instrumenter/{SLUG}/historikk",
        "/gjennomgangar",
        "/gjennomgangar?department=NFD",
        "/gjennomgangar/ny",
        "/gjennomgangar/1/rediger",
        "/gjennomgangar/1/historikk",
        "/lyttepost",
        "/lyttepost?county=46&start=2026-01-01&end=2026-12-31",
        "/lyttepost/ny",
        "/lyttepost/1/rediger",
        "/lyttepost/1/historikk",
        "/rapportar/NFD.html",
        "/rapportar/NFD.md",
    ]


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_no_code_or_english_label_in_what_a_visitor_reads(editor: TestClient, lang: str) -> None:
    data = stored_texts(editor.app.state.catalogue.engine)  # type: ignore[attr-defined]
    found = {}
    for url in [*page_urls(editor), "/logg-inn"]:
        r = editor.get(url, params={"lang": lang})
        assert r.status_code == 200, url
        text = without(r.text if url.endswith(".md") else visible(r.text), data)
        if leaks(text, lang):
            found[url] = leaks(text, lang)
    assert not found, f"{lang}: codes or English labels shown: {found}"


def test_the_check_sees_a_leak() -> None:
    """The checker itself: a code or an English label in the visible text is found, attributes are not."""
    assert "offshore_wind" in CODES and "grant" in CODES and "pilot" not in CODES and "no" not in CODES
    page = '<p title="offshore_wind">Verdikjede: havvind. <script>x = "grant"</script></p>'
    assert leaks(visible(page), "nn") == []
    assert leaks(visible("<p>verdikjede aquaculture, bioeconomy</p>"), "nn") == ["aquaculture", "bioeconomy"]
    assert leaks(visible("<li>Grant</li>"), "nn") == [N_("Grant")]
    assert leaks(visible("<li>Research and development</li>"), "nb") == ["Research and development"]
    assert leaks(visible("<li>Tilskot, pilot, transport</li>"), "nn") == []


# ---- county initiatives and time and resource plans ----------------------------------------------------

INITIATIVE_CODES = {
    c
    for c in (*INITIATIVE_STATUSES, *MILESTONE_KINDS, *AUDIT_ACTIONS)
    if c.lower() not in NORWEGIAN and c not in ("start",)
}


@pytest.fixture(scope="module")
def county_editor(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A county editor of Vestland after submitting two initiatives, one merged and one proposed by the
    working group, and an overdue milestone; logged in as the county editor again."""
    app, _ = initiatives_app(seeded_sqlite_url, tmp_path_factory.mktemp("visible-initiatives"))
    with TestClient(app) as c:
        h = {"X-CSRF-Token": initiative_log_in(c, "vestland")}
        for title in ("One", "Two"):
            assert (
                c.post("/api/v1/initiatives", json=example_initiative(title=title), headers=h).status_code
                == 201
            )
        milestone = example_milestone(due_on="2020-01-31")
        assert c.post("/api/v1/counties/46/milestones", json=milestone, headers=h).status_code == 201
        h = {"X-CSRF-Token": initiative_log_in(c, "group")}
        assert (
            c.post("/api/v1/initiatives/1/merge", json={"version": 1, "into": 2}, headers=h).status_code
            == 200
        )
        assert (
            c.post("/api/v1/initiatives/2/comments", json={"text": "Good case."}, headers=h).status_code
            == 201
        )
        r = c.post("/api/v1/initiatives/2/proposal", json={"version": 1, "proposed": True}, headers=h)
        assert r.status_code == 200
        yield c


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_no_code_on_the_initiative_pages(county_editor: TestClient, lang: str) -> None:
    data = stored_texts(county_editor.app.state.catalogue.engine)  # type: ignore[attr-defined]
    urls = ["/satsingar", "/satsingar/1", "/satsingar/2", "/satsingar/notat.md", "/progress/46"]
    pages = {
        "group": urls,
        "vestland": [*urls, "/satsingar/ny", "/progress/46/plan/ny", "/progress/46/plan/1"],
    }
    found = {}
    for who, shown in pages.items():
        initiative_log_in(county_editor, who)
        for url in shown:
            r = county_editor.get(url, params={"lang": lang})
            assert r.status_code == 200, url
            text = without(r.text if url.endswith(".md") else visible(r.text), data)
            codes = sorted({w for w in WORD.findall(text) if w in INITIATIVE_CODES})
            if leaks(text, lang) or codes:
                found[f"{who} {url}"] = leaks(text, lang) + codes
    assert not found, f"{lang}: codes or English labels shown: {found}"


@pytest.fixture(scope="module")
def award_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The funded-project pages over Forskningsrådet's real extracts (tests/web/award_helpers.py)."""
    from award_helpers import award_app

    with TestClient(award_app(tmp_path_factory.mktemp("visible-awards"))) as c:
        yield c


AWARD_URLS = [
    "/tildelingar",
    "/tildelingar?funder=FR&outcome=rejected&sector=business",
    "/tildelingar?instrument=none&year=2020",
    "/tildelingar/fr-eu/636146",
    "/tildelingar/fr-soknader/225873",
    "/organisasjonar/919303808",
    "/organisasjonar/fr-soknader:HIOA",
    "/instrumenter/fr-energix",
    "/instrumenter/in-miljoteknologi",
    "/symbiosar/sirkular-solor-hub",
]


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_no_code_or_english_label_on_the_funded_project_pages(award_client: TestClient, lang: str) -> None:
    data = stored_texts(award_client.app.state.catalogue.engine)  # type: ignore[attr-defined]
    found = {}
    for url in AWARD_URLS:
        r = award_client.get(url, params={"lang": lang})
        assert r.status_code == 200, url
        text = without(visible(r.text), data)
        if leaks(text, lang):
            found[url] = leaks(text, lang)
    assert not found, f"{lang}: codes or English labels shown: {found}"
