"""Interface languages: nynorsk (default), bokmål and English, through Babel gettext catalogues.

The catalogues live in ``web/locale/<lang>/LC_MESSAGES/messages.po``; they are compiled in memory when
first used (``babel.messages``), so a fresh clone works without a build step and no ``.mo`` file can go
stale. Message ids are English. Update the catalogues with ``make messages`` (see docs/web.md).

The language of a request is chosen by ``?lang=``, then the ``lang`` cookie, then ``Accept-Language``,
then nynorsk.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.core import negotiate_locale, parse_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup

LANGS = ("nn", "nb", "en")
DEFAULT_LANG = "nn"
LANG_COOKIE = "lang"
LANG_NAMES = {"nn": "Nynorsk", "nb": "Bokmål", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
ALIASES = {"no": "nb"}  # Accept-Language "no" (Norwegian, no written standard given) reads as bokmål


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of one language (compiled from the .po file once per process)."""
    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain="messages")


class Translator:
    """gettext for one language; ``_("Hello %(name)s", name=x)`` formats with keyword arguments.

    In templates the result is Markup (message texts are ours), and keyword values are escaped.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translations(lang)

    def gettext(self, message: str, **variables: object) -> str:
        text = self._t.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text % {"num": n, **variables}

    def markup_gettext(self, message: str, **variables: object) -> Markup:
        return Markup(self._t.gettext(message)) % variables if variables else Markup(self._t.gettext(message))

    def markup_ngettext(self, singular: str, plural: str, n: int, **variables: object) -> Markup:
        return Markup(self._t.ngettext(singular, plural, n)) % {"num": n, **variables}


@lru_cache(maxsize=len(LANGS))
def translator(lang: str) -> Translator:
    return Translator(lang if lang in LANGS else DEFAULT_LANG)


def _ranked_tags(header: str) -> list[str]:
    """The language tags of an Accept-Language header, best first (q-values, then order); q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for pos, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        key, _, value = params.strip().partition("=")
        try:
            q = float(value) if key.strip() == "q" else 1.0
        except ValueError:
            q = 0.0
        if tag.strip() and q > 0:
            ranked.append((-q, pos, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def from_accept_language(header: str | None) -> str | None:
    """The best of our languages in an Accept-Language header, or None (Babel's locale negotiation;
    plain "no" means bokmål)."""
    if not header:
        return None
    wanted = []
    for tag in _ranked_tags(header):
        try:
            wanted.append(parse_locale(tag, sep="-")[0].lower())
        except ValueError:
            continue  # "*" or a malformed tag
    return negotiate_locale(wanted, LANGS, aliases=ALIASES)


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return from_accept_language(accept_language) or DEFAULT_LANG
