"""Report strings in nynorsk, bokmål and English: the gettext domain ``reports``.

Message ids are English; the catalogues are ``web/locale/<lang>/LC_MESSAGES/reports.po``, compiled in
memory on first use exactly like the interface's ``messages`` domain (``web/i18n/catalogues.py``). Vocabulary labels
(types, applicants, stages, value chains, agencies) come from ``web.i18n.labels.Labeller``; the consortium needs
and severity bands are in ``web/reports/labels.py``. The marker ``RN_`` (not ``N_``) and the call names
``t(...)``/``v.t(...)`` keep these strings out of the interface's ``messages`` catalogue; ``tests/web/
test_report_i18n.py`` checks that every one of them is translated in nn and nb.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from catalogue.instruments.snapshot import CatalogueSnapshot
from web.i18n.catalogues import LOCALE_DIR
from web.i18n.labels import Labeller
from web.reports.labels import COVERAGE_LABELS, NEED_LABELS, SEVERITY_LABELS, label

DOMAIN = "reports"
LANGS = ("nn", "nb", "en")


def RN_(message: str) -> str:  # noqa: N802 - marks a report message for extraction, translated later
    return message


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


class ReportText:
    """Everything a renderer needs to word a report in one language."""

    def __init__(self, lang: str, snapshot: CatalogueSnapshot | None = None) -> None:
        self.lang = lang if lang in LANGS else "nn"
        self._t = translations(self.lang)
        self.labels = Labeller(snapshot or CatalogueSnapshot(instruments=()), self.lang)

    def gettext(self, message: str, **variables: object) -> str:
        text = self._t.gettext(message)
        return text % variables if variables else text

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        return self._t.ngettext(singular, plural, n) % {"num": n, **variables}

    def need(self, code: str) -> str:
        return label(NEED_LABELS, code, self.lang)

    def severity(self, band: str) -> str:
        return label(SEVERITY_LABELS, band, self.lang)

    def coverage(self, status: str) -> str:
        return label(COVERAGE_LABELS, status, self.lang)

    def value(self, facet: str, value: object) -> str:
        return self.labels.value(facet, value)

    def agency(self, code: str) -> str:
        if code == "FK":
            return self.gettext("County authorities")
        return self.labels.value("agency", code)
